"""The years of a ward and whether each is closed (khóa sổ năm), for the year-closing page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from scoring.models import ClosedYear
from wards.models import Ward

YEARS_SHOWN = 4


@dataclass(frozen=True)
class YearRow:
    year: int
    ended: bool
    closed: ClosedYear | None  # the row, closed or reopened; None when never closed

    @property
    def is_closed(self) -> bool:
        return self.closed is not None and self.closed.closed

    @property
    def model_cells(self) -> int | None:
        """Model cells in the stored evaluation of a closed year."""
        if not self.is_closed:
            return None
        return sum(
            1 for cell in self.closed.evaluation.get("cells", []) if cell["model_cell"]
        )

    @property
    def closed_by_name(self) -> str:
        user = self.closed.closed_by if self.closed else None
        if user is None:
            return "–"
        return user.get_full_name() or user.username

    @property
    def cells(self) -> int | None:
        return len(self.closed.evaluation.get("cells", [])) if self.is_closed else None


def ward_years(ward: Ward, today: datetime.date) -> list[YearRow]:
    """The current year, the last few years and every year the ward ever closed, newest first (one
    query)."""
    closed = {
        row.year: row
        for row in ClosedYear.objects.filter(ward=ward).select_related("closed_by")
    }
    years = set(range(today.year - YEARS_SHOWN + 1, today.year + 1)) | set(closed)
    return [
        YearRow(year=year, ended=year < today.year, closed=closed.get(year))
        for year in sorted(years, reverse=True)
    ]
