"""The ward dashboard (the home of a ward official): every cell's verdicts, meetings month by month, scores
and the cells at risk, for one year as known at one date.

``ward_dashboard`` reads the database with a constant number of queries whatever the number of cells (one
``evaluate`` call, one query for the planned meetings); the rest is arithmetic on the evaluations.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from cells.models import Cell, CellKind
from meetings.models import Meeting, MeetingState
from reports.dashboards.base import (
    PlannedMeeting,
    average,
    model_bar,
    score_text,
    scored_meetings,
)
from reports.dashboards.grid import MonthCell, month_cells, score_chart
from reports.dashboards.risk import CellRisk, RiskList, cell_risk
from reports.dashboards.verdicts import Verdict, verdict_of
from scoring.cache import TIMEOUT, combined_key, evaluate_cached, evaluation_keys
from scoring.classes import MODEL_BAR, meets_model_bar
from scoring.services import CellEvaluation
from wards.models import Ward

NOT_COUNTED_STATES = (MeetingState.PLANNED, MeetingState.DRAFT)


@dataclass(frozen=True)
class VerdictCell:
    """One criterion of one cell in the matrix of verdicts."""

    number: int
    title: str
    verdict: Verdict
    detail: str

    @property
    def tip(self) -> str:
        """The tooltip: the criterion and its verdict, with the reason when it failed or is undecided."""
        tip = f"{self.number}. {self.title} — {self.verdict.label}"
        if self.detail and self.verdict.state in ("failed", "undecided"):
            tip += f". {self.detail}"
        return tip


@dataclass(frozen=True)
class CellRow:
    cell_id: int
    code: str
    name: str
    short_name: str  # without the leading "Chi bộ", for the narrow grid
    kind: str
    kind_label: str | Promise
    verdicts: tuple[VerdictCell, ...]
    model_cell: bool
    months: tuple[MonthCell, ...]
    held: int
    average_text: str
    lowest_text: str
    lowest_below_bar: bool
    risk: CellRisk | None
    # (month, points) of each scored meeting, and the model bar: the ward's figures and chart add them up.
    scores: tuple[tuple[int, Decimal], ...] = ()
    bar: Decimal = MODEL_BAR
    # Says what the row was built from (the cell's evaluation key and today): its HTML is cached under it,
    # so that a change to one cell renders one row again, not the ward's 40.
    cache_key: str = ""


@dataclass(frozen=True)
class LegendEntry:
    number: int
    titles: tuple[
        tuple[str, str], ...
    ]  # (title, the kinds it applies to, "" when it applies to all)

    @property
    def title(self) -> str:
        return self.titles[0][0] if self.titles else ""


@dataclass(frozen=True)
class WardDashboard:
    ward: Ward
    year: int
    as_of: datetime.date
    rows: tuple[CellRow, ...]
    legend: tuple[LegendEntry, ...]
    risks: RiskList
    model_cells: int
    meetings_held: int
    average_text: str
    lowest_text: str
    chart: dict
    # Says what the dashboard was built from (scoring/cache.py): the page's grids are cached under it.
    cache_key: str = ""

    @property
    def year_open(self) -> bool:
        return self.as_of < datetime.date(self.year, 12, 31)

    @property
    def possible_model_cells(self) -> int:
        """Cells that can still be model cells: none of their criteria has failed."""
        return len(self.rows) - len(self.risks.lost)


def cells_of_year(cells: QuerySet[Cell], year: int) -> QuerySet[Cell]:
    """The cells that existed on at least one day of ``year``."""
    return cells.filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=datetime.date(year, 12, 31)),
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=datetime.date(year, 1, 1)),
    )


def planned_meetings(
    cell_ids: Sequence[int], *, year: int | None = None
) -> dict[int, list[PlannedMeeting]]:
    """The planned and draft meetings of the cells (of ``year``, or of any year), by cell id, by date."""
    meetings = Meeting.objects.filter(
        cell_id__in=cell_ids, state__in=NOT_COUNTED_STATES
    )
    if year is not None:
        meetings = meetings.filter(held_on__year=year)
    result: dict[int, list[PlannedMeeting]] = defaultdict(list)
    for row in meetings.order_by("held_on", "key").values(
        "id", "cell_id", "key", "held_on", "kind", "state", "topic"
    ):
        result[row["cell_id"]].append(PlannedMeeting(**row))
    return dict(result)


def ward_dashboard(
    ward: Ward, cells: QuerySet[Cell], *, year: int, as_of: datetime.date
) -> WardDashboard:
    """The dashboard of ``ward`` for ``year`` as known at ``as_of``, over ``cells`` (already filtered)."""
    cell_list = list(cells_of_year(cells, year).order_by("code"))
    keys = evaluation_keys(year, cell_list, as_of)
    # Planned meetings are meetings (their changes are in the keys); "so far" depends on today.
    today = timezone.localdate()
    key = combined_key(keys, ward.pk, today)
    dashboard = cache.get(f"ward-dashboard:{key}")
    if dashboard is None:
        row_keys = {
            cell.pk: combined_key({cell.pk: keys[cell.pk]}, today) for cell in cell_list
        }
        found = cache.get_many([row_cache_key(k) for k in row_keys.values()])
        missing = [c for c in cell_list if row_cache_key(row_keys[c.pk]) not in found]
        # Only the cells whose row is not cached are evaluated (or read from the evaluations' cache):
        # after a save, one.
        evaluations = evaluate_cached(
            year, missing, as_of, keys={c.pk: keys[c.pk] for c in missing}
        )
        planned = planned_meetings([cell.pk for cell in missing], year=year)
        fresh = {
            row.cell_id: row
            for row in cell_rows(
                evaluations, planned, {c.pk: row_keys[c.pk] for c in missing}
            )
        }
        rows = tuple(
            fresh.get(cell.pk) or found[row_cache_key(row_keys[cell.pk])]
            for cell in cell_list
        )
        dashboard = dataclasses.replace(
            dashboard_of_rows(ward, rows, year=year, as_of=as_of), cache_key=key
        )
        cache.set(f"ward-dashboard:{key}", dashboard, timeout=TIMEOUT)
    return dashboard


def build_dashboard(
    ward: Ward,
    evaluations: Sequence[CellEvaluation],
    planned: Mapping[int, Sequence[PlannedMeeting]],
    *,
    year: int,
    as_of: datetime.date,
) -> WardDashboard:
    """The dashboard of ``evaluations`` (the exports; the page caches its rows, ``ward_dashboard``)."""
    return dashboard_of_rows(
        ward, cell_rows(evaluations, planned, {}), year=year, as_of=as_of
    )


def dashboard_of_rows(
    ward: Ward, rows: Sequence[CellRow], *, year: int, as_of: datetime.date
) -> WardDashboard:
    """The ward's figures, legend, cells at risk and chart, added up from its cells' rows."""
    risks = RiskList(
        tuple(row.risk for row in rows if row.risk and row.risk.lost),
        tuple(row.risk for row in rows if row.risk and not row.risk.lost),
    )
    points = [point for row in rows for point in row.scores]
    scores = [score for _month, score in points]
    return WardDashboard(
        ward=ward,
        year=year,
        as_of=as_of,
        rows=tuple(rows),
        legend=legend(rows),
        risks=risks,
        model_cells=sum(1 for row in rows if row.model_cell),
        meetings_held=sum(row.held for row in rows),
        average_text=score_text(average(scores)),
        lowest_text=score_text(min(scores, default=None)),
        chart=score_chart(points, year, rows[0].bar if rows else MODEL_BAR),
    )


def cell_rows(
    evaluations: Sequence[CellEvaluation],
    planned: Mapping[int, Sequence[PlannedMeeting]],
    keys: Mapping[int, str],
) -> tuple[CellRow, ...]:
    """Each evaluation's row, in order. Those with a key (``ward_dashboard``: what the row is built from)
    carry it, and are kept in the cache under it for the next dashboard."""
    rows, fresh = [], {}
    for evaluation in evaluations:
        cell_id = evaluation.facts.cell_id
        cell_planned = planned.get(cell_id, ())
        row = cell_row(evaluation, cell_planned, cell_risk(evaluation, cell_planned))
        key = keys.get(cell_id)
        if key:
            risk = row.risk and dataclasses.replace(row.risk, cache_key=key)
            row = dataclasses.replace(row, cache_key=key, risk=risk)
            fresh[row_cache_key(key)] = row
        rows.append(row)
    if fresh:
        cache.set_many(fresh, timeout=TIMEOUT)
    return tuple(rows)


def row_cache_key(key: str) -> str:
    return f"ward-row:{key}"


def cell_row(
    evaluation: CellEvaluation,
    planned: Sequence[PlannedMeeting],
    risk: CellRisk | None,
) -> CellRow:
    facts = evaluation.facts
    verdicts = tuple(
        VerdictCell(
            c.entry.number,
            c.entry.title,
            verdict_of(c.result.state),
            c.result.detail,
        )
        for c in sorted(evaluation.criteria, key=lambda c: c.entry.number)
    )
    scored = scored_meetings(facts.meetings)
    lowest = min(scored, key=lambda m: m.score, default=None)
    bar = model_bar(evaluation)
    return CellRow(
        cell_id=facts.cell_id,
        code=facts.code,
        name=facts.name,
        short_name=short_name(facts.name),
        kind=facts.kind,
        kind_label=str(
            CellKind(facts.kind).label
        ),  # worded now: rows are cached, per language
        verdicts=verdicts,
        model_cell=evaluation.model_cell,
        months=month_cells(facts, planned, bar),
        held=evaluation.meetings_summary["held"],
        average_text=score_text(average([m.score for m in scored])),
        lowest_text=score_text(lowest.score if lowest else None),
        lowest_below_bar=bool(
            lowest and not meets_model_bar(lowest.meeting_class, lowest.score, bar)
        ),
        risk=risk,
        scores=tuple((m.held_on.month, m.score) for m in scored),
        bar=bar,
    )


def short_name(name: str) -> str:
    """ "Chi bộ Tổ dân phố số 1" → "Tổ dân phố số 1": every row of the grid is a cell (chi bộ)."""
    for prefix in ("Chi bộ ", "chi bộ "):
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix) :]
    return name


def legend(rows: Iterable[CellRow]) -> tuple[LegendEntry, ...]:
    """The titles of criteria 1–13 for the kinds of cells shown (12 and 13 differ by kind)."""
    titles: dict[int, dict[str, list[str]]] = defaultdict(dict)
    for row in rows:
        for item in row.verdicts:
            kinds = titles[item.number].setdefault(item.title, [])
            if row.kind not in kinds:
                kinds.append(row.kind)
    entries = []
    for number in sorted(titles):
        by_title = titles[number]
        if len(by_title) == 1:
            entries.append(LegendEntry(number, ((next(iter(by_title)), ""),)))
            continue
        entries.append(
            LegendEntry(
                number,
                tuple(
                    (
                        title,
                        ", ".join(
                            str(CellKind(kind).label)
                            for kind in CellKind.values
                            if kind in kinds
                        ),
                    )
                    for title, kinds in by_title.items()
                ),
            )
        )
    return tuple(entries)
