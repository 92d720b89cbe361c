"""The first code cell of every notebook: the course on Google Colab.

Usage: python tools/colab.py   (writes that cell into every notebook, en and tr)

On Colab the cell fetches this version of the course (tag v<version> of the
repository pyproject.toml names, data included), installs it with the lock of
Colab's Python, stops, and asks for one restart of the session: Colab has
numpy 2 loaded, and MXNet 1.9.1 needs numpy 1.26.4. Run again, it changes into
the notebook's folder. Everywhere it imports d2l_gan.compat before any cell
imports MXNet. tests/test_colab.py checks each notebook has the cell as
written here; tools/colab_check.py runs its commands in a venv made like Colab's.
"""
import json
import sys
import tomllib
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLAB_HOME = '/content/d2l-gan'
COMMENT = {
    'en': ('# Google Colab only: fetch this version of the course and install it with\n'
           '# its locked versions, then restart the session once (Runtime > Restart\n'
           '# session) and run the notebook again. Elsewhere, and after that, this cell\n'
           '# only lets MXNet 1.9.1 import on Python 3.12 and 3.13 (d2l_gan.compat).\n'),
    'tr': ('# Yalnızca Google Colab’da: kursun bu sürümünü indirir ve sabitlenmiş\n'
           '# sürümleriyle kurar; ardından oturumu bir kez yeniden başlatın (Çalışma zamanı >\n'
           '# Oturumu yeniden başlat) ve not defterini yeniden çalıştırın. Başka yerlerde ve\n'
           '# o andan sonra bu hücre yalnızca MXNet 1.9.1’in Python 3.12 ve 3.13’te\n'
           '# yüklenmesini sağlar (d2l_gan.compat).\n'),
}
RESTART = ["'Restart the session (Runtime > Restart session), then run the notebook '",
           "'again. / Oturumu yeniden başlatın (Çalışma zamanı > Oturumu yeniden başlat), '",
           "'sonra not defterini yeniden çalıştırın.'"]


def project():
    return tomllib.loads((ROOT / 'pyproject.toml').read_text())['project']


def tag():
    """The git tag that a release of this version carries, and Colab clones."""
    return f"v{project()['version']}"


def repository():
    return project()['urls']['Repository']


def colab_link(lang, name):
    """The address that opens notebook `name` (e.g. 'solutions/02_solutions.ipynb') in Colab."""
    github = repository().removeprefix('https://github.com/')
    return (f'https://colab.research.google.com/github/{github}/blob/{tag()}/'
            f'notebooks/{lang}/{name}')


def install_commands():
    """The shell commands the cell runs on Colab, in order."""
    return ['git config --global advice.detachedHead false',  # a tag is checked out
            f'git clone -q --depth 1 -b {tag()} {repository()} {COLAB_HOME}',
            f'sh {COLAB_HOME}/tools/install.sh {{LOCK}}']  # as `make install` does


def setup_cell(lang, name):
    """The source of the first code cell of notebook `name` in language `lang`."""
    folder = str(Path(COLAB_HOME, 'notebooks', lang, name).parent)
    shell = ''.join(f'    !{command}\n' for command in install_commands())
    return (COMMENT[lang]
            + 'import os\nimport sys\n\n'
            + f"if 'google.colab' in sys.modules and not os.path.isdir('{COLAB_HOME}'):\n"
            + "    LOCK = f'requirements-{sys.version_info[0]}.{sys.version_info[1]}.lock'\n"
            + shell
            + '    raise SystemExit(' + '\n                     '.join(RESTART) + ')\n'
            + "if 'google.colab' in sys.modules:\n"
            + f'    %cd {folder}\n'
            + 'import d2l_gan.compat  # noqa: F401\n')


def notebooks():
    """(lang, name, path) of every notebook of the course."""
    for lang in ('en', 'tr'):
        folder = ROOT / 'notebooks' / lang
        for path in sorted(folder.glob('*.ipynb')) + sorted(folder.glob('solutions/*.ipynb')):
            yield lang, path.relative_to(folder).as_posix(), path


def is_setup_cell(cell):
    return cell['cell_type'] == 'code' and 'google.colab' in ''.join(cell['source'])


def write_setup_cells():
    """Put the cell first in every notebook, or bring it up to date there."""
    for lang, name, path in notebooks():
        nb = json.loads(path.read_text())  # as saved: sources as lists of lines
        source = setup_cell(lang, name).splitlines(keepends=True)
        found = [c for c in nb['cells'] if is_setup_cell(c)]
        if found:
            found[0]['source'] = source
        else:
            first = next(i for i, c in enumerate(nb['cells']) if c['cell_type'] == 'code')
            nb['cells'].insert(first, {'cell_type': 'code', 'execution_count': None,
                                       'id': uuid.uuid4().hex[:8], 'metadata': {},
                                       'outputs': [], 'source': source})
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    if len(sys.argv) != 1:
        sys.exit(__doc__.split('\n\n')[1])
    write_setup_cells()
