"""Writing a checked import: creates and updates in bulk, sheet by sheet, each with its history rows
(django-simple-history) naming the importing user. Nothing is ever deleted."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cells.models import Cell
from reports.workbook.checks import MODELS
from reports.workbook.format import SHEETS, TOTAL
from reports.workbook.rubrics import Rubrics
from reports.workbook.state import Entry, State
from scoring.models import ItemScore, ScoreSheet

BATCH = 2000
# Sheets whose rows are named by a code that other sheets refer to: sheet -> refs name.
CODED = {
    "Wards": "Wards",
    "Groups": "Groups",
    "Cells": "Cells",
    "Households": "Households",
    "Members": "Members",
    "Meetings": "Meetings",
}


def _text(value: Any) -> str:
    return value or ""


def fields_of(
    name: str, row: dict[str, Any], refs: dict[str, dict[str, int]]
) -> dict[str, Any]:
    """A merged row as model fields (codes turned into primary keys)."""

    def ref(sheet: str, code: str | None) -> int | None:
        return refs[sheet][code] if code else None

    if name == "Wards":
        return {
            k: _text(row[k])
            for k in ("code", "name", "committee_name", "city", "province")
        }
    if name == "Groups":
        return {
            "code": row["code"],
            "ward_id": ref("Wards", row["ward_code"]),
            "name": row["name"],
        }
    if name == "Cells":
        return {
            "code": row["code"],
            "ward_id": ref("Wards", row["ward_code"]),
            "name": row["name"],
            "kind": row["kind"],
            "founded_on": row["founded_on"],
            "dissolved_on": row["dissolved_on"],
        }
    if name == "Households":
        return {
            "code": row["code"],
            "group_id": ref("Groups", row["group_code"]),
            "head_name": row["head_name"],
            "address": _text(row["address"]),
        }
    if name == "Members":
        fields = {
            k: _text(row[k])
            for k in (
                "code",
                "card_number",
                "full_name",
                "gender",
                "citizen_id",
                "phone",
            )
        }
        fields.update(
            birth_date=row["birth_date"],
            joined_on=row["joined_on"],
            official_on=row["official_on"],
            household_id=ref("Households", row["household_code"]),
        )
        return fields
    member = {"member_id": ref("Members", row.get("member_code"))}
    if name == "Memberships":
        return member | {
            "cell_id": ref("Cells", row["cell_code"]),
            "start": row["start"],
            "end": row["end"],
        }
    if name == "StatusPeriods":
        return member | {
            "kind": row["kind"],
            "start": row["start"],
            "end": row["end"],
            "approved": bool(row["approved"]),
            "approved_on": row["approved_on"],
            "approved_by": _text(row["approved_by"]),
            "contact_kept": bool(row["contact_kept"]),
            "note": _text(row["note"]),
        }
    if name == "Offices":
        unit = row["unit_code"]
        cell = refs["Cells"].get(unit)
        return member | {
            "cell_id": cell,
            "ward_id": None if cell else refs["Wards"][unit],
            "position": row["position"],
            "start": row["start"],
            "end": row["end"],
        }
    if name == "Meetings":
        fields = {
            k: _text(row[k])
            for k in ("key", "kind", "state", "topic", "place", "conclusion", "minutes")
        }
        fields.update(
            cell_id=ref("Cells", row["cell_code"]),
            held_on=row["held_on"],
            start_time=row["start_time"],
            end_time=row["end_time"],
            chair_id=ref("Members", row["chair_code"]),
            minute_taker_id=ref("Members", row["minute_taker_code"]),
            speakers=row["speakers"],
            targets_met_percent=row["targets_met_percent"],
        )
        return fields
    if name == "Attendance":
        return member | {
            "meeting_id": ref("Meetings", row["meeting_key"]),
            "mark": row["mark"],
            "note": _text(row["note"]),
        }
    if name == "MemberYears":
        return member | {
            "year": row["year"],
            "rating": row["rating"],
            "resolution_compliant": bool(row["resolution_compliant"]),
            "residence_feedback": _text(row["residence_feedback"]),
        }
    if name == "HouseholdYears":
        return {
            "household_id": ref("Households", row["household_code"]),
            "year": row["year"],
            "cultured_family": bool(row["cultured_family"]),
            "poverty": row["poverty"],
            "civilized_rules": bool(row["civilized_rules"]),
        }
    if name == "CellYears":
        return {
            "cell_id": ref("Cells", row["cell_code"]),
            "year": row["year"],
            "rating": _text(row["rating"]),
            "targets_total": row["targets_total"],
            "targets_met": row["targets_met"],
            "satisfaction_percent": row["satisfaction_percent"],
            "group_cultured": row["group_cultured"],
        }
    raise KeyError(name)


def write(state: State, rubrics: Rubrics, by: Any, now: datetime.datetime) -> None:
    refs: dict[str, dict[str, int]] = {
        name: {key[0]: row["_pk"] for key, row in state.stored[name].items()}
        for name in CODED
    }
    for sheet in SHEETS:
        entries = state.entries.get(sheet.name, [])
        if not entries:
            continue
        if sheet.name == "Scores":
            write_scores(state, rubrics, refs, by, now)
        else:
            _write_sheet(sheet.name, entries, refs, by, now)


def _write_sheet(
    name: str,
    entries: list[Entry],
    refs: dict[str, dict[str, int]],
    by: Any,
    now: datetime.datetime,
) -> None:
    model = MODELS[name]
    creates = [e for e in entries if e.old is None]
    updates = [e for e in entries if e.old is not None and e.changed]
    objects = []
    for entry in creates:
        obj = model(**fields_of(name, entry.new, refs))
        if name == "Meetings":
            obj.version, obj.updated_at, obj.updated_by = 1, now, by
        objects.append(obj)
    if objects:
        created = bulk_create_with_history(
            objects, model, batch_size=BATCH, default_user=by, default_date=now
        )
        if name in CODED:
            for entry, obj in zip(creates, created, strict=True):
                refs[name][entry.key[0]] = obj.pk
    if updates:
        stored = model._default_manager.in_bulk([e.old["_pk"] for e in updates])
        changed, names = [], set()
        for entry in updates:
            obj = stored[entry.old["_pk"]]
            fields = fields_of(name, entry.new, refs)
            for field, value in fields.items():
                setattr(obj, field, value)
            names.update(fields)
            if name == "Meetings":
                obj.version += 1
                obj.updated_at, obj.updated_by = now, by
                names.update(("version", "updated_at", "updated_by"))
            changed.append(obj)
        bulk_update_with_history(
            changed,
            model,
            sorted(names),
            batch_size=BATCH,
            default_user=by,
            default_date=now,
        )
    if name == "Cells":
        _write_cell_groups(
            [e for e in entries if e.writes and "group_code" in _changed_or_new(e)],
            refs,
        )


def _changed_or_new(entry: Entry) -> set[str]:
    return (
        {c.key for c in entry.sheet.columns}
        if entry.old is None
        else set(entry.changed)
    )


def _write_cell_groups(entries: list[Entry], refs: dict[str, dict[str, int]]) -> None:
    if not entries:
        return
    through = Cell.groups.through
    cell_ids = [refs["Cells"][e.key[0]] for e in entries]
    through.objects.filter(cell_id__in=cell_ids).delete()
    through.objects.bulk_create(
        through(
            cell_id=refs["Cells"][e.key[0]], residentialgroup_id=refs["Groups"][code]
        )
        for e in entries
        for code in e.new["group_code"]
    )


def write_scores(
    state: State,
    rubrics: Rubrics,
    refs: dict[str, dict[str, int]],
    by: Any,
    now: datetime.datetime,
) -> None:
    """Score sheets and their items: a sheet is written when one of its rows changes; an itemised sheet
    stores the sum of its items as its total."""
    entries = state.entries["Scores"]
    touched = {e.key[:2] for e in entries if e.writes}
    if not touched:
        return
    rows: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for key, row in state.rows("Scores").items():
        if key[:2] in touched:
            rows[key[:2]].append(row)
    meetings = {k[0]: r for k, r in state.rows("Meetings").items()}
    new_sheets, old_sheets = [], []
    stored = ScoreSheet.objects.in_bulk(
        [s["pk"] for k, s in rubrics.sheets.items() if k in touched]
    )
    for sheet_key in sorted(touched):
        items = rows[sheet_key]
        total_row = next((r for r in items if r["item"] == TOTAL), None)
        total = (
            total_row["points"]
            if total_row
            else sum((r["points"] for r in items), Decimal(0))
        )
        known = rubrics.sheets.get(sheet_key)
        if known is None:
            rubric = rubrics.for_sheet(sheet_key, meetings[sheet_key[0]]["held_on"])
            new_sheets.append(
                ScoreSheet(
                    meeting_id=refs["Meetings"][sheet_key[0]],
                    scorer=sheet_key[1],
                    rubric_id=rubric.pk,
                    total_only=total_row is not None,
                    total=total,
                    scored_by=by,
                    version=1,
                    updated_at=now,
                )
            )
        else:
            sheet = stored[known["pk"]]
            sheet.total_only, sheet.total, sheet.scored_by = (
                total_row is not None,
                total,
                by,
            )
            sheet.version += 1
            sheet.updated_at = now
            old_sheets.append(sheet)
    created = bulk_create_with_history(
        new_sheets, ScoreSheet, batch_size=BATCH, default_user=by, default_date=now
    )
    sheet_pk = {k: s["pk"] for k, s in rubrics.sheets.items()}
    for sheet in created:
        sheet_pk[(_meeting_key(refs, sheet.meeting_id), sheet.scorer)] = sheet.pk
    if old_sheets:
        bulk_update_with_history(
            old_sheets,
            ScoreSheet,
            ["total_only", "total", "scored_by", "version", "updated_at"],
            batch_size=BATCH,
            default_user=by,
            default_date=now,
        )
    new_items, changed = [], []
    updates = {
        e.old["_pk"]: e
        for e in entries
        if e.old is not None and e.changed and e.key[2] != TOTAL
    }
    for entry in entries:
        if entry.old is None and entry.key[2] != TOTAL:
            rubric = rubrics.for_sheet(entry.key[:2], meetings[entry.key[0]]["held_on"])
            new_items.append(
                ItemScore(
                    sheet_id=sheet_pk[entry.key[:2]],
                    item_id=rubric.items[entry.key[2]].pk,
                    points=entry.new["points"],
                    reason=entry.new["reason"] or "",
                )
            )
    for pk, item in ItemScore.objects.in_bulk(list(updates)).items():
        item.points, item.reason = (
            updates[pk].new["points"],
            updates[pk].new["reason"] or "",
        )
        changed.append(item)
    if new_items:
        bulk_create_with_history(
            new_items, ItemScore, batch_size=BATCH, default_user=by, default_date=now
        )
    if changed:
        bulk_update_with_history(
            changed,
            ItemScore,
            ["points", "reason"],
            batch_size=BATCH,
            default_user=by,
            default_date=now,
        )


def _meeting_key(refs: dict[str, dict[str, int]], meeting_id: int) -> str:
    cache = refs.setdefault("_meeting_keys", {})
    if not cache:
        cache.update({pk: key for key, pk in refs["Meetings"].items()})
    return cache[meeting_id]
