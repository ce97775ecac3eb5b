# The two commands the README promises: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres soak system-packages lint format check clean audit bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

run: $(VENV)/.installed
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_corpus
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py build_export
	@echo "To sign in to the admin, create a login first: $(BIN)/python manage.py createsuperuser"
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-test system-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite on a throwaway PostgreSQL cluster, less the browser tests: they drive pages
# whose database work the rest of the suite runs on PostgreSQL too, and a second run of them
# would take CI past half an hour.
test-postgres: $(VENV)/.installed-test
	scripts/system-packages postgresql
	scripts/with-postgres $(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

# The soak run (tests/test_soak.py): gunicorn under steady readers and an editor saving every
# few seconds, 10 minutes on SQLite then 10 on PostgreSQL; prints its figures per minute.
# The suite runs the same test for 60 seconds. SOAK_SECONDS=... changes the length.
soak: $(VENV)/.installed-test
	scripts/system-packages postgresql
	SOAK_SECONDS=$${SOAK_SECONDS:-600} $(BIN)/python -m pytest -q -m load tests/test_soak.py $(PYTEST_ARGS)
	SOAK_SECONDS=$${SOAK_SECONDS:-600} scripts/with-postgres $(BIN)/python -m pytest -q -m load tests/test_soak.py $(PYTEST_ARGS)

# Chromium, Java and Redis from Debian's packages, installed when missing.
system-packages:
	scripts/system-packages

# The benchmark (benchmarks/README.md): about 15 minutes, 3 more the first time (it builds
# its SQLite files); Debian's wrk and postgresql are installed when missing.
# BENCH_ARGS=--quick for a smoke run of a minute.
bench: $(VENV)/.installed
	scripts/system-packages wrk postgresql
	$(BIN)/pip install --quiet -r benchmarks/requirements.txt
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# What CI's lint step asks, in one command: style, migrations in step with the models, system checks.
check: lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Known vulnerabilities in the pinned requirements and everything they pull in (PyPA advisory
# database, through PyPI's JSON API). --strict: a package that cannot be checked fails the audit.
audit: $(VENV)/.installed-test
	$(BIN)/pip-audit --strict --progress-spinner off -r requirements-test.txt

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
