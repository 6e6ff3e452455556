"""Settings of the benchmarks: the production settings of ``config.settings`` (``DJANGO_DEBUG`` off, a
secret key, ``DJANGO_ALLOWED_HOSTS``), with the one change that plain HTTP on the loopback needs.

Only for benchmarks on 127.0.0.1: without TLS, the SSL redirect and the ``Secure`` cookies of production
would stop a benchmark client from logging in. Everything else (middleware, django-axes, the CSP, the
manifest static storage, sessions in the database) is what production runs.
"""

import os
import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STATIC_ROOT = Path(
    os.environ.get(
        "BENCH_STATIC_ROOT", str(Path(tempfile.gettempdir()) / "partycell-bench-static")
    )
)
