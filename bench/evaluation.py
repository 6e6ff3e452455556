"""Evaluation of every cell of the data set against the floor: hand-written SQL that computes the same
facts as aggregates (no Python rules), timed side by side; and the queries of ``evaluate`` for 10 cells
against all cells."""

from __future__ import annotations

from bench.context import Context
from bench.report import Figure, Goal, Section
from bench.timing import ratios, side_by_side

TITLE = "Evaluation against the raw-SQL floor"

# The facts of scoring/facts.py, as aggregates: per meeting its marks counted, per score sheet its points
# and full-marks items, per cell its roll (with exemptions, working away and the members' yearly records),
# its households' yearly titles, and its cell-year record; and the one list that cannot be a count, the
# members marked anything but present (the evidence of criteria 1 and 2 names them).
FLOOR = [
    (
        "meetings and attendance",
        """
        SELECT m.id, m.cell_id, m.held_on, m.kind,
               count(a.id) FILTER (WHERE a.mark = 'present'),
               count(a.id) FILTER (WHERE a.mark = 'absent'),
               count(a.id) FILTER (WHERE a.mark = 'excused'),
               count(a.id) FILTER (WHERE a.mark = 'exempt')
        FROM meetings_meeting m
        LEFT JOIN meetings_attendance a ON a.meeting_id = m.id
        WHERE m.cell_id = ANY(%(cells)s) AND m.state IN ('submitted', 'locked')
          AND m.held_on BETWEEN %(start)s AND %(as_of)s
        GROUP BY m.id
        """,
    ),
    (
        "absences, by member (the evidence names them)",
        """
        SELECT a.meeting_id, a.member_id, a.mark
        FROM meetings_attendance a
        JOIN meetings_meeting m ON m.id = a.meeting_id
        WHERE m.cell_id = ANY(%(cells)s) AND m.state IN ('submitted', 'locked')
          AND m.held_on BETWEEN %(start)s AND %(as_of)s AND a.mark <> 'present'
        """,
    ),
    (
        "score sheets",
        """
        SELECT s.id, s.meeting_id, s.scorer, s.total_only, s.total,
               sum(i.points),
               count(i.id) FILTER (WHERE r.full_marks_for_class1 AND i.points >= r.max_points)
        FROM scoring_scoresheet s
        JOIN meetings_meeting m ON m.id = s.meeting_id
        LEFT JOIN scoring_itemscore i ON i.sheet_id = s.id
        LEFT JOIN scoring_rubricitem r ON r.id = i.item_id
        WHERE m.cell_id = ANY(%(cells)s) AND m.state IN ('submitted', 'locked')
          AND m.held_on BETWEEN %(start)s AND %(as_of)s
        GROUP BY s.id
        """,
    ),
    (
        "roll, status periods and member years",
        """
        SELECT cm.cell_id, count(DISTINCT cm.member_id),
               count(DISTINCT sp.member_id) FILTER (WHERE sp.kind = 'exempt' AND sp.approved),
               count(DISTINCT sp.member_id) FILTER (WHERE sp.kind = 'working_away'),
               count(DISTINCT my.member_id) FILTER (WHERE my.rating = 'excellent'),
               count(DISTINCT my.member_id) FILTER (WHERE my.rating = 'failed'),
               count(DISTINCT my.member_id) FILTER (WHERE NOT my.resolution_compliant),
               count(DISTINCT my.member_id) FILTER (WHERE my.residence_feedback = 'not_good'),
               count(DISTINCT my.member_id)
        FROM cells_cellmembership cm
        LEFT JOIN cells_statusperiod sp ON sp.member_id = cm.member_id
             AND sp.start <= %(end)s AND (sp."end" IS NULL OR sp."end" >= %(start)s)
        LEFT JOIN cells_memberyear my ON my.member_id = cm.member_id AND my.year = %(year)s
        WHERE cm.cell_id = ANY(%(cells)s)
          AND cm.start <= %(end)s AND (cm."end" IS NULL OR cm."end" >= %(start)s)
        GROUP BY cm.cell_id
        """,
    ),
    (
        "households and their years",
        """
        SELECT cm.cell_id, count(DISTINCT mb.household_id),
               count(DISTINCT hy.household_id) FILTER (WHERE hy.cultured_family),
               count(DISTINCT hy.household_id) FILTER (WHERE hy.poverty <> 'none'),
               count(DISTINCT hy.household_id) FILTER (WHERE hy.civilized_rules),
               count(DISTINCT hy.household_id)
        FROM cells_cellmembership cm
        JOIN cells_member mb ON mb.id = cm.member_id
        LEFT JOIN cells_householdyear hy ON hy.household_id = mb.household_id
             AND hy.year = %(year)s
        WHERE cm.cell_id = ANY(%(cells)s)
          AND cm.start <= %(end)s AND (cm."end" IS NULL OR cm."end" >= %(start)s)
        GROUP BY cm.cell_id
        """,
    ),
    (
        "cell years",
        """
        SELECT cell_id, rating, targets_total, targets_met, satisfaction_percent, group_cultured
        FROM cells_cellyear WHERE year = %(year)s AND cell_id = ANY(%(cells)s)
        """,
    ),
]


