"""``workbook_check`` and ``workbook_import``: read a workbook, check it whole against the stored data,
then (import only) write it in one transaction, all or nothing (DESIGN.md "Workbook format")."""

from __future__ import annotations

import os
from typing import IO, Any

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import DataLog
from reports.workbook.checks import run_checks
from reports.workbook.format import SHEETS
from reports.workbook.guards import check_access, check_closed_years
from reports.workbook.plan import (
    ImportPlan,
    PossibleDuplicate,
    RowChange,
    RowError,
    SheetPlan,
)
from reports.workbook.reader import read_workbook
from reports.workbook.rubrics import Rubrics
from reports.workbook.state import State, build_state, meeting_keys_of
from reports.workbook.writer import write

SHEET_ORDER = {sheet.name: i for i, sheet in enumerate(SHEETS)}


class _Refused(Exception):
    """Rolls the transaction back when the checks found errors."""


def workbook_check(file: str | IO[bytes], *, by: Any = None) -> ImportPlan:
    """Read and check ``file`` (a path or a binary file object); nothing is written."""
    return _run(file, by=by, apply=False)


def workbook_import(
    file: str | IO[bytes], *, by: Any = None, dry_run: bool = False
) -> ImportPlan:
    """Import ``file``: every row checked first, then everything written in one transaction, or nothing.
    ``applied`` is True only when the rows were written. ``by`` (None: the command line) is recorded as
    the history user; with a user, rows outside the user's wards are errors."""
    return _run(file, by=by, apply=not dry_run)


def _run(file: str | IO[bytes], *, by: Any, apply: bool) -> ImportPlan:
    errors: list[RowError] = []
    if hasattr(file, "seek"):
        file.seek(0)  # the same upload may be checked, then imported
    read = read_workbook(file, errors)
    plan = ImportPlan(errors=errors)
    if not read:
        return plan
    try:
        with transaction.atomic():
            state = build_state(read, errors, timezone.localdate())
            rubrics = Rubrics(meeting_keys_of(read))
            run_checks(state, errors, rubrics)
            check_closed_years(state, errors)
            check_access(state, errors, by)
            plan.sheets = sheet_plans(state)
            plan.duplicates = possible_duplicates(state)
            if errors or not apply:
                raise _Refused
            now = timezone.now()
            write(state, rubrics, by, now)
            DataLog.objects.create(
                user=by,
                action=DataLog.Action.IMPORT,
                what=_file_name(file),
                personal_data="Members" in state.entries,
                details={
                    p.name: {
                        "created": p.created,
                        "updated": p.updated,
                        "unchanged": p.unchanged,
                    }
                    for p in plan.sheets
                },
            )
    except _Refused:
        pass
    except (IntegrityError, DatabaseError) as error:
        errors.append(
            RowError(
                "",
                0,
                "",
                _("The database refused the import: %(error)s") % {"error": error},
            )
        )
    plan.errors = sorted(errors, key=lambda e: (SHEET_ORDER.get(e.sheet, -1), e.row))
    plan.applied = apply and not plan.errors
    return plan


def _file_name(file: str | IO[bytes]) -> str:
    name = (
        file if isinstance(file, str) else getattr(file, "name", "") or "workbook.xlsx"
    )
    return os.path.basename(str(name))[:255]


def sheet_plans(state: State) -> list[SheetPlan]:
    plans = []
    for sheet in SHEETS:
        entries = state.entries.get(sheet.name)
        if not entries:
            continue
        plan = SheetPlan(sheet.name)
        for entry in entries:
            action = entry.action
            setattr(
                plan,
                {"create": "created", "update": "updated"}.get(action, action),
                getattr(
                    plan, {"create": "created", "update": "updated"}.get(action, action)
                )
                + 1,
            )
            plan.changes.append(
                RowChange(entry.number, entry.key_text, action, entry.changed)
            )
        plans.append(plan)
    return plans


def possible_duplicates(state: State) -> list[PossibleDuplicate]:
    """New members who may be someone already stored: the same citizen ID, card number, or name and
    date of birth."""
    stored = list(state.stored["Members"].values())
    by_value: dict[tuple, dict[str, Any]] = {}
    for row in stored:
        if row["citizen_id"]:
            by_value[("citizen_id", row["citizen_id"])] = row
        if row["card_number"]:
            by_value[("card_number", row["card_number"])] = row
        if row["birth_date"]:
            by_value[("name", row["full_name"].casefold(), row["birth_date"])] = row
    reasons = {
        "citizen_id": _("same citizen ID"),
        "card_number": _("same card number"),
        "name": _("same name and date of birth"),
    }
    found = []
    for entry in state.entries.get("Members", []):
        if entry.old is not None:
            continue
        row = entry.new
        for probe in (
            ("citizen_id", row["citizen_id"]),
            ("card_number", row["card_number"]),
            ("name", (row["full_name"] or "").casefold(), row["birth_date"]),
        ):
            match = by_value.get(probe) if all(probe[1:]) else None
            if match is not None and match["code"] != row["code"]:
                found.append(
                    PossibleDuplicate(
                        "Members",
                        entry.number,
                        row["code"],
                        row["full_name"],
                        match["code"],
                        match["full_name"],
                        str(reasons[probe[0]]),
                    )
                )
                break
    return found
