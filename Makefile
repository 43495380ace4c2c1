# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# torch first, pinned to the CPU build: an unpinned torch pulls a multi-GB CUDA build.
TORCH  := torch==2.13.0
OUT    ?= out
CORPUS ?= corpora/demo

.PHONY: demo docs test install install-test install-bench browser experiments clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(PIP) install $(TORCH)
	$(PIP) install -e .
	@echo "Compiling the reuse kernels once (numba; cached in giptext/reuse/__pycache__ for every later run)"
	$(PY) -m giptext.reuse._jit
	touch $@

# The docs extra too: the test suite builds the documentation site (tests/test_docs.py).
$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) install -e ".[test,docs]"
	touch $@

# The benchmarks' baselines (datasketch): only `make experiments` needs them.
$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(PIP) install -e ".[test,bench]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-bench: $(VENV)/.installed-bench

# Headless Chromium for the page tests (Debian's package; the test drives it with Playwright's client).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: install Debian's 'chromium' package to run the browser tests"; fi; }

# The demo corpus (231 real reports) ships in corpora/demo with its provenance; build.py re-assembles
# it from ../shared only if it is missing (see corpora/demo/README.md).
corpora/demo/manifest.jsonl: | $(VENV)/.installed
	$(PY) corpora/demo/build.py

demo: install corpora/demo/manifest.jsonl
	$(VENV)/bin/giptext analyze $(CORPUS) -o $(OUT)
	$(PY) -m giptext.present.findings $(OUT)

# The documentation site (MkDocs + mkdocstrings): --strict turns a broken reference into a failure.
docs: install
	$(PIP) install -e ".[docs]"
	$(VENV)/bin/mkdocs build --strict -d build/site
	@echo "Documentation site: build/site/index.html"

# everything: `-m ""` overrides the fast default selection in pyproject.toml (see README, "Tests")
test: install-test
	$(VENV)/bin/python -m pytest -m ""

experiments: install-bench
	$(MAKE) -C experiments all PY=$(abspath $(PY))

clean:
	rm -rf $(OUT) build dist *.egg-info
