"""The environment is written down once (pyproject.toml); conda must follow it.
Each supported Python (3.11, 3.12, 3.13) has its lock, requirements-3.X.lock."""
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ['3.11', '3.12', '3.13']
RUNNING = f'{sys.version_info[0]}.{sys.version_info[1]}'


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
    assert pip_section[0] == ['-c requirements-3.11.lock', '-e ".[test]"'], pip_section


def read_lock(version=RUNNING):
    """{package name (normalised): version} from requirements-<version>.lock."""
    pins = {}
    for line in (ROOT / f'requirements-{version}.lock').read_text().splitlines():
        if line and not line.startswith('#'):
            name, version = line.split('==')
            pins[normalise(name)] = version
    return pins


def normalise(name):
    return re.sub(r'[-_.]+', '-', name).lower()


def requirements(version):
    """pyproject's requirements that apply on Python `version`."""
    project = load_pyproject()['project']
    found = [Requirement(dep) for dep in
             project['dependencies'] + project['optional-dependencies']['test']]
    return [r for r in found if r.marker is None
            or r.marker.evaluate({'python_version': version, 'python_full_version': version})]


@pytest.mark.parametrize('version', VERSIONS)
def test_each_lock_satisfies_pyproject_on_its_python(version):
    lock = read_lock(version)
    for requirement in requirements(version):
        name = normalise(requirement.name)
        assert name in lock, f'{name} is not in requirements-{version}.lock: make lock'
        assert requirement.specifier.contains(lock[name]), (name, lock[name])


def test_every_lock_has_the_same_mxnet_and_d2l():
    """d2l is installed without its pins on 3.12 and 3.13, at 3.11's version."""
    locks = [read_lock(version) for version in VERSIONS]
    for name in ('mxnet', 'd2l'):
        assert len({lock[name] for lock in locks}) == 1, name


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
    from packaging.specifiers import SpecifierSet
    requires = SpecifierSet(load_pyproject()['project']['requires-python'])
    assert [v for v in ['3.10', *VERSIONS, '3.14'] if v in requires] == VERSIONS
    makefile = (ROOT / 'Makefile').read_text()
    assert 'not in [(3, 11), (3, 12), (3, 13)]' in makefile
    assert sorted(p.name for p in ROOT.glob('requirements*.lock')) == \
        [f'requirements-{v}.lock' for v in VERSIONS]
    assert RUNNING in VERSIONS


@pytest.mark.parametrize('version', VERSIONS)
def test_known_traps_are_pinned(version):
    pins = {r.name: str(r.specifier) for r in requirements(version)}
    assert pins['mxnet'] == '==1.9.1'
    # MXNet 1.9.1 breaks on numpy >= 1.24 unless d2l_gan.compat restores numpy.bool,
    # and on numpy 2 whatever is done; numpy 1.23.5 has no wheels for 3.12 and 3.13
    assert pins['numpy'] == ('==1.23.5' if version == '3.11' else '==1.26.4')
    assert '<9' in pins['ipython']          # IPython 9 breaks matplotlib 3.7.2
    if version != '3.11':                   # MXNet imports distutils, gone in 3.12
        assert 'setuptools' in pins and 'd2l' not in pins


def test_installed_versions_match_the_pins():
    from importlib.metadata import version
    for requirement in requirements(RUNNING):
        assert requirement.specifier.contains(version(requirement.name)), requirement.name
    assert version('d2l') == read_lock()['d2l']


def test_other_python_gets_one_clear_line(tmp_path):
    fake = tmp_path / 'python3.10'
    fake.write_text('#!/bin/sh\nif [ "$1" = "--version" ]; then echo "Python 3.10.13"; '
                    'exit 0; fi\nexit 1\n')
    fake.chmod(0o755)
    result = subprocess.run(['make', '-s', '-C', str(ROOT), 'python-version',
                             f'PYTHON={fake}'], capture_output=True, text=True)
    assert result.returncode != 0
    lines = [l for l in result.stderr.splitlines() if not l.startswith('make')]
    assert len(lines) == 1, result.stderr
    assert 'needs Python 3.11, 3.12 or 3.13' in lines[0] and 'Python 3.10.13' in lines[0]


def test_the_readme_opens_with_the_two_set_up_commands():
    first = (ROOT / 'README.md').read_text().splitlines()[:20]
    commands = [line.split('#')[0].strip() for line in first if line.startswith('make ')]
    assert commands == ['make install', 'make lab'], first
    makefile = (ROOT / 'Makefile').read_text()
    assert all(f'\n{c.split()[1]}:' in makefile for c in commands)
