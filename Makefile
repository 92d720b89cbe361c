# d2l-gan: `make course` builds the whole course, `make test` checks it.
# Everything runs inside a venv created on first use from $(PYTHON) (3.11, 3.12
# or 3.13), with the exact versions of that Python's requirements-3.X.lock
# (`make lock` writes it anew): .venv for Python 3.11, .venv-3.X for the others.

PYTHON ?= python3.11
PYVER  := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
VENV   := .venv$(if $(filter 3.11,$(PYVER)),,-$(PYVER))
LOCK   := requirements-$(PYVER).lock
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) 2>/dev/null | cksum | cut -d' ' -f1)
LINTED := d2l_gan tests benchmarks tools notebooks conftest.py
export MPLBACKEND := Agg
# Jupyter kernels run with the venv's python, whatever is first on PATH.
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: course test test-short unit lint lab install lock clean python-version bench-peer

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] not in [(3, 11), (3, 12), (3, 13)])' 2>/dev/null || \
	{ echo "d2l-gan needs Python 3.11, 3.12 or 3.13 (it has a lock for each); '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing). Run: make PYTHON=/path/to/python3.12 ..." >&2; exit 1; }

$(VENV)/bin/python: | python-version
	$(PYTHON) -m venv $(VENV)

# tools/install.sh: the same install as the notebooks' Colab cell (`python` is
# the venv's: PATH above).
$(STAMP): pyproject.toml $(LOCK) tools/install.sh | $(VENV)/bin/python
	@$(PY) -c 'import sys; sys.exit("%d.%d" % sys.version_info[:2] != "$(PYVER)")' || \
	{ echo "$(VENV) was made with another Python; remove it (make clean) and run make again" >&2; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -c $(LOCK) pip
	sh tools/install.sh $(LOCK) '[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

course: $(STAMP)
	$(PY) tools/build_course.py notebooks build

lint: $(STAMP)
	$(VENV)/bin/ruff check $(LINTED)

unit: $(STAMP)
	$(PY) -m pytest -p no:cacheprovider tests

# Two pytest workers: a notebook keeps one core busy most of the time, and
# loadscope keeps each notebook's cells in order on one worker. Work is handed
# out in collection order (no reordering by item count): conftest.py puts the
# longest notebooks first, so no worker waits alone for a long one at the end.
# conftest.py also shortens the notebooks' training epochs (README, "Shortened
# trainings in the suite");
# the ten slowest items are listed at the end.
test: lint
	$(PY) -m pytest --nbval-lax -p no:cacheprovider -n 2 --dist loadscope --no-loadscope-reorder \
		--durations=10 tests notebooks

# What .ci/run checks on Python 3.12 and 3.13 (the full suite runs on 3.11):
# the unit tests and notebooks 01 and 02, in both languages. On 3.12 it runs
# in the venv that tools/colab_check.py installs as Colab does (VENV=...).
test-short: $(STAMP)
	$(PY) -m pytest --nbval-lax -p no:cacheprovider -n 2 --dist loadscope --no-loadscope-reorder \
		--durations=5 tests notebooks/en/01_gaussian_gan.ipynb notebooks/tr/01_gaussian_gan.ipynb \
		notebooks/en/02_mnist_gan.ipynb notebooks/tr/02_mnist_gan.ipynb

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks

# The exact versions of everything the course installs on $(PYTHON), resolved
# afresh from pyproject.toml in a throw-away venv; commit the result with what
# it fixes. d2l's version is the one requirements-3.11.lock holds.
lock: | python-version
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e ".[test]"
	.lock-venv/bin/python -m pip install --quiet --no-deps -c requirements-3.11.lock d2l
	{ echo "# Written by 'make lock' from pyproject.toml with Python $(PYVER); installed by 'make install'."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable; } > $(LOCK).tmp
	mv $(LOCK).tmp $(LOCK)
	rm -rf .lock-venv

clean:
	rm -rf .venv .venv-3.* build

# TensorFlow beside the course (benchmarks/peer_tf.py), in a venv of its own.
.venv-tf/bin/python: | python-version
	$(PYTHON) -m venv .venv-tf
	.venv-tf/bin/python -m pip install --quiet tensorflow-cpu==2.21.0

bench-peer: $(STAMP) .venv-tf/bin/python
	$(PY) benchmarks/peer_tf.py
