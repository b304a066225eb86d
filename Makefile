# Two entry points for a fresh machine with Python 3.11+: `make html` and `make test`.
# Each creates .venv and installs what it needs (pinned) before running.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR   ?= _build

.PHONY: html check test clean live

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The editable install of _ext/talkdeck (see pyproject.toml) is what makes `python -m talkdeck` work.
$(VENV)/.site-deps: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $@

$(VENV)/.test-deps: requirements.txt requirements-test.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $@ $(VENV)/.site-deps

## Build the site strictly into _build/html.
html: $(VENV)/.site-deps
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html . $(BUILDDIR)/html

## Check talk and event pages as the build would, in well under a second: every page under
## talks/, or only the ones named (make check FILES=talks/my-event/my-talk.md).
check: $(VENV)/.site-deps
	$(BIN)/talkdeck check $(FILES)

# The Nu HTML Checker, Lighthouse and axe-core for tests/test_vnu.py and tests/browser, as
# package-lock.json pins them (npm writes the hidden lockfile last). Without npm (or Java, or
# Chromium) those tests are skipped, and pytest's summary says why; in CI (.ci/run) they fail.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: the Nu HTML Checker, Lighthouse and axe tests will be skipped"; fi

## Run the whole test suite (browser tests need /usr/bin/chromium: apt-get install chromium).
test: $(VENV)/.test-deps node_modules/.package-lock.json
	$(BIN)/python -m pytest $(PYTESTOPTS)

$(VENV)/.dev-deps: requirements-dev.txt requirements-live.txt $(VENV)/.test-deps
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.live-deps

# What `make live` needs: the site and sphinx-autobuild, not the test stack.
$(VENV)/.live-deps: requirements.txt requirements-live.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-live.txt
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $@ $(VENV)/.site-deps

## Serve the site at http://127.0.0.1:$(LIVEPORT) while you edit: rebuilds on every save and
## reloads the page. Not strict, so a half-typed page still shows; `make html` is the gate.
LIVEPORT ?= 8000
live: $(VENV)/.live-deps
	$(BIN)/sphinx-autobuild -n --port $(LIVEPORT) --ignore _build --ignore tests --ignore benchmarks \
		--re-ignore '/__pycache__/' . $(BUILDDIR)/live

clean:
	rm -rf $(BUILDDIR)
