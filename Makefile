# Opas: `make run` starts everything on localhost, `make test` checks everything. `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 needs Python 3.10: pyenv's, else one on PATH (or say PYTHON310=/path/to/python3.10).
PYTHON310 ?= $(firstword $(wildcard $(shell pyenv root 2>/dev/null)/versions/3.10.*/bin/python) $(shell command -v python3.10))
PYTHON311 ?= $(shell command -v python3.11 || command -v python3)
# uv builds both environments; without one on PATH it goes into a venv of its own.
UV ?= $(or $(shell command -v uv 2>/dev/null),.venv-tools/bin/uv)
ENGINE := .venv-engine/bin/python
APP := .venv/bin/python
RASA := PYTHONPATH=$(CURDIR) $(ENGINE) -m rasa
export PYTHONPATH := $(CURDIR)

# The database is rebuilt when its data or the code that shapes it changes.
KNOWLEDGE_INPUTS := $(wildcard knowledge/data/*.yml knowledge/data/translations/*.yml knowledge/migrations/versions/*.py) knowledge/loader.py knowledge/datafiles.py knowledge/validation.py knowledge/translations.py knowledge/names.py knowledge/models.py

.PHONY: help lock install run train db test test-unit test-engine test-rasa test-e2e lint format eval bench bench-knowledge clean system-packages

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-14s %s\n", $$1, $$2}'

install: .venv-engine/.installed .venv/.installed node_modules/.installed ## create both Python environments and install the widget

.venv-tools/bin/uv:
	$(PYTHON311) -m venv .venv-tools
	.venv-tools/bin/pip install --quiet uv

.venv-engine/.installed: requirements/engine.txt | $(UV)
	@test -x "$(PYTHON310)" || { echo "Python 3.10 is needed for Rasa 3.6: install it with pyenv (pyenv install 3.10.13) or uv, or set PYTHON310=/path/to/python3.10"; exit 1; }
	@test -d .venv-engine || $(UV) venv --quiet -p "$(PYTHON310)" .venv-engine
	VIRTUAL_ENV=.venv-engine $(UV) pip install --quiet -r requirements/engine.txt
	@touch $@

.venv/.installed: requirements/app.txt pyproject.toml | $(UV)
	@test -d .venv || $(UV) venv --quiet -p "$(PYTHON311)" .venv
	VIRTUAL_ENV=.venv $(UV) pip install --quiet -r requirements/app.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

lock: | $(UV) ## re-pin both environments' dependencies (requirements/*.txt) after changing their inputs
	$(UV) pip compile --quiet -p "$(PYTHON310)" requirements/engine.in -o requirements/engine.txt
	$(UV) pip compile --quiet -p "$(PYTHON311)" pyproject.toml --extra dev -o requirements/app.txt

db: var/build/gazetteer.json ## build the knowledge database from knowledge/data/ (and the gazetteer the NLU reads)

var/build/gazetteer.json: $(KNOWLEDGE_INPUTS) .venv/.installed
	$(APP) -m knowledge load
	$(APP) -m knowledge gazetteer --output $@

train: install db ## train the Rasa model, only when its inputs changed
	$(APP) -m tools.train

run: train ## install what is missing, train if needed, and start Rasa, actions and web (Ctrl-C stops)
	$(APP) -m tools.run

test: install db test-unit test-engine test-rasa test-e2e ## every test: unit, engine, Rasa data and stories, end to end, browser

test-unit: ## unit tests of the app env (knowledge, actions, web, locales)
	$(APP) -m pytest -q -m "not e2e and not browser"

test-engine: ## unit tests of the NLU components and channels (engine env)
	$(ENGINE) -m pytest -q -p no:cacheprovider tests/engine

test-rasa: train ## rasa data validate and the test stories with --fail-on-prediction-errors
	$(RASA) data validate --domain bot/domain --data bot/data --config config.yml
	$(RASA) test core --model "$$($(APP) -m tools.train --print-path)" --stories tests/stories \
		--fail-on-prediction-errors --out var/results/core

test-e2e: train system-packages ## the three processes on loopback: REST, socket.io and Chromium
	$(APP) -m pytest -q -m "e2e or browser"

system-packages: ## Debian's Chromium for the browser test (installed when running as root)
	@test -x /usr/bin/chromium || { test "$$(id -u)" = 0 && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || echo "Chromium is missing: the browser test will fail (apt-get install chromium)"

lint: .venv/.installed ## ruff and mypy
	$(APP) -m ruff check .
	$(APP) -m ruff format --check .
	$(APP) -m mypy knowledge web locales

format: .venv/.installed ## format the app code
	$(APP) -m ruff format .
	$(APP) -m ruff check --fix .

bench: bench-knowledge train ## latency, throughput and memory of Opas and of Rasa's moodbot (not a test)
	$(APP) -m bench.rest_latency

eval: train ## intent, entity and language-ID quality per language on held-out messages (not a test)
	$(ENGINE) -m bot.nlu.evaluation

bench-knowledge: install ## knowledge base load time and where-to-go query latency (not a test)
	$(APP) -m bench.knowledge_queries

clean: ## remove trained models, the database and test results (keeps the environments)
	rm -rf var/models var/build var/results var/opas.db
