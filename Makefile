# Two commands do everything: `make demo` and `make test`. Each target installs what it needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# dbt and dagster-dbt find `dbt` on PATH.
export PATH := $(BIN):$(PATH)
export LEADSCORE_DUCKDB_PATH ?= $(CURDIR)/data/leadscore.duckdb
# The venv is built with --compile-bytecode; keep Python from rewriting caches elsewhere.
export PYTHONDONTWRITEBYTECODE := 1

# Dagster keeps runs, schedules and sensor cursors here (see dagster.yaml).
export DAGSTER_HOME ?= $(CURDIR)/.dagster
MANIFEST := dbt_project/target/manifest.json
# folders too: removing a file changes its folder, and the manifest must forget the file
DBT_SOURCES := $(shell find dbt_project/models dbt_project/macros dbt_project/tests seeds) \
	dbt_project/dbt_project.yml dbt_project/profiles.yml dbt_project/selectors.yml

.PHONY: install lock manifest demo dev validate test browser bench lint format clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	@# -qq: pip's notes on the machine's own index settings are nothing to act on here
	$(BIN)/python -m pip install -qq --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps --compile-bytecode -e .
	touch $@

# The dbt manifest Dagster loads; prepared ahead, never parsed at import.
manifest: $(MANIFEST)

$(MANIFEST): $(VENV)/.installed $(DBT_SOURCES)
	$(BIN)/python -m orchestration.dbt.manifest

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

# every extra of pyproject.toml (postgres, spark, dev): `make install` gives the whole suite
lock:
	$(BIN)/uv pip compile pyproject.toml --all-extras -p 3.11 -o requirements.lock --no-header
	sed -i '1i # Locked with: uv pip compile pyproject.toml --all-extras -p 3.11 -o requirements.lock --no-header' requirements.lock

demo: install $(MANIFEST) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/leadscore demo

# The Dagster UI on 127.0.0.1:3000 with the location loaded; materialise demo_data first.
dev: install $(MANIFEST) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

# Loads the code location as Dagster would. Dagster calls this command superseded by
# `dg check defs`, a separate tool not installed here; its FutureWarning is left out.
validate: install $(MANIFEST)
	PYTHONWARNINGS=ignore::FutureWarning $(BIN)/dagster definitions validate -m orchestration.definitions

test: install browser $(MANIFEST) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/pytest -n 2 --dist loadfile --no-loadscope-reorder --durations=20

# The report's browser test runs Debian's chromium (driven by Playwright); install it if missing.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; } \
		|| { echo "install Debian's chromium (apt-get install chromium) for the report's browser test"; exit 1; }

# Full and incremental builds against the floor SQL and pandas: SCALE=S (10k leads, 1M
# activities), M (100k, 10M) or L (1M, 100M); TARGET=postgres or spark: the full, incremental
# and year-of-history runs on a server the benchmark starts. Results: benchmarks/results,
# docs/performance.md.
SCALE ?= S
TARGET ?= duckdb
bench: install $(MANIFEST)
	$(BIN)/python -m benchmarks --scale $(SCALE) --target $(TARGET)

lint: install
	$(BIN)/ruff check orchestration benchmarks tests
	$(BIN)/ruff format --check orchestration benchmarks tests
	# the dbt templater compiles against a throwaway DuckDB file, never the warehouse, into a
	# target folder of its own (dbt's parse in target/ stays the one runs reuse); two processes
	# lint the compiled files (3 min 27 s with one, 2 min 9 s with two)
	cd dbt_project && LEADSCORE_DUCKDB_PATH=$(CURDIR)/$(VENV)/sqlfluff.duckdb \
		DBT_TARGET_PATH=$(CURDIR)/$(VENV)/sqlfluff-target $(BIN)/sqlfluff lint --processes 2 models tests

format: install
	$(BIN)/ruff format orchestration benchmarks tests
	$(BIN)/ruff check --fix orchestration benchmarks tests

clean:
	rm -rf $(VENV) data .dagster dbt_project/target dbt_project/logs
