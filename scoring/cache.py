"""Evaluations kept between requests, per cell, for the dashboards.

``make bench`` showed the need (docs/performance.md): the ward dashboard evaluated all its cells on every
request, ~0.4 s of CPU for a 40-cell ward, which saturated two cores under 20 users. A cell's evaluation is
now kept in Django's cache under a key made of what it was computed from:

- the year, the as-of date and the language (the evidence is worded in it);
- a **global stamp**: the latest history row of every record an evaluation reads that is not a meeting's
  (members, memberships, status periods, households and their years, cells, the rubrics, the catalogue…),
  and the highest id of every such table (writes that keep no history, such as seeding, add rows);
- a **cell stamp**: the latest history row of the cell's meetings, and of the attendance, score sheets and
  item scores of its meetings of the year.

Every change through the application writes a history row, so a change to one cell's meetings makes only that
cell's key new; any other change makes every key new. Nothing is invalidated by hand: an old key is simply
never asked for again, and the cache's own limit drops it. The printed documents, the API and the commands
always evaluate afresh.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection
from django.db.models import Max, QuerySet, Value
from django.utils import timezone, translation

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    RatingRule,
    StatusPeriod,
)
from meetings.models import Attendance, Meeting
from scoring.models import (
    ClassBand,
    Criterion,
    ItemScore,
    Rubric,
    RubricItem,
    RubricItemBand,
    RubricSection,
    ScoreSheet,
)
from scoring.services import CellEvaluation, evaluate
from wards.models import ResidentialGroup, Ward

# Raised whenever the cached objects change shape: a shared cache outlives a deployment (2: the facts
# count marks instead of listing them; the dashboards cache rows. 3: members, households, evidence and
# results are named tuples; a meeting's numbers of marks are fields).
KEY_VERSION = 3
logger = logging.getLogger(__name__)
TIMEOUT = 24 * 3600

# Records an evaluation reads besides a cell's meetings: any change to them renews every key.
GLOBAL_MODELS = (
    Ward,
    ResidentialGroup,
    Cell,
    Member,
    CellMembership,
    StatusPeriod,
    Office,
    Household,
    HouseholdYear,
    MemberYear,
    CellYear,
    RatingRule,
    Criterion,
    Rubric,
    RubricSection,
    RubricItem,
    RubricItemBand,
    ClassBand,
)
# Tables of the meetings whose rows may be added without history (seeding): their highest id counts too.
MEETING_MODELS = (Meeting, Attendance, ScoreSheet, ItemScore)


@functools.cache
def _global_stamp_sql() -> str:
    """The stamp's SQL, built once (a model's history manager is costly to reach)."""
    quote = connection.ops.quote_name
    columns = [
        (_historical(model)._meta.db_table, "history_id") for model in GLOBAL_MODELS
    ] + [
        (model._meta.db_table, model._meta.pk.column)
        for model in (*GLOBAL_MODELS, *MEETING_MODELS)
    ]
    return "SELECT " + ", ".join(
        f"(SELECT MAX({quote(column)}) FROM {quote(table)})"
        for table, column in columns
    )


def global_stamp() -> str:
    """The latest history row of each record type above and the highest id of each table: one query of
    scalar subqueries, each answered from a primary key index."""
    with connection.cursor() as cursor:
        cursor.execute(_global_stamp_sql())
        row = cursor.fetchone()
    return ".".join(str(value or 0) for value in row)


@functools.cache
def _historical(model: type) -> type:
    return model.history.model


def _history(model: type) -> QuerySet:
    """All the history rows of ``model``, through the historical model's own manager (``model.history``
    builds a manager class on every access)."""
    return _historical(model)._default_manager.all()


def cell_stamps(cell_ids: list[int], year: int) -> dict[int, str]:
    """For each cell, the latest history row of its meetings, and of the attendance, score sheets and
    item scores of its meetings of ``year``: one query of four grouped parts, whatever the number of cells."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    sources = [
        (_history(Meeting).filter(cell_id__in=cell_ids), "cell_id"),
        (
            _history(Attendance).filter(
                meeting__cell_id__in=cell_ids,
                meeting__held_on__gte=first,
                meeting__held_on__lte=last,
            ),
            "meeting__cell_id",
        ),
        (
            _history(ScoreSheet).filter(
                meeting__cell_id__in=cell_ids,
                meeting__held_on__gte=first,
                meeting__held_on__lte=last,
            ),
            "meeting__cell_id",
        ),
        (
            _history(ItemScore).filter(
                sheet__meeting__cell_id__in=cell_ids,
                sheet__meeting__held_on__gte=first,
                sheet__meeting__held_on__lte=last,
            ),
            "sheet__meeting__cell_id",
        ),
    ]
    grouped = [
        history.order_by()
        .values(cell_field)
        .annotate(latest=Max("history_id"), source=Value(position))
        .values_list(cell_field, "latest", "source")
        for position, (history, cell_field) in enumerate(sources)
    ]
    stamps = {cell_id: [0] * len(sources) for cell_id in cell_ids}
    # One round trip: the dashboards ask on every request.
    for cell_id, history_id, position in grouped[0].union(*grouped[1:], all=True):
        stamps[cell_id][position] = history_id or 0
    return {cell_id: ".".join(map(str, parts)) for cell_id, parts in stamps.items()}


