# d2l-gan: `make course` builds the whole course, `make test` checks it.
# Everything runs inside .venv, created from Python 3.11 on first use.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
export MPLBACKEND := Agg
# Jupyter kernels run with the venv's python, whatever is first on PATH.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

.PHONY: course test lab install clean python-version

python-version:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null || \
	{ echo "d2l-gan needs Python 3.11 (MXNet 1.9.1 runs on no other); '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing). Run: make PYTHON=/path/to/python3.11 ..." >&2; exit 1; }

$(VENV)/bin/python: | python-version
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(VENV)/bin/python
	@$(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	{ echo "$(VENV) was made with another Python; remove it (make clean) and run make again" >&2; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

course: $(STAMP)
	$(PY) tools/build_course.py notebooks build

test: $(STAMP)
	$(PY) -m pytest --nbval-lax -p no:cacheprovider tests notebooks

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks

clean:
	rm -rf $(VENV) build
