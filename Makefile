# Two commands for a fresh machine (see README):
#   make serve   set up, then build and serve the site at http://127.0.0.1:8000/ (PORT=8001: another port)
#   make test    set up (Python packages, Debian's Chromium and Poppler), then run every check
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system-packages test-packages serve serve-port build check test clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

system-packages:
	build_tools/install-system-packages.sh

test-packages:
	build_tools/install-system-packages.sh test

# make serve PORT=8001 when 8000 is taken; the port is checked before anything is installed.
PORT ?= 8000

serve: serve-port setup system-packages
	$(BIN)/mkdocs serve -a 127.0.0.1:$(PORT)

serve-port:
	@$(PYTHON) build_tools/check-port.py "$(PORT)"

# make build SITE_URL=https://example.github.io/hocso/ : the address printed handouts point to.
# Without it the build warns that the QR codes would point at this computer, and --strict fails.
build: setup system-packages
	$(BIN)/mkdocs build --strict

check: setup
	$(BIN)/hocso check

test: setup test-packages
	$(BIN)/ruff check plugins build_tools tests
	$(BIN)/mypy
	$(BIN)/actionlint
	$(BIN)/zizmor --offline --persona pedantic .github/workflows
	$(BIN)/hocso schema --check
	$(BIN)/hocso check --strict
	$(BIN)/pytest
	# The site and browser tests again, built by ProperDocs (MkDocs 1.x's maintained fork).
	HOCSO_BUILDER=properdocs $(BIN)/pytest -q tests/test_site_build.py \
		tests/test_site_navigation.py tests/test_lesson_page.py tests/browser

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
