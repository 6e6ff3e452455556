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

# Production: gunicorn (static files through WhiteNoise) on PostgreSQL, with the task worker. Needs
# DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL (README "Running in production").
BIND ?= $(or $(PARTYCELL_BIND),127.0.0.1:8000)
WORKERS ?= $(or $(GUNICORN_WORKERS),$(shell echo $$(( $$(nproc) * 2 + 1 ))))
serve:
	@case "$${DATABASE_URL:-}" in postgres*) ;; \
	 *) echo "make serve: set DATABASE_URL=postgres://USER@HOST:5432/NAME (PostgreSQL)" >&2; exit 1;; esac
	@$(PY) manage.py check --deploy --fail-level WARNING
	@$(PY) manage.py collectstatic --noinput -v0
	@$(PY) manage.py migrate --noinput
	@export DJANGO_CACHE_DIR=$${DJANGO_CACHE_DIR:-$(PWD)/var/cache}; \
	 $(PY) manage.py db_worker >>$${PARTYCELL_WORKER_LOG:-/tmp/partycell-worker.log} 2>&1 & \
	 worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT; \
	 echo "Task worker $$worker started (log: $${PARTYCELL_WORKER_LOG:-/tmp/partycell-worker.log})"; \
	 $(PWD)/.venv/bin/gunicorn config.wsgi:application --bind $(BIND) --workers $(WORKERS) \
	   --timeout 120 --access-logfile - --forwarded-allow-ips 127.0.0.1
