# Harbour Crossings: Pelican quickstart-style targets. The first target run on a fresh machine
# creates .venv and installs the pinned dependencies from pyproject.toml.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican

BASEDIR := $(CURDIR)
INPUTDIR ?= $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
CONFFILE ?= $(BASEDIR)/pelicanconf.py
PUBLISHCONF ?= $(BASEDIR)/publishconf.py
PORT ?= 8000
BIND ?= 127.0.0.1
DATA ?= $(BASEDIR)/../shared/data
GITHUB_PAGES_BRANCH ?= gh-pages
SSH_HOST ?= localhost
SSH_PORT ?= 22
SSH_USER ?= $(USER)
SSH_TARGET_DIR ?= /var/www/harbour-crossings
PELICANOPTS ?=
# One line per message, so that path:line: locations stay whole and clickable.
LOGOPTS := --log-handler plain
PYTEST_ARGS ?=
# text, or github for GitHub Actions annotations on the files with problems.
VALIDATE_FORMAT ?= text
# make new TYPE=artists NAME="Wong Kar-wai 王家衛" [SLUG=...] [FORCE=1]
TYPE ?=
NAME ?=
SLUG ?=
FORCE ?=
# make status: text (a table; LIST=1 adds every entry lacking a language) or markdown (for a
# pull request's comment; CHANGED: the entry files it changes, listed after the table).
STATUS_FORMAT ?= text
LIST ?=
CHANGED ?=
# A value for the shell, in single quotes.
quote = '$(subst ','\'',$(1))'

.PHONY: help html serve devserver validate new status publish github rsync_upload test system-packages expected lint format translations import clean search bench benchmark-search benchmark-lighthouse mutation

help:
	@echo 'make html        build $(INPUTDIR) into $(OUTPUTDIR)'
	@echo 'make serve       build, then serve on http://$(BIND):$(PORT)/'
	@echo 'make devserver   build, serve, rebuild on every change and reload the open page'
	@echo 'make validate    check the entries in $(INPUTDIR) without building'
	@echo 'make new TYPE=artists NAME="..."  write a new entry, every field explained'
	@echo 'make status      which entries lack English or Chinese text, per type and field'
	@echo 'make search Q=.. search $(INPUTDIR) from the terminal, as the site does'
	@echo 'make publish     validate, build with publishconf.py into a new folder, swap it into $(OUTPUTDIR)'
	@echo 'make github      make publish, then put $(OUTPUTDIR) on the $(GITHUB_PAGES_BRANCH) branch'
	@echo 'make rsync_upload  make publish, then rsync $(OUTPUTDIR) to $(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)'
	@echo 'make test        run the whole test suite'
	@echo 'make import      re-import the curated sample from ../shared/data (FULL=1 OUTPUTDIR=... for all, LCSD=published for the live feed)'
	@echo 'make translations  update the interface string catalogs from the templates and code'
	@echo 'make expected    regenerate the committed expected pages in tests/expected/'
	@echo 'make bench       build the full import and a synthetic corpus of N=$(N) entries: cold, unchanged, one change; times, memory, sizes (about 5 min)'
	@echo 'make mutation    plant bugs in validation, linking, browse and rendering; print the share the tests catch (about 40 min)'
	@echo 'make clean       remove $(OUTPUTDIR), if it is an earlier output or empty'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# The plugins compiled to bytecode whenever a module changes, so that a build starts without
# compiling them (a third of a second), also where PYTHONDONTWRITEBYTECODE keeps Python from
# caching bytecode itself.
BYTECODE := $(VENV)/.bytecode
$(BYTECODE): $(VENV)/.installed $(wildcard plugins/*.py plugins/*/*.py) pelicanconf.py publishconf.py
	$(PY) -m compileall -q plugins pelicanconf.py publishconf.py
	touch $@

html: $(BYTECODE)
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(LOGOPTS) $(PELICANOPTS)

serve: html
	$(PELICAN) --listen --bind $(BIND) --port $(PORT) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(LOGOPTS) $(PELICANOPTS)

# Our own dev server (plugins/directory/devserver.py): rebuilds in-process on every change to the
# content, theme, schemas or settings, and reloads the open pages.
devserver: $(BYTECODE)
	$(PY) -m plugins.directory serve "$(INPUTDIR)" --output "$(OUTPUTDIR)" --settings "$(CONFFILE)" --bind $(BIND) --port $(PORT)

validate: $(VENV)/.installed
	$(PY) -m plugins.directory validate "$(INPUTDIR)" --format $(VALIDATE_FORMAT)

new: $(VENV)/.installed
	@$(PY) -m plugins.directory new "$(INPUTDIR)" $(call quote,$(TYPE)) $(call quote,$(NAME)) --slug $(call quote,$(SLUG)) --settings "$(CONFFILE)" $(if $(filter 1,$(FORCE)),--force)

status: $(VENV)/.installed
	@$(PY) -m plugins.directory status "$(INPUTDIR)" --format $(STATUS_FORMAT) --settings "$(CONFFILE)" $(if $(filter 1,$(LIST)),--list) $(if $(filter markdown,$(STATUS_FORMAT)),--changed $(CHANGED))

search: $(VENV)/.installed
	@$(PY) -m plugins.search "$(INPUTDIR)" "$(Q)"

