# Two commands a newcomer needs: `make site` and `make test`. Each sets up what it needs first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: setup site test serve check chromium bench clean

$(PY_STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(PY_STAMP) $(NODE_STAMP)

# The browser tests drive Debian's chromium; install it where we may, else say what to do.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
		|| { echo "could not install chromium with apt-get"; exit 1; }; \
	else echo "The browser tests need Debian's chromium at /usr/bin/chromium: sudo apt-get install chromium"; exit 1; fi

# BASE_URL, when given, is the address the site is published at (sitemap, feed, citations).
site: setup
	$(BIN)/python build.py $(if $(BASE_URL),--base-url $(BASE_URL))

serve: site
	$(BIN)/python build.py serve

check: site
	$(BIN)/python build.py check

test: setup chromium
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/run.py

clean:
	rm -rf site .site.building .site.old
