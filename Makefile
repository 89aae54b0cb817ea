# Two commands do everything on a fresh machine (Debian/Ubuntu, Python 3.11, root or sudo):
#   make repro   set up, then run the whole DVC pipeline (dvc repro)
#   make test    set up, then run the test suite
# `make setup` alone installs Debian packages and the pinned Python stack into .venv.
SHELL := /bin/bash
export PATH := $(CURDIR)/.venv/bin:$(PATH)

.PHONY: setup repro test lint
setup:
	@bash scripts/setup.sh

repro: setup
	dvc repro

test: setup
	python -m pytest

lint: setup
	ruff check . && ruff format --check .