# The build at real scale (benchmarks/build_benchmark.py): the full import of $(DATA) and a
# synthetic corpus of N entries made from it, each built cold, with nothing changed and after one
# entry changed, as make html builds; the corpora (kept while the importer, the plugin and the
# data are the same), outputs, caches and logs are in BENCH_DIR. CORPUS=full or synthetic builds
# one only; JSON=file writes every figure there; DEVSERVER=0 leaves out the dev server's rebuild
# after one change (in its own process, as editors preview an edit).
N ?= 10000
CORPUS ?= both
BENCH_DIR ?= /tmp/build-benchmark
JSON ?=
DEVSERVER ?= 1
bench: $(BYTECODE)
	$(PY) benchmarks/build_benchmark.py --data "$(DATA)" --entries $(N) --corpus $(CORPUS) --workdir "$(BENCH_DIR)" $(if $(JSON),--json "$(JSON)") $(if $(filter 1,$(DEVSERVER)),--devserver)

# Our search against Pagefind on the full import of $(DATA) (about 15,000 entries), in headless
# Chromium. Pagefind goes into .venv, pinned in benchmarks/requirements.txt.
benchmark-search: $(VENV)/.installed | system-packages
	$(PY) -m pip install --quiet -r benchmarks/requirements.txt
	$(PY) benchmarks/search_benchmark.py --data "$(DATA)"

# Lighthouse (npm, pinned in benchmarks/package-lock.json, installed into benchmarks/node_modules
# by lighthouse.py) with Debian's chromium on the main templates, served by nginx as published:
# prints the four scores and the compressed weight of each page.
benchmark-lighthouse: $(VENV)/.installed | system-packages
	$(PY) benchmarks/lighthouse.py

publish: $(BYTECODE)
	$(PY) -m plugins.directory publish "$(INPUTDIR)" "$(OUTPUTDIR)" --settings "$(PUBLISHCONF)"

github: publish
	$(VENV)/bin/ghp-import --no-jekyll -m "Publish the site" -b $(GITHUB_PAGES_BRANCH) "$(OUTPUTDIR)"
	git push origin $(GITHUB_PAGES_BRANCH)

rsync_upload: publish
	rsync -e "ssh -p $(SSH_PORT)" -P -rvzc --delete "$(OUTPUTDIR)"/ "$(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)"

# chromium, nginx and npm from Debian, when missing (see .ci/system-packages).
system-packages:
	@bash .ci/system-packages

node_modules/.installed: package.json package-lock.json | system-packages
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The tests' search caches and signing key go to a cache folder of their own, emptied first.
TEST_CACHE := $(BASEDIR)/.cache/tests
test: system-packages $(VENV)/.installed node_modules/.installed
	$(VENV)/bin/mypy
	rm -rf "$(TEST_CACHE)"
	XDG_CACHE_HOME="$(TEST_CACHE)" $(PY) -m pytest $(PYTEST_ARGS)

expected: $(VENV)/.installed
	UPDATE_EXPECTED=1 $(PY) -m pytest -q tests/test_expected_pages.py

# mutmut plants one bug at a time in the modules [tool.mutmut] names and runs the tests that
# cover it; a mutant is caught when a test fails or hangs (timeout).
mutation: $(VENV)/.installed
	rm -rf mutants
	XDG_CACHE_HOME="$(TEST_CACHE)" $(VENV)/bin/mutmut run --max-children 2 >/dev/null
	$(VENV)/bin/mutmut export-cicd-stats >/dev/null
	$(PY) -c 'import json; s = json.load(open("mutants/mutmut-cicd-stats.json")); k, t, v, u, n = (s[x] for x in ("killed", "timeout", "survived", "no_tests", "total")); print(f"{k + t} of {n} mutants caught ({(k + t) / n:.1%}): {k} killed, {t} timed out, {v} survived, {u} not covered (mutmut results lists them)")'

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

translations: $(VENV)/.installed
	PYTHONPATH=. $(VENV)/bin/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k t --no-location --sort-output --omit-header -o theme/translations/messages.pot .
	$(VENV)/bin/pybabel update -i theme/translations/messages.pot -d theme/translations -l zh_Hant_HK --width 100 --ignore-obsolete

ifeq ($(FULL),1)
ifeq ($(origin OUTPUTDIR),file)
$(error make import FULL=1 needs OUTPUTDIR=<a folder outside the repository>)
endif
IMPORT_OUTPUT := $(OUTPUTDIR)
IMPORT_FLAGS := --full
else
IMPORT_OUTPUT := $(INPUTDIR)
IMPORT_FLAGS :=
endif
# LCSD=published reads the LCSD feed from its published addresses (or LCSD=<folder or URL>);
# LCSD_ONLY=1 imports that feed only, leaving what M+ made alone (the weekly workflow).
LCSD ?=
LCSD_ONLY ?=
import: $(VENV)/.installed
	$(PY) -m importer $(IMPORT_FLAGS) --data "$(DATA)" --output "$(IMPORT_OUTPUT)" $(if $(LCSD),--lcsd "$(LCSD)") $(if $(LCSD_ONLY),--lcsd-only)

# Removes OUTPUTDIR, refusing (exit status 2, nothing removed) any folder make publish would
# refuse: only an earlier output (it holds .harbour-crossings-output) or an empty folder goes.
clean: $(VENV)/.installed
	$(PY) -m plugins.directory clean "$(OUTPUTDIR)" --content "$(INPUTDIR)"
