"""Two app instances (two gunicorns on two ports, 2 workers each) against the same PostgreSQL, the users
split across them, all saving the attendance of the same few meetings: no error but the expected version
conflicts, no save lost."""

from __future__ import annotations

from bench.context import Context
from bench.load import (
    LOGIN_WINDOW,
    USERS,
    app_targets,
    save_pool,
    saves_check,
    saves_text,
    versions,
)
from bench.report import Goal, Section
from bench.servers import gunicorn, locust, stats_table

TITLE = "Two app instances, concurrent edits"
WORKERS = 2


def run(ctx: Context) -> Section:
    section = Section("instances", TITLE)
    meetings = save_pool(3)
    before = versions(meetings)
    with (
        gunicorn("config.wsgi:application", 8741, WORKERS, "/accounts/login/") as first,
        gunicorn(
            "config.wsgi:application", 8742, WORKERS, "/accounts/login/"
        ) as second,
    ):
        stats, failures = locust(
            app_targets([first, second], meetings),
            users=USERS,
            seconds=ctx.load_seconds,
            label="two",
            login_window=LOGIN_WINDOW,
        )
    reported, stored = saves_check(stats, before)
    errors = sum(stat.failures for stat in stats.values())
    conflicts = stats.get("attendance conflict (expected)")
    section.text.append(
        f"{USERS} users alternating between two instances (each opening the dashboard once first: the "
        f"warm-up row), {ctx.load_seconds} s, all saving the "
        f"attendance of the same {len(meetings)} meetings:\n\n" + stats_table(stats)
    )
    section.goals += [
        Goal(
            "two instances: errors other than version conflicts",
            "0",
            f"{errors} (conflicts: {conflicts.requests if conflicts else 0})",
            errors == 0,
        ),
        Goal(
            "two instances: lost saves",
            "0",
            saves_text(reported, stored),
            stored >= reported > 0,
        ),
    ]
    if failures.count("\n") > 1:
        section.text.append("Failures:\n\n```\n" + failures + "```")
    return section
