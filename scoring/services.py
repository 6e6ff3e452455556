"""Evaluating cells against the model-cell criteria: ``evaluate(year, cells, as_of)``."""

from __future__ import annotations

import contextlib
import datetime
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from cells.models import Cell
from scoring.catalogue import (
    ALL_KINDS,
    DEFAULT_VERSION,
    CatalogueEntry,
    default_entries_for,
)
from scoring.classes import meets_model_bar
from scoring.domain import CellYearFacts, CriterionResult, State
from scoring.facts import build_facts
from scoring.models import Criterion
from scoring.rules import RULES
from scoring.wording import worded_in


class CriterionEvaluation(NamedTuple):
    """One criterion's catalogue entry and verdict (a named tuple, like the verdict: 26,000 a province)."""

    entry: CatalogueEntry
    result: CriterionResult

    @property
    def applicable(self) -> bool:
        return self.result.state != State.NOT_APPLICABLE


@dataclass(frozen=True)
class CellEvaluation:
    facts: CellYearFacts
    criteria: tuple[CriterionEvaluation, ...]

    @property
    def model_cell(self) -> bool:
        """Chi bộ kiểu mẫu: every applicable criterion passed."""
        return all(
            c.result.state == State.PASSED for c in self.criteria if c.applicable
        )

    @property
    def meetings_summary(self) -> dict:
        meetings = [m for m in self.facts.meetings if m.kind != "study"]
        scored = [m for m in meetings if m.is_scored]
        return {
            "held": len(meetings),
            "regular": sum(1 for m in meetings if m.kind in ("regular", "combined")),
            "thematic": sum(1 for m in meetings if m.kind in ("thematic", "combined")),
            "scored": len(scored),
            "type1": sum(1 for m in scored if m.meeting_class == 1),
            "bar98": sum(
                1 for m in scored if meets_model_bar(m.meeting_class, m.score)
            ),
            "min_score": min((m.score for m in scored), default=None),
        }


class ScoringError(Exception):
    """A scoring problem whose message is meant for the user."""


@dataclass(frozen=True)
class Catalogue:
    """The criteria in force in one year, by cell kind, with the version they come from."""

    year: int
    entries: dict[str, tuple[CatalogueEntry, ...]]
    versions: dict[str, str]

    @property
    def version(self) -> str:
        return ", ".join(sorted(set(self.versions.values())))


def catalogue_for(year: int) -> Catalogue:
    """For each cell kind, the catalogue version with the latest ``valid_from_year`` not after ``year``
    (one query). Without any row for a kind, DOMAIN.md's defaults apply."""
    rows = sorted(
        Criterion.objects.filter(valid_from_year__lte=year).values(
            "version",
            "valid_from_year",
            "cell_kind",
            "number",
            "key",
            "title",
            "rule",
            "params",
        ),
        key=lambda row: (row["cell_kind"], -row["valid_from_year"], row["number"]),
    )
    entries: dict[str, tuple[CatalogueEntry, ...]] = {}
    versions: dict[str, str] = {}
    for kind in ALL_KINDS:
        of_kind = [row for row in rows if row["cell_kind"] == kind]
        if not of_kind:
            entries[kind] = tuple(default_entries_for(kind))
            versions[kind] = DEFAULT_VERSION
            continue
        latest = of_kind[0]["valid_from_year"]
        chosen = [row for row in of_kind if row["valid_from_year"] == latest]
        entries[kind] = tuple(
            CatalogueEntry(
                number=row["number"],
                key=row["key"],
                title=row["title"],
                rule=row["rule"],
                params=row["params"] or {},
                kinds=(kind,),
            )
            for row in chosen
        )
        versions[kind] = chosen[0]["version"]
        numbers = [entry.number for entry in entries[kind]]
        if numbers != list(range(1, 14)):
            raise ScoringError(
                _(
                    "The catalogue %(v)s for %(kind)s cells does not list criteria 1 to 13."
                )
                % {"v": versions[kind], "kind": kind}
            )
        unknown = [entry.rule for entry in entries[kind] if entry.rule not in RULES]
        if unknown:
            raise ScoringError(
                _("Unknown rule in the catalogue: %(rules)s")
                % {"rules": ", ".join(unknown)}
            )
    return Catalogue(year, entries, versions)


def evaluate_facts(facts: CellYearFacts, catalogue: Catalogue) -> CellEvaluation:
    criteria = []
    for entry in catalogue.entries[facts.kind]:
        result = RULES[entry.rule](facts, entry.params)
        criteria.append(CriterionEvaluation(entry, result))
    return CellEvaluation(facts, tuple(criteria))


def evaluate(
    year: int,
    cells: Iterable[Cell] | QuerySet[Cell],
    as_of: datetime.date | None = None,
) -> list[CellEvaluation]:
    """Evaluate each cell for ``year`` as known at ``as_of`` (default: today, Asia/Ho_Chi_Minh).

    For the year that contains ``as_of``, what is not due yet is pending.
    """
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    catalogue = catalogue_for(year)
    with collector_paused(), worded_in(translation.get_language()):
        return [
            evaluate_facts(facts, catalogue)
            for facts in build_facts(cells, year, as_of)
        ]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the facts and verdicts are built.

    A province's evaluation makes a third of a million small objects, none of them in a cycle, and every
    700 allocations the collector walked the growing heap again: a quarter of the evaluation's time
    (docs/performance.md). It runs again afterwards, as it was; its first young collection then walks
    what the evaluation kept, once (60 ms for a province).

    Handing those objects to the oldest generation instead (``gc.freeze()``, ``gc.unfreeze()``) was
    measured and rejected: it kept Python from ever collecting the oldest generation again, and printing
    100 evaluations grew the process from 0.9 to 1.6 GB.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def number(value: float | Decimal | None) -> float | None:
    return None if value is None else round(float(value), 1)


def evaluation_json(
    evaluations: list[CellEvaluation], year: int, as_of: datetime.date
) -> dict:
    """The JSON of DESIGN.md "Interfaces" (``evaluate --format json`` and the API): cells by code, criteria
    by number."""
    cells = []
    for evaluation in sorted(evaluations, key=lambda e: e.facts.code):
        facts = evaluation.facts
        summary = evaluation.meetings_summary
        summary["min_score"] = number(summary["min_score"])
        cells.append(
            {
                "code": facts.code,
                "name": facts.name,
                "kind": facts.kind,
                "model_cell": evaluation.model_cell,
                "criteria": [
                    {
                        "number": c.entry.number,
                        "key": c.entry.key,
                        "title": c.entry.title,
                        "applicable": c.applicable,
                        "state": str(c.result.state),
                        "passed": c.result.passed,
                        "value": number(c.result.value),
                        "required": number(c.result.required),
                        "detail": c.result.detail,
                        "evidence": [e.as_json() for e in c.result.evidence],
                    }
                    for c in sorted(evaluation.criteria, key=lambda c: c.entry.number)
                ],
                "meetings": summary,
            }
        )
    return {"year": year, "as_of": as_of.isoformat(), "cells": cells}
