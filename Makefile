# kzmach — `make help` lists the targets. On a fresh machine `make report` and `make test`
# create the virtual environment (.venv, from requirements.lock with uv) before doing their work.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kzmach-installed
LOCK := requirements.lock
# JupyterLab reads default settings from overrides.json in its application settings folder
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

# e.g. make report REPORT_ARGS="--lang kk --as-of 2024-12-31"
REPORT_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv data check report update test test-all lint format bench clean lab lock messages

help: ## List the targets with what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# With requirements.lock present, the exact versions it pins are installed (reproducible
# reruns); without it, the newest versions pyproject.toml allows. scripts/environment.sh installs
# with uv (from the PATH, or the pinned version bootstrapped with pip into .tools/uv) and falls
# back to plain pip with a notice; KZMACH_INSTALLER=pip forces the fallback.
$(STAMP): pyproject.toml $(wildcard $(LOCK)) scripts/environment.sh
	@bash scripts/environment.sh install $(PYTHON) $(VENV) $(LOCK)
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install kzmach with its dev tools (only when needed)

data: $(STAMP) ## Build data/processed from data/raw (does nothing when inputs are unchanged)
	$(BIN)/kzmach build

check: $(STAMP) ## Run every validation on the raw inputs and report
	$(BIN)/kzmach check

# The report's build runs every validation `kzmach check` runs and refuses on any error;
# `make check` lists the warnings as well.
report: $(STAMP) ## Build and check the data, run every notebook in en, ru and kk, export every chart, its data and a deck into reports/<lang>/
	$(BIN)/kzmach report --lang all $(REPORT_ARGS)

# The only target that touches the network: kzmach fetch downloads the Bureau's tables by
# recipe and ingests what changed; the report follows even when a table could not be fetched
# (offline, or refused), and the exit status says so.
update: $(STAMP) ## Fetch the Bureau's newest tables by recipe (kzmach fetch --all), then make report
	$(BIN)/kzmach fetch --all; fetched=$$?; $(MAKE) report && exit $$fetched

# ruff (lint, with numpydoc docstrings, and format) and deptry: the checks every test target runs
define ruff_and_deptry
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/deptry src
endef

# `make test`: the suite people run often, in under two minutes on 2 cores: ruff (lint and
# format) and deptry, then every test but those marked slow (reports and notebooks executed
# in en/ru/kk, every chart in every language, kzmach in second processes, installs).
test: $(STAMP) ## Lint (ruff, deptry) and run the tests, the slow end-to-end tier left out
	$(ruff_and_deptry)
	$(BIN)/python -m pytest -q -m "not slow"

# `make test-all`, what CI runs: the same and mypy (one core, about 20 s cold, so it runs
# beside the tests; its errors, if any, are printed after them and fail the target), with
# every test, the slow tier too.
test-all: $(STAMP) ## Lint and type-check (ruff, deptry, mypy), and run every test: the slow tier too (what CI runs)
	$(ruff_and_deptry)
	@echo "$(BIN)/mypy src/kzmach (beside the tests)"
	@$(BIN)/mypy src/kzmach > .mypy.log 2>&1 & mypy=$$!; \
	$(BIN)/python -m pytest -q; tests=$$?; \
	if wait $$mypy; then rm -f .mypy.log; else cat .mypy.log; rm -f .mypy.log; exit 1; fi; \
	exit $$tests

# After a notebook's markdown changes: the changed cells go into the .po files untranslated,
# and the tests fail until a translator fills them in.
messages: $(STAMP) ## Extract the notebooks' markdown cells into their ru and kk translation files
	$(BIN)/python -m kzmach.text.notebook_text .

lint: $(STAMP) ## Ruff lint and format check (numpydoc docstrings), deptry, mypy with pandas-stubs
	$(ruff_and_deptry)
	$(BIN)/mypy src/kzmach

format: $(STAMP) ## Apply ruff's formatter and safe fixes
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

lab: $(STAMP) ## Open JupyterLab on notebooks/, where the .py notebooks open as notebooks
	@mkdir -p $(LAB_SETTINGS)
	cp notebooks/jupyterlab-overrides.json $(LAB_SETTINGS)/overrides.json
	$(BIN)/jupyter lab notebooks

lock: ## Rewrite requirements.lock: the versions a fresh install of kzmach[dev] gets today (with uv)
	@bash scripts/environment.sh lock $(PYTHON) $(LOCK)

bench: $(STAMP) ## Run the benchmarks (ratios against baselines measured in the same run)
	$(BIN)/python benchmarks/bench_foundation.py
	$(BIN)/python benchmarks/bench_report.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_rebuild.py

clean: ## Remove generated data (data/processed), reports/ and caches; keeps .venv
	find data/processed -mindepth 1 ! -name README.md -delete
	rm -rf reports .cache
	rm -rf .pytest_cache .ruff_cache .hypothesis
