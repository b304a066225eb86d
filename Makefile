# Two entry points for a fresh machine with Python 3.11+: `make html` and `make test`.
# Each creates .venv and installs what it needs (pinned) before running.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR   ?= _build

.PHONY: html test clean live

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

## Run the whole test suite.
test: $(VENV)/.test-deps
	$(BIN)/python -m pytest $(PYTESTOPTS)

$(VENV)/.dev-deps: requirements-dev.txt $(VENV)/.test-deps
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## Serve the site at http://127.0.0.1:$(LIVEPORT) while you edit: rebuilds on every save and
## reloads the page. Not strict, so a half-typed page still shows; `make html` is the gate.
LIVEPORT ?= 8000
live: $(VENV)/.dev-deps
	$(BIN)/sphinx-autobuild -n --port $(LIVEPORT) --ignore _build --ignore tests --ignore benchmarks \
		--re-ignore '/__pycache__/' . $(BUILDDIR)/live

clean:
	rm -rf $(BUILDDIR)
