# The README's commands. `make lab` and `make test` each work on a fresh machine: they create
# the virtual environment in .venv (once, and again when pyproject.toml changes) and install.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NB ?= notebooks/02_linear_regression.ipynb
# make lab PORT=8899 ARGS="--no-browser": the port, and further options for jupyter lab (or
# voila, for present; the command line, for cli). Both go through tools/serve, as in the tests.
# make lab-zh opens the Chinese edition (notebooks/zh/) and takes the same options.
PORT ?=
ARGS ?=
SERVE_OPTS = $(if $(PORT),--port=$(PORT)) $(ARGS)

.PHONY: lab lab-zh test present site cli bench lint clean

$(VENV)/.installed-lab: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lab]'
	touch $@

$(VENV)/.installed-site: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[lab,site]'
	touch $@ $(VENV)/.installed-lab

$(VENV)/.installed-test: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed-lab $(VENV)/.installed-site

## Set up and open the series in JupyterLab.
lab: $(VENV)/.installed-lab
	$(BIN)/python tools/serve lab notebooks/00_start_here.ipynb $(SERVE_OPTS)

## The same, opening the Chinese edition (notebooks/zh/) at its start page.
lab-zh: $(VENV)/.installed-lab
	$(BIN)/python tools/serve lab notebooks/zh/00_start_here.ipynb $(SERVE_OPTS)

## Set up and run every test: unit, property, explorer, notebooks (nbval), browser.
## The notebooks of both editions first, two kernels at a time (a notebook's cells in order on one).
## The browser tests need Chromium and, for the Chinese edition, Debian's CJK fonts.
test: $(VENV)/.installed-test
	bash tools/ensure-chromium
	bash tools/ensure-cjk-fonts
	$(BIN)/python -m pytest -n 2 --dist loadscope notebooks
	$(BIN)/python -m pytest tests

## Show one notebook as an app for a classroom (Voila: code hidden, explorers live).
## make present NB=notebooks/02_linear_regression.ipynb
present: $(VENV)/.installed-lab
	$(BIN)/python tools/serve present $(NB) $(SERVE_OPTS)

## Execute every notebook and write a static HTML site (figures, animations) into site/.
site: $(VENV)/.installed-site
	$(BIN)/python tools/build_site.py --out site

## The article's run from the command line (gdlab's CLI): make cli ARGS="--help"
cli: $(VENV)/.installed-lab
	$(BIN)/gdlab $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check gdlab tests benchmarks tools tools/serve

## Every benchmark script; each prints what it measured and exits non-zero when a target is
## missed, and this fails at the end if any did (after running them all).
bench: $(VENV)/.installed-test
	status=0; for f in benchmarks/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || status=1; done; \
	exit $$status

clean:
	rm -rf $(VENV) site .test-run
