"""Google Colab: every notebook's first code cell installs the course there,
and imports d2l_gan.compat (before MXNet) everywhere."""
import importlib.util
import os
import subprocess
import sys
import types
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location('colab', ROOT / 'tools' / 'colab.py')
colab = importlib.util.module_from_spec(spec)
spec.loader.exec_module(colab)
NOTEBOOKS = list(colab.notebooks())


@pytest.mark.parametrize('lang, name, path', NOTEBOOKS, ids=[f'{l}/{n}' for l, n, _ in NOTEBOOKS])
def test_the_first_code_cell_is_the_colab_cell(lang, name, path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == 'code')
    assert first.source == colab.setup_cell(lang, name), 'run: python tools/colab.py'
    assert not first.outputs, 'outside Colab the cell prints nothing'


class Shell:
    """Stands in for IPython: records the `!` commands and `%cd` the cell runs."""

    def __init__(self, namespace):
        self.namespace, self.commands, self.folders = namespace, [], []

    def system(self, command):
        self.commands.append(command.format(**self.namespace))

    def run_line_magic(self, magic, argument):
        assert magic == 'cd'
        self.folders.append(argument)


def run_cell(source, installed, monkeypatch):
    monkeypatch.setitem(sys.modules, 'google.colab', types.ModuleType('google.colab'))
    monkeypatch.setattr(os.path, 'isdir', lambda path: installed)
    namespace = {}
    shell = Shell(namespace)
    namespace['get_ipython'] = lambda: shell
    code = TransformerManager().transform_cell(source)
    try:
        exec(compile(code, 'cell', 'exec'), namespace)
        stopped = False
    except SystemExit as stop:
        stopped = 'Restart the session' in str(stop)
    return shell, stopped


def test_on_colab_the_cell_installs_once_then_asks_for_a_restart(monkeypatch):
    source = colab.setup_cell('en', 'solutions/02_solutions.ipynb')
    shell, stopped = run_cell(source, installed=False, monkeypatch=monkeypatch)
    assert stopped and not shell.folders
    _, clone, install = shell.commands
    assert clone.startswith('git clone') and f'-b {colab.tag()} ' in clone
    lock = f'requirements-{sys.version_info[0]}.{sys.version_info[1]}.lock'
    assert install == f'sh {colab.COLAB_HOME}/tools/install.sh {lock}'
    assert (ROOT / lock).exists()


@pytest.mark.parametrize('pip_fails', [False, True])
def test_install_script_installs_the_course_then_d2l_without_pins(pip_fails, tmp_path):
    """tools/install.sh, run with a stand-in `python` that records its arguments."""
    bin_dir, calls = tmp_path / 'bin', tmp_path / 'calls'
    bin_dir.mkdir()
    (bin_dir / 'python').write_text(f'#!/bin/sh\necho "$@" >> {calls}\nexit {int(pip_fails)}\n')
    (bin_dir / 'python').chmod(0o755)
    done = subprocess.run(['sh', str(ROOT / 'tools' / 'install.sh'), 'requirements-3.12.lock',
                           '[test]'], env=dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}"))
    lines = calls.read_text().splitlines()
    if pip_fails:  # the first failure stops it
        assert done.returncode != 0 and len(lines) == 1
    else:
        assert done.returncode == 0
        assert lines == ['-m pip install --quiet -c requirements-3.12.lock -e .[test]',
                         '-m pip install --quiet --no-deps -c requirements-3.12.lock d2l']


def test_after_the_restart_the_cell_goes_to_the_notebooks_folder(monkeypatch):
    source = colab.setup_cell('tr', 'solutions/02_solutions.ipynb')
    shell, stopped = run_cell(source, installed=True, monkeypatch=monkeypatch)
    assert not stopped and not shell.commands
    folder, = shell.folders
    local = ROOT / Path(folder).relative_to(colab.COLAB_HOME)
    assert (local / '02_solutions.ipynb').exists()


def test_each_colab_link_opens_the_tagged_notebook():
    link = colab.colab_link('tr', '04_dcgan.ipynb')
    assert link.startswith('https://colab.research.google.com/github/')
    assert link.endswith(f'/blob/{colab.tag()}/notebooks/tr/04_dcgan.ipynb')
    assert (ROOT / 'notebooks' / 'tr' / '04_dcgan.ipynb').exists()


@pytest.mark.parametrize('lang', ['en', 'tr'])
def test_the_index_and_the_readme_open_every_notebook_in_colab(lang):
    index = nbformat.read(ROOT / 'notebooks' / lang / '00_index.ipynb', as_version=4)
    prose = '\n'.join(c.source for c in index.cells if c.cell_type == 'markdown')
    readme = (ROOT / 'README.md').read_text()
    for _, name, _ in (n for n in NOTEBOOKS if n[0] == lang):
        assert colab.colab_link(lang, name) in prose, name
        assert colab.colab_link(lang, name) in readme, name



@pytest.mark.parametrize('version', [None, '3.10'])
def test_colab_check_refuses_what_is_not_colabs_python_in_one_line(version, tmp_path):
    """A missing interpreter, or one of another version, is refused before any work."""
    python = tmp_path / 'python'
    if version:  # a stand-in interpreter that reports this version
        python.write_text(f'#!/bin/sh\necho {version}\n')
        python.chmod(0o755)
    work = tmp_path / 'work'
    done = subprocess.run([sys.executable, str(ROOT / 'tools' / 'colab_check.py'), str(python),
                           str(work)], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.startswith('colab_check: ') and done.stderr.count('\n') == 1
    assert (version or 'does not run') in done.stderr
    assert list(work.iterdir()) == []