def evaluation_keys(
    year: int, cells: Iterable[Cell], as_of: datetime.date | None = None
) -> dict[int, str]:
    """The cache key of each cell's evaluation: it changes whenever anything the evaluation reads does
    (two queries, whatever the number of cells)."""
    cells = list(cells)
    if not cells:
        return {}
    as_of = as_of or timezone.localdate()
    shared = (
        f"evaluation:{KEY_VERSION}:{translation.get_language()}:{year}:"
        f"{as_of.isoformat()}:{global_stamp()}"
    )
    per_cell = cell_stamps([cell.pk for cell in cells], year)
    return {cell.pk: f"{shared}:{cell.pk}:{per_cell[cell.pk]}" for cell in cells}


def evaluate_cached(
    year: int,
    cells: Iterable[Cell],
    as_of: datetime.date | None = None,
    *,
    keys: dict[int, str] | None = None,
) -> list[CellEvaluation]:
    """``evaluate(year, cells, as_of)``, in the order of ``cells``, taking each cell's evaluation from
    the cache when nothing it was computed from has changed since. ``keys`` are those of
    ``evaluation_keys`` when the caller has them already."""
    cells = list(cells)
    if not cells:
        return []
    as_of = as_of or timezone.localdate()
    keys = keys if keys is not None else evaluation_keys(year, cells, as_of)
    found = cache.get_many(list(keys.values()))
    missing = [cell for cell in cells if keys[cell.pk] not in found]
    if missing:
        fresh = {e.facts.cell_id: e for e in evaluate(year, missing, as_of)}
        cache.set_many(
            {keys[cell_id]: e for cell_id, e in fresh.items()}, timeout=TIMEOUT
        )
        found.update({keys[cell_id]: e for cell_id, e in fresh.items()})
    return [found[keys[cell.pk]] for cell in cells]


def combined_key(keys: dict[int, str], *extra: object) -> str:
    """One short key for a page built from these evaluations (and ``extra``, e.g. today's date)."""
    text = "|".join([*(keys[pk] for pk in sorted(keys)), *map(str, extra)])
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def refresh_after_save(changes: Iterable[tuple[int, int]]) -> None:
    """After a save has committed (``meetings.changes``): evaluate again the cells it changed, for the year
    of the change as the dashboards show it by default (as of today in the current year, as of its last
    day in a past one), in the active language, into the cache. The save's user waits ~20 ms; every reader
    of the ward's dashboard and of the cell page then finds the evaluation ready (docs/performance.md).

    The save has committed: a failure here is logged and never turns it into an error page.
    """
    today = timezone.localdate()
    by_year: dict[int, set[int]] = {}
    for cell_id, year in changes:
        if year <= today.year:
            by_year.setdefault(year, set()).add(cell_id)
    for year, cell_ids in by_year.items():
        as_of = today if year == today.year else datetime.date(year, 12, 31)
        try:
            evaluate_cached(year, Cell.objects.filter(pk__in=cell_ids), as_of)
        except Exception:  # the save is done; the next reader evaluates instead
            logger.exception(
                "evaluating cells %s of %s after a save failed", cell_ids, year
            )
