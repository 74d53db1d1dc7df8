# Two commands for a fresh clone (see README):
#   make demo   install everything, open JupyterLab on a working copy of examples/daily_papers.ipynb
#   make test   install everything (Python, npm, JS build, Debian chromium) and run every test
#   make screenshots   run the browser tests and replace the README's pictures in docs/screenshots
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMPS  := .make
PYTEST_FLAGS ?=

.PHONY: setup build demo test lint test-js test-python chromium screenshots clean

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

js/node_modules/.package-lock.json: js/package.json js/package-lock.json
	npm --prefix js ci --no-audit --no-fund

build: js/node_modules/.package-lock.json  ## bundle js/src into paperwidgets/static and paperwidgets/labextension
	npm --prefix js run build
	@if [ -d $(VENV)/share/jupyter/labextensions ]; then rm -rf $(VENV)/share/jupyter/labextensions/paperwidgets && ln -s $(CURDIR)/paperwidgets/labextension $(VENV)/share/jupyter/labextensions/paperwidgets; fi

$(STAMPS)/python: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[test]"
	@mkdir -p $(STAMPS) && touch $@

setup: build $(STAMPS)/python

chromium:  ## Debian's chromium for the browser tests (Playwright's download does not work here)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium'" >&2; exit 1; fi; }

DEMO := examples/daily_papers-demo.ipynb

$(DEMO):  ## an ignored working copy, so the demo never changes the tracked example
	cp examples/daily_papers.ipynb $@

demo: setup $(DEMO)  ## --allow-root only when run as root (containers)
	$(VENV)/bin/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(DEMO)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-js: build
	npm --prefix js test

test-python: setup chromium
	$(VENV)/bin/pytest -W ignore::pytest.PytestRemovedIn10Warning $(PYTEST_FLAGS)

test: lint test-js test-python

screenshots: setup chromium  ## the only target that rewrites docs/screenshots/*.png
	PAPERWIDGETS_SCREENSHOTS=1 $(VENV)/bin/pytest -W ignore::pytest.PytestRemovedIn10Warning tests/browser -k lab

clean:
	rm -rf $(STAMPS) paperwidgets/static js/node_modules
