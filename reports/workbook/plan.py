"""What an import found and would do: located errors, the changes per sheet, possible duplicates."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowError:
    """One located error; ``message`` is already translated. Row 0 and no sheet: the file as a whole."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        place = f"{self.sheet}!{self.row}"
        if self.column:
            place += f" {self.column}"
        return f"{place}: {self.message}"


@dataclass
class RowChange:
    row: int
    key: str
    action: str  # "create" | "update" | "unchanged"
    fields: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class SheetPlan:
    name: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[RowChange] = field(default_factory=list)


@dataclass
class PossibleDuplicate:
    """A new member who may be someone already on file."""

    sheet: str
    row: int
    code: str
    full_name: str
    existing_code: str
    existing_name: str
    reason: str


@dataclass
class ImportPlan:
    errors: list[RowError] = field(default_factory=list)
    sheets: list[SheetPlan] = field(default_factory=list)
    duplicates: list[PossibleDuplicate] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors
