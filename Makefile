# On a fresh machine `make demo` and `make test` do all the set-up themselves.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Debian packages WeasyPrint needs (Pango) plus the HarfBuzz subsetter (2x faster PDFs),
# a good text font, pdftotext/pdftoppm for looking at reports, and tmux for the interview check.
SYS_PKGS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-lato fonts-dejavu-core poppler-utils
BROWSER_PKGS := chromium

.PHONY: demo test lint sysdeps browser postgres venv clean bench wheel-check golden

demo: venv
	$(PY) -m audit demo --out out
	@# The sample client list holds one deliberately bad row: exit code 1 means "some rows failed".
	$(PY) -m audit batch examples/clients.csv --brand examples/brands/koers-digitaal -o out/batch || test $$? -eq 1
	@echo "Example reports in out/, the client-list batch with its overview in out/batch/"

test: venv browser postgres
	$(PY) -m pytest -q
	$(VENV)/bin/ruff check .
	.ci/wheel-check

# Regenerate the golden outputs of the examples (tests/golden/*.json); review with git diff.
golden: venv
	$(PY) tests/golden/regenerate.py

# Build the wheel, install it in a venv of its own and run report/validate/questions/demo
# from another folder: proves the installed tool carries its content.
wheel-check: venv
	.ci/wheel-check

lint: venv
	$(VENV)/bin/ruff check .

bench: venv
	$(PY) benchmarks/render.py

sysdeps: .stamp-sysdeps
.stamp-sysdeps:
	@missing=""; for p in $(SYS_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
	@touch $@

# Debian's Chromium for the end-to-end browser test; failure is not fatal (the test then skips with a reason).
browser: sysdeps
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(BROWSER_PKGS); } \
	  || echo "chromium could not be installed: the browser test will skip"; }

# Debian's PostgreSQL server binaries: the web tests start a throwaway server of their own
# (temporary data folder, free port, run as the postgres system user); the package's own
# cluster is not used.
postgres: sysdeps
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; }

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml .stamp-sysdeps
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test]'
	@touch $@

clean:
	rm -rf $(VENV) out .stamp-sysdeps
