#!/bin/sh
# The course's install, used by `make install` (in its venv) and by every
# notebook's Google Colab cell: the course, editable, with the exact versions
# of LOCK, into the Python that `python` runs; then d2l 1.0.3 without its own
# pins (numpy 1.23.5 has no wheels for Python 3.12 and 3.13; pyproject.toml
# lists what d2l imports). On Python 3.11 pyproject.toml has installed d2l
# already and the second step changes nothing.
# Usage: sh tools/install.sh LOCK [EXTRAS]   e.g. requirements-3.12.lock '[test]'
set -e
cd "$(dirname "$0")/.."
python -m pip install --quiet -c "$1" -e ".$2"
python -m pip install --quiet --no-deps -c "$1" d2l
