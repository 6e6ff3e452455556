# partycell: the commands a newcomer types. See README.md.
SHELL := /bin/bash
PY := .venv/bin/python
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: bootstrap demo test test-sqlite test-postgres lint format bench messages serve

bootstrap:
	@bash scripts/bootstrap

demo: bootstrap
	@DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	@DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv >/dev/null
	@DJANGO_DEBUG=1 $(PY) manage.py seed_demo --scale demo
	@DJANGO_DEBUG=1 $(PY) manage.py db_worker >/tmp/partycell-worker.log 2>&1 & \
	 echo "Task worker started in the background (log: /tmp/partycell-worker.log)"; \
	 trap 'kill $$! 2>/dev/null' EXIT; \
	 echo "partycell is at http://127.0.0.1:8000 (Ctrl+C to stop)"; \
	 DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: bootstrap
	@bash scripts/run-tests

lint:
	@.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	@.venv/bin/ruff check --fix . && .venv/bin/ruff format .

messages:
	@DJANGO_DEBUG=1 $(PY) manage.py makemessages -l vi --ignore=.venv --ignore=staticfiles --no-obsolete
	@DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

bench: bootstrap
	@if ls bench/*.py >/dev/null 2>&1; then $(PY) -m bench; else echo "no benchmarks yet"; fi
