# Developer entry points (DESIGN: "Running it"). Everything runs from the virtualenv in .venv, which
# `venv` builds once and rebuilds only when a pyproject.toml or the constraints change.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV  := .venv
BIN   := $(VENV)/bin
STAMP := $(VENV)/.installed

# Every services/<dir> with a pyproject.toml is installed, so a new service joins by existing.
SERVICE_PYPROJECTS := $(sort $(wildcard services/*/pyproject.toml))
SERVICE_DIRS       := $(patsubst %/pyproject.toml,%,$(SERVICE_PYPROJECTS))

# python3.11, or python3 when that is 3.11; `make venv PYTHON=/path/to/python3.11` overrides.
ifndef PYTHON
PYTHON := $(shell command -v python3.11 2>/dev/null || \
	{ python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null && command -v python3; })
endif

# Extra arguments for pytest and the benchmarks: `make test ARGS='-k outbox -x'`.
ARGS ?=

# The soak test's length and load: `make soak MINUTES=10 RATE=250`.
MINUTES ?= 10
RATE    ?= 250

.PHONY: help venv run migrate test fuzz lint bench soak clean

help:
	@echo "make venv     create .venv and install libs/common and every service (editable)"
	@echo "make run      start PostgreSQL, the broker and every service; prints URLs and dev keys"
	@echo "make migrate  create and migrate every service's database"
	@echo "make test     the whole test suite (ARGS='...' passes arguments to pytest)"
	@echo "make fuzz     every service fuzzed from its OpenAPI document, long (ARGS='--examples 60 --service awards')"
	@echo "make lint     ruff and the import contracts"
	@echo "make bench    the benchmarks"
	@echo "make soak     kill services and the broker under load, then check exactly-once (MINUTES=10 RATE=250)"
	@echo "make clean    remove var/ (database, keys, logs) and .venv"

venv: $(STAMP)

$(STAMP): constraints.txt libs/common/pyproject.toml $(SERVICE_PYPROJECTS)
	@if [ -z "$(PYTHON)" ]; then echo "make: Python 3.11 is needed: no python3.11, and python3 is not 3.11" >&2; exit 1; fi
	@if [ ! -x $(BIN)/python ]; then echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --disable-pip-version-check -c constraints.txt \
		-e 'libs/common[dev,testing]' $(addprefix -e ,$(SERVICE_DIRS))
	@touch $@

run: venv
	$(BIN)/python -m zjtx.common.devstack

migrate: venv
	$(BIN)/python -m zjtx.common.devstack migrate

test: venv
	$(BIN)/python -m pytest $(ARGS)

fuzz: venv
	$(BIN)/python -m tests.fuzz $(ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: venv
	$(BIN)/python -m bench $(ARGS)

soak: venv
	$(BIN)/python -m soak --minutes $(MINUTES) --rate $(RATE) $(ARGS)

clean:
	rm -rf var $(VENV)
