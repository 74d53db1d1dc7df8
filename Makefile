# Two commands for a fresh clone (see README); both need Python >= 3.10, Node.js >= 20.19
# (or >= 22.12) and npm:
#   make demo   install what the demo needs (.[lab]), open JupyterLab on a working copy of
#               examples/daily_papers.ipynb
#   make test   install everything (Python, npm, JS build, Debian chromium and pandoc) and run
#               every test
#   make screenshots   run the browser tests and replace the README's pictures in docs/screenshots
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMPS  := .make
PYTEST_FLAGS ?=

.PHONY: setup build demo test lint test-js test-python node chromium pandoc screenshots clean

# vite/vitest (the JS tests) and the build need Node ^20.19 || >=22.12
NODE_OK := 'const [a, b] = process.versions.node.split(".").map(Number);\
  process.exit((a === 20 && b >= 19) || (a === 22 && b >= 12) || a >= 23 ? 0 : 1)'

node:  ## a clear message when npm is missing or Node is too old
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: paperwidgets builds its widget code \
	with Node.js >= 20.19 (or >= 22.12) and npm. Install them (https://nodejs.org, or your \
	distribution's nodejs and npm packages if new enough) and run make again." >&2; exit 1; }
	@node -e $(NODE_OK) || { echo "Node.js $$(node --version) is too old: paperwidgets needs \
	Node.js >= 20.19 or >= 22.12 (vite and vitest require it)." >&2; exit 1; }

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

js/node_modules/.package-lock.json: js/package.json js/package-lock.json | node
	npm --prefix js ci --no-audit --no-fund

# the venv's JupyterLab loads the extension from this clone (once the venv has JupyterLab)
LINK_LABEXTENSION = @if [ -d $(VENV)/share/jupyter/labextensions ]; then rm -rf $(VENV)/share/jupyter/labextensions/paperwidgets && ln -s $(CURDIR)/paperwidgets/labextension $(VENV)/share/jupyter/labextensions/paperwidgets; fi

build: node js/node_modules/.package-lock.json  ## bundle js/src into paperwidgets/static and paperwidgets/labextension
	npm --prefix js run build
	$(LINK_LABEXTENSION)

$(STAMPS)/python: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[test]"
	$(LINK_LABEXTENSION)
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/lab

$(STAMPS)/lab: pyproject.toml | $(PY)  ## the demo's needs only: JupyterLab, Notebook, ipywidgets
	$(PY) -m pip install -q -e ".[lab]"
	$(LINK_LABEXTENSION)
	@mkdir -p $(STAMPS) && touch $@

setup: build $(STAMPS)/python

# $(call debian,COMMAND,PACKAGE): Debian's package when COMMAND is missing (as root), else say so
debian = @command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2); \
	  else echo "$(1) is missing: run 'sudo apt-get install $(2)'" >&2; exit 1; fi; }

chromium:  ## Debian's chromium for the browser tests (Playwright's download does not work here)
	$(call debian,chromium,chromium)

pandoc:  ## Debian's pandoc: the .bib export is checked through pandoc --citeproc
	$(call debian,pandoc,pandoc)

DEMO := examples/daily_papers-demo.ipynb

$(DEMO):  ## an ignored working copy, so the demo never changes the tracked example
	cp examples/daily_papers.ipynb $@

demo: build $(STAMPS)/lab $(DEMO)  ## --allow-root only when run as root (containers)
	$(VENV)/bin/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(DEMO)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) scripts/house_rules.py
	npm --prefix js run lint

test-js: build
	npm --prefix js test

test-python: setup chromium pandoc
	$(VENV)/bin/pytest -W ignore::pytest.PytestRemovedIn10Warning $(PYTEST_FLAGS)

test: lint test-js test-python

screenshots: setup chromium  ## the only target that rewrites docs/screenshots/*.png
	PAPERWIDGETS_SCREENSHOTS=1 $(VENV)/bin/pytest -W ignore::pytest.PytestRemovedIn10Warning tests/browser

clean:
	rm -rf $(STAMPS) paperwidgets/static paperwidgets/labextension js/node_modules
