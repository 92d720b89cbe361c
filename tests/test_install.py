"""The package works when installed as a wheel, away from the repository."""
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import numpy as onp

from d2l_gan.data import load_mnist_sample

ROOT = Path(__file__).resolve().parents[1]


def test_a_wheel_install_finds_its_data_and_evaluates(tmp_path):
    # Build the wheel from a copy (the build leaves build/ and *.egg-info
    # behind) and install it into a throw-away venv. Its dependencies
    # (MXNet, d2l, ...) come from this environment's site-packages, added as
    # a plain path: its editable hook for d2l_gan is a .pth file, which a path
    # added this way does not run, so d2l_gan comes from the wheel alone.
    source = tmp_path / 'source'
    shutil.copytree(ROOT / 'd2l_gan', source / 'd2l_gan',
                    ignore=shutil.ignore_patterns('__pycache__'))
    for name in ('pyproject.toml', 'README.md', 'LICENSE'):
        shutil.copy(ROOT / name, source)
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--quiet', '--no-deps',
                    '--no-build-isolation', '-w', str(tmp_path / 'dist'), str(source)],
                   check=True, capture_output=True)
    wheel, = (tmp_path / 'dist').glob('d2l_gan-*.whl')
    env = tmp_path / 'venv'
    venv.create(env, with_pip=False)
    python = env / 'bin' / 'python'
    site = subprocess.run([python, '-c', 'import sysconfig; print(sysconfig.get_path("purelib"))'],
                          check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run([sys.executable, '-m', 'pip', 'install', '--quiet', '--no-deps',
                    '--target', site, str(wheel)], check=True, capture_output=True)
    Path(site, 'course_dependencies.pth').write_text(sysconfig.get_path('purelib') + '\n')
    # On Python 3.12 and 3.13, setuptools provides MXNet's distutils through a .pth
    # file of its own, which a plain path does not run either: copy that one.
    shim = Path(sysconfig.get_path('purelib'), 'distutils-precedence.pth')
    if sys.version_info >= (3, 12):
        shutil.copy(shim, site)
    images, _ = load_mnist_sample()
    onp.save(tmp_path / 'real.npy', images[:200].astype(onp.float32) / 127.5 - 1)
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONPATH'}  # nothing but the venv
    where = subprocess.run([python, '-c', 'import d2l_gan; print(d2l_gan.__file__)'],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    assert where.stdout.startswith(site), where.stdout
    result = subprocess.run([python, '-m', 'd2l_gan', 'evaluate', 'real.npy'],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert 'classifier-FID' in result.stdout, result.stdout
    assert not (Path(site) / 'd2l_gan' / 'assets' / 'mnist').exists()
