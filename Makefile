# d2l-gan: `make course` builds the whole course, `make test` checks it.
# Everything runs inside .venv, created from Python 3.11 on first use, with
# the exact versions of requirements.lock (`make lock` writes it anew).

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)
LINTED := d2l_gan tests benchmarks tools notebooks conftest.py
export MPLBACKEND := Agg
# Jupyter kernels run with the venv's python, whatever is first on PATH.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: course test unit lint lab install lock clean python-version bench-peer

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || \
	{ echo "d2l-gan needs Python 3.11 (MXNet 1.9.1 runs on no other); '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing). Run: make PYTHON=/path/to/python3.11 ..." >&2; exit 1; }

$(VENV)/bin/python: | python-version
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(VENV)/bin/python
	@$(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	{ echo "$(VENV) was made with another Python; remove it (make clean) and run make again" >&2; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test]"
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

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks

# The exact versions of everything the course installs, resolved afresh from
# pyproject.toml in a throw-away venv; commit the result with what it fixes.
lock: | python-version
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e ".[test]"
	{ echo "# Written by 'make lock' from pyproject.toml with Python 3.11; installed by 'make install'."; \
	  .lock-venv/bin/python -m pip freeze --all --exclude-editable; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) build

# TensorFlow beside the course (benchmarks/peer_tf.py), in a venv of its own.
.venv-tf/bin/python: | python-version
	$(PYTHON) -m venv .venv-tf
	.venv-tf/bin/python -m pip install --quiet tensorflow-cpu==2.21.0

bench-peer: $(STAMP) .venv-tf/bin/python
	$(PY) benchmarks/peer_tf.py