def floor(cell_ids: list[int], year: int, as_of) -> int:
    import datetime

    from django.db import connection

    params = {
        "cells": cell_ids,
        "year": year,
        "start": datetime.date(year, 1, 1),
        "end": datetime.date(year, 12, 31),
        "as_of": as_of,
    }
    rows = 0
    with connection.cursor() as cursor:
        for _label, statement in FLOOR:
            cursor.execute(statement, params)
            rows += len(cursor.fetchall())
    return rows


def count_queries(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


def profile(fn) -> str:
    """Where the time of one evaluation goes (pyinstrument), for the report when the goal is missed."""
    from pyinstrument import Profiler

    profiler = Profiler()
    profiler.start()
    fn()
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False)
    lines = [line for line in text.splitlines() if line.strip()][:60]
    return (
        "One evaluation profiled (pyinstrument; wall time, CPU time in the header):\n\n```\n"
        + "\n".join(lines)
        + "\n```"
    )


def run(ctx: Context) -> Section:
    from cells.models import Cell
    from scoring.services import evaluate

    section = Section("evaluation", TITLE)
    cells = list(Cell.objects.order_by("code"))
    cell_ids = [cell.pk for cell in cells]
    year, as_of = ctx.year, ctx.as_of
    times = side_by_side(
        {
            "evaluate": lambda: evaluate(year, cells, as_of),
            "floor": lambda: floor(cell_ids, year, as_of),
        },
        ctx.runs,
    )
    ratio = Figure(
        "evaluate ÷ raw SQL (run by run)",
        ratios(times["evaluate"], times["floor"]),
        "x",
    )
    section.figures += [
        Figure(
            f"evaluate({year}, {len(cells):,} cells, as of {as_of:%d/%m/%Y})",
            tuple(times["evaluate"]),
        ),
        Figure(
            f"raw SQL floor, the same facts as aggregates ({len(FLOOR)} statements)",
            tuple(times["floor"]),
        ),
        ratio,
    ]
    few = count_queries(lambda: evaluate(year, cells[:10], as_of))
    every = count_queries(lambda: evaluate(year, cells, as_of))
    section.goals += [
        Goal(
            "evaluation ÷ raw-SQL floor",
            "≤ 2×",
            f"{ratio.median:.2f}× (median)",
            ratio.median <= 2,
        ),
        Goal(
            "evaluation queries independent of the number of cells",
            "10 cells = all cells",
            f"{few} queries for 10 cells, {every} for {len(cells):,}",
            few == every,
        ),
    ]
    if ratio.median > 2:
        section.text.append(profile(lambda: evaluate(year, cells, as_of)))
    section.notes.append(
        "The floor reads the same tables for the same cells, year and as-of date, and returns the facts "
        "as aggregates (counts per meeting, sums per sheet, counts per cell) and the absences by member, "
        "which the evidence names; `evaluate` also builds each member's and household's facts (the "
        "evidence names them too) and applies the 13 rules in Python."
    )
    return section
