"""The benchmark databases on PostgreSQL: created, migrated and seeded by the benchmark itself.

Seeding the province takes minutes, so a database that already holds the scale's wards is reused (checked
by counts); ``--fresh`` drops it first. The seeding time is kept with the database (as its comment), so a
run that reuses it still reports how long the seeding took.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/partycell_bench"
BENCH_WARD = "YB001"  # the largest ward (~40 cells) of the generated scales
BENCH_USERS = 20
BENCH_PASSWORD = "partycell-bench-password"


def with_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def name_of(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def admin_connection(url: str) -> psycopg.Connection:
    return psycopg.connect(with_name(url, "postgres"), autocommit=True)


def exists(url: str) -> bool:
    with admin_connection(url) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name_of(url)]
        ).fetchone()
    return row is not None


def create(url: str) -> None:
    if not exists(url):
        with admin_connection(url) as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name_of(url)))
            )


def drop(url: str) -> None:
    with admin_connection(url) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name_of(url))
            )
        )


def read_note(url: str) -> dict:
    with admin_connection(url) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [name_of(url)],
        ).fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else {}
    except ValueError:
        return {}


def write_note(url: str, note: dict) -> None:
    with admin_connection(url) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name_of(url)), sql.Literal(json.dumps(note))
            )
        )


def seeded_wards(scale: str) -> tuple[int, int]:
    """(wards of ``scale`` in the database, wards the scale has)."""
    from reports.seed.scales import ward_specs
    from wards.models import Ward

    codes = [spec.code for spec in ward_specs(scale)]
    return Ward.objects.filter(code__in=codes).count(), len(codes)


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def seed(url: str, scale: str, log: callable) -> dict:
    """Seeds what is missing of ``scale`` (the command skips existing wards); returns the note kept with
    the database: the seeding time, and whether it started from an empty database."""
    from django.core.management import call_command

    have, want = seeded_wards(scale)
    note = read_note(url)
    if have == want and note.get("scale") == scale:
        log(f"reusing {name_of(url)}: {have} wards of scale {scale!r} already seeded")
        return note
    log(f"seeding {scale!r} into {name_of(url)} ({have}/{want} wards present)…")
    started = time.perf_counter()
    call_command("seed_demo", scale=scale, verbosity=0)
    seconds = time.perf_counter() - started
    note = {
        "scale": scale,
        "seed_seconds": round(seconds, 1),
        "from_empty": have == 0,
        "seeded_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    write_note(url, note)
    log(f"seeded in {seconds:.0f} s")
    return note


def analyze() -> None:
    """Fresh planner statistics. A database just seeded in bulk has none until autovacuum comes by, and
    the planner then picks nested loops over the whole attendance table (measured: evaluating the
    province took 2.5× longer before ``ANALYZE``)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def ensure_bench_users() -> list[str]:
    """Twenty ward officials of the largest ward, for the load test (idempotent)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from cells.models import Role, RoleKind
    from wards.models import Ward

    User = get_user_model()
    ward = Ward.objects.get(code=BENCH_WARD)
    names = [f"bench{n:02d}" for n in range(1, BENCH_USERS + 1)]
    existing = set(
        User.objects.filter(username__in=names).values_list("username", flat=True)
    )
    password = make_password(BENCH_PASSWORD)
    for username in names:
        if username not in existing:
            user = User.objects.create(username=username, password=password)
            Role.objects.create(user=user, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    return names


def dataset() -> dict[str, str]:
    """What the database holds, counted."""
    from django.db import connection

    tables = {
        "wards": "wards_ward",
        "cells": "cells_cell",
        "members": "cells_member",
        "memberships": "cells_cellmembership",
        "meetings": "meetings_meeting",
        "attendance rows": "meetings_attendance",
        "score sheets": "scoring_scoresheet",
        "item scores": "scoring_itemscore",
    }
    result = {}
    with connection.cursor() as cursor:
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
            result[label] = f"{cursor.fetchone()[0]:,}"
    return result
