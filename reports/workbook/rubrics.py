"""The rubrics (score sheet versions) and stored score sheets an import checks scores against."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.models import Rubric, RubricItem, ScoreSheet


@dataclass(frozen=True)
class ItemInfo:
    pk: int
    max_points: Decimal
    step: Decimal


@dataclass
class RubricInfo:
    pk: int
    code: str
    valid_from: datetime.date
    total_points: Decimal
    items: dict[str, ItemInfo] = field(default_factory=dict)


class Rubrics:
    """Every rubric with its items (a handful of rows), and the stored sheets of the workbook's
    meetings: (meeting key, scorer) -> pk, rubric id, total only."""

    def __init__(self, meeting_keys: Iterable[str]) -> None:
        self.by_pk: dict[int, RubricInfo] = {
            r.pk: RubricInfo(r.pk, r.code, r.valid_from, r.total_points)
            for r in Rubric.objects.all()
        }
        for item in RubricItem.objects.values(
            "pk", "rubric_id", "code", "max_points", "step"
        ):
            self.by_pk[item["rubric_id"]].items[item["code"]] = ItemInfo(
                item["pk"], item["max_points"], item["step"]
            )
        self.ordered = sorted(self.by_pk.values(), key=lambda r: r.valid_from)
        keys = sorted(set(meeting_keys))
        self.sheets: dict[tuple, dict[str, Any]] = {}
        for start in range(0, len(keys), 2000):
            for sheet in ScoreSheet.objects.filter(
                meeting__key__in=keys[start : start + 2000]
            ).values("pk", "meeting__key", "scorer", "rubric_id", "total_only"):
                self.sheets[(sheet["meeting__key"], sheet["scorer"])] = sheet

    def in_force(self, day: datetime.date) -> RubricInfo | None:
        found = None
        for rubric in self.ordered:
            if rubric.valid_from <= day:
                found = rubric
        return found

    def for_sheet(self, sheet_key: tuple, day: datetime.date) -> RubricInfo | None:
        """A stored sheet keeps its rubric; a new one takes the rubric in force on the meeting's date."""
        stored = self.sheets.get(sheet_key)
        if stored is not None:
            return self.by_pk[stored["rubric_id"]]
        return self.in_force(day)
