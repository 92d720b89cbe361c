"""Google Colab's path, as closely as this machine allows.

Usage: python tools/colab_check.py PYTHON [WORKDIR]

PYTHON is a Python 3.12 or 3.13 (Colab's kind). In a fresh venv of it that
first has numpy 2 (as Colab has), this runs the commands of every notebook's
first cell (tools/colab.py) on this commit, tagged as the cell expects and
served from a local copy instead of GitHub, then executes notebook 02 of the
clone under nbval. Exit status 0 when all of that passed.
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


def check(python, work):
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
    version = subprocess.run(['python', '-c', 'import sys; print("%d.%d" % sys.version_info[:2])'],
                             env=env, check=True, capture_output=True, text=True).stdout.strip()
    lock = f'requirements-{version}.lock'
    for command in colab.install_commands():
        command = (command.replace(colab.repository(), f'file://{remote}')
                   .replace(colab.COLAB_HOME, str(home)).replace('{LOCK}', lock))
        run(['bash', '-c', command], env=env)
    run(['python', '-c', 'import numpy, d2l_gan; assert numpy.__version__ == "1.26.4"'],
        env=env, cwd=work)
    # nbval runs the notebook; it is a test tool, not part of the course's install
    run(['pip', 'install', '--quiet', '-c', home / lock, 'nbval', 'pytest'], env=env)
    run(['python', '-m', 'pytest', '--nbval-lax', '-p', 'no:cacheprovider', '-q',
         'notebooks/en/02_mnist_gan.ipynb'], env=env, cwd=home)


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__.split('\n\n')[1])
    if len(argv) == 3:
        work = Path(argv[2]).resolve()
        work.mkdir(parents=True, exist_ok=True)
        check(argv[1], work)
    else:
        with tempfile.TemporaryDirectory(prefix='colab-') as folder:
            check(argv[1], Path(folder))
    print('colab_check: the Colab cell installed this commit and notebook 02 ran')


if __name__ == '__main__':
    main(sys.argv)
