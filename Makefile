# The README's commands. `make lab` and `make test` each work on a fresh machine: they create
# the virtual environment in .venv (once, and again when pyproject.toml changes) and install.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NB ?= notebooks/02_linear_regression.ipynb

.PHONY: lab test present site bench lint clean

$(VENV)/.installed-lab: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	touch $@

$(VENV)/.installed-test: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-lab

## Set up and open the series in JupyterLab.
lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb

## Set up and run every test: unit, property, explorer, notebooks (nbval), browser.
test: $(VENV)/.installed-test
	bash tools/ensure-chromium
	$(BIN)/python -m pytest

## Show one notebook as an app for a classroom (Voila: code hidden, explorers live).
## make present NB=notebooks/02_linear_regression.ipynb
present: $(VENV)/.installed-lab
	$(BIN)/python tools/present $(NB)

## Execute every notebook and write a static HTML site (figures, animations) into site/.
site: $(VENV)/.installed-lab
	$(BIN)/python tools/build_site.py --out site

lint: $(VENV)/.installed-test
	$(BIN)/ruff check gdlab tests benchmarks tools

## Every benchmark script; each prints what it measured and exits non-zero when a target is
## missed, and this fails at the end if any did (after running them all).
bench: $(VENV)/.installed-test
	status=0; for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || status=1; done; \
	exit $$status

clean:
	rm -rf $(VENV) site .test-run
