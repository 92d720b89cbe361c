"""The environment is written down once (pyproject.toml); conda must follow it."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def load_pyproject():
    return tomllib.loads((ROOT / 'pyproject.toml').read_text())


def test_environment_yml_installs_the_pyproject_pins():
    env = yaml.safe_load((ROOT / 'environment.yml').read_text())
    deps = env['dependencies']
    conda_python = [d for d in deps if isinstance(d, str) and d.startswith('python')]
    assert conda_python == ['python=3.11'], conda_python
    pip_section = [d['pip'] for d in deps if isinstance(d, dict)]
    assert len(pip_section) == 1
    # pip installs this project, so every Python package comes from pyproject;
    # any package named here as well would be a second, drifting copy of a pin.
    assert pip_section[0] == ['-c requirements.lock', '-e ".[test]"'], pip_section


def read_lock():
    """{package name (normalised): version} from requirements.lock."""
    pins = {}
    for line in (ROOT / 'requirements.lock').read_text().splitlines():
        if line and not line.startswith('#'):
            name, version = line.split('==')
            pins[normalise(name)] = version
    return pins


def normalise(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def test_the_lock_holds_every_pin_of_pyproject():
    lock = read_lock()
    project = load_pyproject()['project']
    for dep in project['dependencies'] + project['optional-dependencies']['test']:
        name, spec = re.match(r'([A-Za-z0-9_.-]+)(.*)', dep).groups()
        assert normalise(name) in lock, f'{name} is not in requirements.lock: make lock'
        if spec.startswith('=='):
            assert lock[normalise(name)] == spec[2:], name


def test_the_installed_packages_are_exactly_the_lock():
    """What CI ran is what requirements.lock says, package by package."""
    import sysconfig
    from importlib.metadata import distributions
    # the venv's own folders: setuptools puts the packages it vendors on sys.path
    folders = sorted({sysconfig.get_path('purelib'), sysconfig.get_path('platlib')})
    installed = {normalise(d.metadata['Name']): d.version
                 for d in distributions(path=folders)}
    installed.pop('d2l-gan')
    assert installed == read_lock()


def test_python_version_agrees_everywhere():
    requires = load_pyproject()['project']['requires-python']
    assert requires == '>=3.11,<3.12'
    makefile = (ROOT / 'Makefile').read_text()
    assert 'sys.version_info[:2] != (3, 11)' in makefile
    assert sys.version_info[:2] == (3, 11)


def test_known_traps_are_pinned():
    deps = load_pyproject()['project']['dependencies']
    pins = dict(re.match(r'([A-Za-z0-9_.-]+)(.*)', d).groups() for d in deps)
    assert pins['mxnet'] == '==1.9.1'
    assert pins['numpy'] == '==1.23.5'      # MXNet 1.9.1 breaks on numpy >= 1.24
    assert '<9' in pins['ipython']          # IPython 9 breaks matplotlib 3.7.2


def test_installed_versions_match_the_pins():
    from importlib.metadata import version
    deps = load_pyproject()['project']['dependencies']
    for dep in deps:
        name, spec = re.match(r'([A-Za-z0-9_.-]+)(.*)', dep).groups()
        if spec.startswith('=='):
            assert version(name) == spec[2:], name


def test_other_python_gets_one_clear_line(tmp_path):
    fake = tmp_path / 'python3.12'
    fake.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Python 3.12.1"; '
                    'exit 0; fi\nexit 1\n')
    fake.chmod(0o755)
    result = subprocess.run(['make', '-s', '-C', str(ROOT), 'python-version',
                             f'PYTHON={fake}'], capture_output=True, text=True)
    assert result.returncode != 0
    lines = [l for l in result.stderr.splitlines() if not l.startswith('make')]
    assert len(lines) == 1, result.stderr
    assert 'needs Python 3.11' in lines[0] and 'Python 3.12.1' in lines[0]


def test_the_readme_opens_with_the_two_set_up_commands():
    first = (ROOT / 'README.md').read_text().splitlines()[:20]
    commands = [line.split('#')[0].strip() for line in first if line.startswith('make ')]
    assert commands == ['make install', 'make lab'], first
    makefile = (ROOT / 'Makefile').read_text()
    assert all(f'\n{c.split()[1]}:' in makefile for c in commands)
