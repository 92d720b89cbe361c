"""Google Colab's path, as closely as this machine allows.

Usage: python tools/colab_check.py PYTHON [WORKDIR]

PYTHON is a Python 3.12 or 3.13 (Colab's kind). In a fresh venv of it that
first has numpy 2 (as Colab has), this runs the commands of every notebook's
first cell (tools/colab.py) on this commit, tagged as the cell expects and
served from a local copy instead of GitHub, checks that the course imports,
then runs `make test-short` in the clone with that venv (which adds the test
tools): the unit tests and notebooks 01 and 02, both languages, under nbval.
Exit status 0 when all of that passed.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import colab  # noqa: E402


def run(command, **kwargs):
    print('+', command if isinstance(command, str) else ' '.join(map(str, command)), flush=True)
    subprocess.run(command, check=True, **kwargs)


VERSION = 'import sys; print("%d.%d" % sys.version_info[:2])'


def colab_python(python):
    """`python`'s version if it is Colab's kind (3.12 or 3.13); else exit, in one line."""
    try:
        version = subprocess.run([python, '-c', VERSION], check=True, capture_output=True,
                                 text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        sys.exit(f'colab_check: {python} does not run as a Python')
    if version not in ('3.12', '3.13'):
        sys.exit(f'colab_check: {python} is Python {version}; Colab runs 3.12 (3.13 also works)')
    return version


def check(python, work):
    version = colab_python(python)
    venv = work / 'venv'
    run([python, '-m', 'venv', venv])
    # the cell's `git config --global` writes into the work folder, not this machine's
    env = dict(os.environ, PATH=f"{venv / 'bin'}:{os.environ['PATH']}", MPLBACKEND='Agg',
               GIT_CONFIG_GLOBAL=str(work / 'gitconfig'))
    env.pop('VIRTUAL_ENV', None)
    run(['pip', 'install', '--quiet', '--disable-pip-version-check', 'numpy>=2,<3'], env=env)
    # This commit, tagged as the cell asks, where the cell's clone will find it.
    remote = work / 'd2l-gan.git'
    run(['git', 'clone', '--quiet', '--bare', colab.ROOT, remote])
    head = subprocess.run(['git', '-C', colab.ROOT, 'rev-parse', 'HEAD'], check=True,
                          capture_output=True, text=True).stdout.strip()
    run(['git', '-C', remote, 'tag', '--force', colab.tag(), head])
    home = work / 'content' / 'd2l-gan'
    lock = f'requirements-{version}.lock'
    for command in colab.install_commands():
        command = (command.replace(colab.repository(), f'file://{remote}')
                   .replace(colab.COLAB_HOME, str(home)).replace('{LOCK}', lock))
        run(['bash', '-c', command], env=env)
    run(['python', '-c', 'import numpy, d2l_gan; assert numpy.__version__ == "1.26.4"'],
        env=env, cwd=work)
    # the Makefile adds the test tools (pytest, nbval) to the venv, then runs them
    run(['make', '-C', home, 'test-short', f'PYTHON={venv}/bin/python', f'VENV={venv}'],
        env=env)


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__.split('\n\n')[1])
    try:
        if len(argv) == 3:
            work = Path(argv[2]).resolve()
            work.mkdir(parents=True, exist_ok=True)
            check(argv[1], work)
        else:
            with tempfile.TemporaryDirectory(prefix='colab-') as folder:
                check(argv[1], Path(folder))
    except subprocess.CalledProcessError as error:
        sys.exit(f'colab_check: a step failed (exit status {error.returncode}); '
                 f'its command is the last line starting with + above')
    print('colab_check: the Colab cell installed this commit; its unit tests and notebooks '
          '01, 02 passed')


if __name__ == '__main__':
    main(sys.argv)
