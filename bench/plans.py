"""The query plans of the hot paths on PostgreSQL: every SELECT that the ward dashboard, the overview,
the cell page, the meeting list, the member list and the attendance screen run, explained with
``EXPLAIN ANALYZE``. No hot path may scan the attendance table sequentially."""

from __future__ import annotations

import re
from collections.abc import Callable

from bench.context import Context
from bench.report import Goal, Section

TITLE = "Query plans of the hot paths (EXPLAIN ANALYZE)"
WATCHED = (
    "meetings_attendance",
    "meetings_meeting",
    "cells_cellmembership",
    "scoring_itemscore",
)
SHOW_PLAN_MS = 5.0


def captured_selects(fn) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
    ]


def explain(statement: str) -> tuple[str, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT TEXT) " + statement)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    match = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return plan, float(match.group(1)) if match else 0.0


def seq_scans(plan: str) -> list[str]:
    return sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))


def run(ctx: Context) -> Section:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from bench.pages import targets

    section = Section("plans", TITLE)
    found = targets(ctx)
    ward, cell, meeting = found["ward"], found["cell"], found["meeting"]
    User = get_user_model()
    official = Client()
    official.force_login(User.objects.get(username="bench01"))
    viewer = Client()
    viewer.force_login(User.objects.get(username="tinh"))
    period = {"year": str(ctx.year), "as_of": ctx.as_of.strftime("%d/%m/%Y")}
    paths = {
        "ward dashboard": lambda: official.get(
            reverse("reports:ward_dashboard", args=[ward.code]), period
        ),
        "overview (first page)": lambda: viewer.get(
            reverse("reports:overview"), period
        ),
        "cell page": lambda: official.get(
            reverse("reports:cell_page", args=[cell.code]), period
        ),
        "meeting list": lambda: official.get(
            reverse("meetings:meeting_list", args=[cell.code])
        ),
        "member list": lambda: official.get(
            reverse("cells:member_list", args=[cell.code])
        ),
    }
    if meeting is not None:
        paths["attendance screen"] = lambda: official.get(
            reverse("meetings:attendance", args=[meeting.key])
        )

        def after_a_save(page: str) -> Callable[[], object]:
            """The page right after a change to one of the cell's meetings (a history row, as every
            save writes): the path the load test takes after each attendance save, where the cell is
            evaluated again."""

            def fetch() -> object:
                meeting.save()
                return paths[page]()

            return fetch

        paths["ward dashboard after a save"] = after_a_save("ward dashboard")
        paths["cell page after a save"] = after_a_save("cell page")
    rows, shown, offenders = [], [], []
    for page, fn in paths.items():
        fn()  # warm the caches the way a running server has them
        for statement in captured_selects(fn):
            plan, ms = explain(statement)
            scans = seq_scans(plan)
            if "meetings_attendance" in scans:
                offenders.append(page)
            short = " ".join(statement.split())[:90].replace("|", "\\|")
            rows.append(
                f"| {page} | `{short}…` | {ms:.2f} | {', '.join(scans) or '—'} |"
            )
            if ms >= SHOW_PLAN_MS or any(table in scans for table in WATCHED):
                shown.append(
                    f"**{page}** ({ms:.1f} ms):\n\n```sql\n{statement[:1500]}\n```\n\n```\n{plan}\n```"
                )
    section.text.append(
        "Every SELECT of the hot paths, with its execution time on the server and the tables it scans "
        "sequentially (small reference tables such as wards, rubrics or the session table are fine to scan):"
        "\n\n| path | query | ms | sequential scans |\n|---|---|---|---|\n"
        + "\n".join(rows)
    )
    section.text.append(
        f"Full plans of the queries over {SHOW_PLAN_MS:g} ms or scanning "
        f"{', '.join(WATCHED)} sequentially:"
    )
    section.text += shown or ["(none)"]
    section.goals.append(
        Goal(
            "no sequential scan over attendance on a hot path",
            "0 paths",
            f"{len(set(offenders))} paths ({', '.join(sorted(set(offenders))) or 'none'})",
            not offenders,
        )
    )
    return section
