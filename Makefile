# Two commands for a fresh clone (see README); both need Python >= 3.10, Node.js >= 20.19
# (or >= 22.12) and npm:
#   make demo   install what the demo needs (.[lab]), open JupyterLab on a working copy of
#               examples/daily_papers.ipynb
#   make test   install everything (Python, npm, JS build, Debian chromium and pandoc) and run
#               every test
#   make check  the inner loop (<= 2 min on 2 cores): lint, the JS unit tests and the Python unit
#               tests (no browser, no packaging), the Python ones on every core
#   make screenshots   run the browser tests and replace the README's pictures in docs/screenshots
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMPS  := .make
PYTEST_FLAGS ?=

.PHONY: setup build demo test check lint test-js test-python node chromium pandoc screenshots clean

# vite/vitest (the JS tests) and the build need Node ^20.19 || >=22.12: hatch_build.py says so
node:  ## a clear message when npm is missing or Node is too old
	@python3 hatch_build.py

$(PY):  ## a current pip: it resolves the demo's ~120 packages 3x faster than Python's bundled one
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

# npm dependencies: the build's (js/package.json "dependencies": esbuild, @jupyter/builder, the
# bundled libraries) for `make demo`; with the test and lint toolchain ("devDependencies":
# vitest, jsdom, eslint, typescript) for `make test` and `make check`. Each stamp lives in
# node_modules, so deleting node_modules reinstalls.
NPM_BUILD := js/node_modules/.paperwidgets-build
NPM_ALL   := js/node_modules/.paperwidgets-all

$(NPM_BUILD): js/package.json js/package-lock.json | node
	npm --prefix js ci --omit=dev --no-audit --no-fund
	touch $@

$(NPM_ALL): js/package.json js/package-lock.json | node
	npm --prefix js ci --no-audit --no-fund
	touch $@ $(NPM_BUILD)

# the venv's JupyterLab loads the extension from this clone (once the venv has JupyterLab), and
# its Jupyter server the server extension (jupyter-config/: notes notebooks saved by the browser
# merge with the file on disk)
SERVER_CONFIG = jupyter_server_config.d/paperwidgets.json
LINK_LABEXTENSION = @if [ -d $(VENV)/share/jupyter/labextensions ]; then rm -rf $(VENV)/share/jupyter/labextensions/paperwidgets && ln -s $(CURDIR)/paperwidgets/labextension $(VENV)/share/jupyter/labextensions/paperwidgets && mkdir -p $(VENV)/etc/jupyter/jupyter_server_config.d && ln -sf $(CURDIR)/jupyter-config/$(SERVER_CONFIG) $(VENV)/etc/jupyter/$(SERVER_CONFIG); fi

build: node $(NPM_BUILD)  ## bundle js/src into paperwidgets/static and paperwidgets/labextension
	npm --prefix js run build
	$(LINK_LABEXTENSION)

# SKIP_JUPYTER_BUILDER: the editable install leaves the JS to `make build`
$(STAMPS)/python: pyproject.toml | $(PY)
	SKIP_JUPYTER_BUILDER=1 $(PY) -m pip install -q -e ".[test]"
	$(LINK_LABEXTENSION)
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/lab

$(STAMPS)/lab: pyproject.toml | $(PY)  ## the demo's needs only: JupyterLab, Notebook, ipywidgets
	SKIP_JUPYTER_BUILDER=1 $(PY) -m pip install -q --no-compile -e ".[lab]"
	$(LINK_LABEXTENSION)
	@mkdir -p $(STAMPS) && touch $@

setup: $(NPM_ALL) build $(STAMPS)/python

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

# the npm install and build run beside the pip install (-j2): a first `make demo` takes < 60 s
demo:  ## --allow-root only when run as root (containers)
	$(MAKE) -j2 build $(STAMPS)/lab $(DEMO)
	$(VENV)/bin/jupyter lab $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(DEMO)

# mypy: --strict on all of paperwidgets/ ([tool.mypy] in pyproject.toml)
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) scripts/house_rules.py
	npm --prefix js run lint

test-js: $(NPM_ALL) build
	npm --prefix js test

test-python: setup chromium pandoc
	$(VENV)/bin/pytest -W ignore::pytest.PytestRemovedIn10Warning $(PYTEST_FLAGS)

test: lint test-js test-python

# the browser tests (marker browser), the packaging tests (marker package) and the few that
# wait 5 s or more on real processes (marker slow) run in `make test` only
check: lint test-js
	$(VENV)/bin/pytest -n auto --dist loadfile -m "not browser and not package and not slow" \
	  -W ignore::pytest.PytestRemovedIn10Warning $(PYTEST_FLAGS)

screenshots: setup chromium  ## the only target that rewrites docs/screenshots/*.png
	PAPERWIDGETS_SCREENSHOTS=1 $(VENV)/bin/pytest -W ignore::pytest.PytestRemovedIn10Warning tests/browser

clean:
	rm -rf $(STAMPS) paperwidgets/static paperwidgets/labextension js/node_modules
