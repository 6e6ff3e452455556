"""Load on PostgreSQL: gunicorn (3 workers, production settings) on 127.0.0.1, 20 logged-in ward
officials with 1–3 s think time for 60 s (locust, headless), then the same load on a bare Django view
in the same run. Every attendance save must be in the database afterwards: each stored save raises the
meeting's version by one."""

from __future__ import annotations

from bench.context import Context
from bench.database import BENCH_PASSWORD, BENCH_USERS, BENCH_WARD
from bench.report import Goal, Section
from bench.servers import gunicorn, locust, stats_table

TITLE = "Load on PostgreSQL (gunicorn + locust, one instance)"
WORKERS = 3
USERS = 20
LOGIN_WINDOW = 30  # seconds for the 20 logins before the measured load starts


def save_pool(size: int) -> list[str]:
    """Meetings of the bench ward in the current year whose attendance may be saved."""
    from django.utils import timezone

    from meetings.models import Meeting, MeetingState

    return list(
        Meeting.objects.filter(
            cell__ward__code=BENCH_WARD,
            held_on__year=timezone.localdate().year,
            held_on__lte=timezone.localdate(),
            state__in=[MeetingState.DRAFT, MeetingState.SUBMITTED],
            attendances__isnull=False,
        )
        .distinct()
        .order_by("-held_on", "key")
        .values_list("key", flat=True)[:size]
    )


def versions(keys: list[str]) -> dict[str, int]:
    from meetings.models import Meeting

    return dict(Meeting.objects.filter(key__in=keys).values_list("key", "version"))


def app_targets(hosts: list[str], meetings: list[str]) -> dict:
    from cells.models import Cell

    return {
        "mode": "app",
        "hosts": hosts,
        "users": [f"bench{n:02d}" for n in range(1, BENCH_USERS + 1)],
        "password": BENCH_PASSWORD,
        "ward": BENCH_WARD,
        "cells": list(
            Cell.objects.filter(ward__code=BENCH_WARD)
            .order_by("code")
            .values_list("code", flat=True)
        ),
        "meetings": meetings,
    }


def saves_check(stats: dict, before: dict[str, int]) -> tuple[int, int]:
    """(saves reported stored by the clients, saves found in the database)."""
    reported = (
        stats["attendance save"].requests - stats["attendance save"].failures
        if "attendance save" in stats
        else 0
    )
    after = versions(list(before))
    return reported, sum(after[key] - before[key] for key in before)


def saves_text(reported: int, stored: int) -> str:
    """A save is lost when the client was told it was stored and the database does not have it. A save
    stored without its answer being counted is one in flight when locust stopped its users at the end of
    the run (the server finished it; the client was gone)."""
    text = (
        f"{max(0, reported - stored)} lost: {stored} stored, {reported} reported saved"
    )
    if stored > reported:
        text += f" (+{stored - reported} in flight at the end of the run)"
    return text


def run(ctx: Context) -> Section:
    section = Section("load", TITLE)
    meetings = save_pool(10)
    before = versions(meetings)
    with gunicorn("config.wsgi:application", 8731, WORKERS, "/accounts/login/") as url:
        stats, failures = locust(
            app_targets([url], meetings),
            users=USERS,
            seconds=ctx.load_seconds,
            label="app",
            login_window=LOGIN_WINDOW,
        )
    reported, stored = saves_check(stats, before)
    with gunicorn("bench.hello:application", 8732, WORKERS) as url:
        hello, _ = locust(
            {"mode": "hello", "hosts": [url]},
            users=USERS,
            seconds=ctx.load_seconds,
            label="hello",
        )
    section.text.append(
        f"{USERS} users (logged in first, within {LOGIN_WINDOW} s, each opening the dashboard once: "
        f"the warm-up row), then {ctx.load_seconds} s "
        f"of load, {WORKERS} gunicorn workers, ward {BENCH_WARD}; attendance "
        f"saved on {len(meetings)} meetings shared by all users:\n\n"
        + stats_table(stats)
    )
    section.text.append(
        "The same load on a bare Django view (`bench/hello.py`), in the same run:\n\n"
        + stats_table(hello)
    )
    floor = hello["hello"]
    ratios = [
        f"| {name} | {stat.p95 / floor.p95:.1f}× | {stat.p50 / floor.p50:.1f}× |"
        for name, stat in stats.items()
        if name not in ("login form", "login")
    ]
    section.text.append(
        "Ratio to the bare view:\n\n| request | p95 ÷ hello p95 | p50 ÷ hello p50 |\n|---|---|---|\n"
        + "\n".join(ratios)
    )
    errors = sum(stat.failures for stat in stats.values())
    conflicts = stats.get("attendance conflict (expected)")
    dashboard, cell = stats.get("ward dashboard"), stats.get("cell page")
    section.goals += [
        Goal(
            "dashboard p95 under load",
            "< 150 ms",
            f"{dashboard.p95:.0f} ms" if dashboard else "—",
            dashboard.p95 < 150 if dashboard else None,
        ),
        Goal(
            "cell page p95 under load",
            "< 100 ms",
            f"{cell.p95:.0f} ms" if cell else "—",
            cell.p95 < 100 if cell else None,
        ),
        Goal(
            "errors under load (version conflicts apart)",
            "0",
            f"{errors} (conflicts: {conflicts.requests if conflicts else 0})",
            errors == 0,
        ),
        Goal(
            "every attendance save in the database",
            "0 lost (stored ≥ reported)",
            saves_text(reported, stored),
            stored >= reported > 0,
        ),
    ]
    if failures.count("\n") > 1:
        section.text.append("Failures:\n\n```\n" + failures + "```")
    return section
