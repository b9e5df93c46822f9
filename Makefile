# kzmach — `make help` lists the targets. On a fresh machine `make report` and `make test`
# create the virtual environment (.venv, with python3 -m venv and pip) before doing their work.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kzmach-installed

# e.g. make report REPORT_ARGS="--lang kk --as-of 2024-12-31"
REPORT_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv data check report test lint format bench clean

help: ## List the targets with what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kzmach needs Python >= 3.11, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install kzmach with its dev tools (only when needed)

data: $(STAMP) ## Build data/processed from data/raw (does nothing when inputs are unchanged)
	$(BIN)/kzmach build

check: $(STAMP) ## Run every validation on the raw inputs and report
	$(BIN)/kzmach check

report: $(STAMP) ## Build and check the data, run every notebook, export every chart, write reports/briefing.pptx
	$(BIN)/kzmach check
	$(BIN)/kzmach report $(REPORT_ARGS)

test: $(STAMP) lint ## Lint, then run the test suite
	$(BIN)/python -m pytest -q

lint: $(STAMP) ## Ruff lint and format check (numpydoc docstrings enforced), mypy on the package
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src/kzmach

format: $(STAMP) ## Apply ruff's formatter and safe fixes
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP) ## Run the benchmarks (ratios against baselines measured in the same run)
	$(BIN)/python benchmarks/bench_foundation.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_ingest.py

clean: ## Remove generated data (data/processed), reports/ and caches; keeps .venv
	find data/processed -mindepth 1 ! -name README.md -delete
	rm -rf reports
	rm -rf .pytest_cache .ruff_cache .hypothesis
