"""What changes state in the web import: keeping an upload, applying it on confirmation."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import DataLog, ImportRecord
from wards.models import Ward

if TYPE_CHECKING:
    from reports.workbook import ImportPlan


class ImportRefused(Exception):
    """A refusal with the user's message (the import was already applied or refused)."""


def plan_counts(plan: ImportPlan) -> dict[str, Any]:
    """The counts of a plan as stored on the record: per sheet, and the possible duplicates."""
    return {
        "sheets": [
            {
                "name": sheet.name,
                "created": sheet.created,
                "updated": sheet.updated,
                "unchanged": sheet.unchanged,
            }
            for sheet in plan.sheets
        ],
        "duplicates": len(plan.duplicates),
    }


def plan_errors(plan: ImportPlan) -> list[dict[str, Any]]:
    return [
        {
            "sheet": error.sheet,
            "row": error.row,
            "column": error.column,
            "message": error.message,
        }
        for error in plan.errors
    ]


def import_upload(*, ward: Ward, upload: UploadedFile, by) -> ImportRecord:
    """Keep the uploaded workbook with who and when, checked once (nothing else is written)."""
    from reports.workbook import workbook_check

    name = os.path.basename(upload.name)[:255]
    record = ImportRecord(ward=ward, uploaded_by=by, original_name=name)
    record.file.save(name, upload, save=False)
    try:
        with record.file.open("rb") as stored:
            plan = workbook_check(stored, by=by)
        record.counts = plan_counts(plan)
        record.errors = plan_errors(plan)
        with transaction.atomic():
            record.save()
    except BaseException:
        record.file.delete(save=False)
        raise
    return record


def import_apply(*, record: ImportRecord, by) -> ImportPlan:
    """Check the stored file again against the records as they are now and apply it, all or nothing.

    The browser is never trusted: what the preview showed may be stale; this re-check decides. With any
    error the record is refused and nothing is written."""
    from reports.workbook import workbook_import

    with transaction.atomic():
        locked = ImportRecord.objects.select_for_update().get(pk=record.pk)
        if locked.state != ImportRecord.State.PREVIEWED:
            raise ImportRefused(_("This import was already applied or refused."))
        with locked.file.open("rb") as stored:
            plan = workbook_import(stored, by=by)
        locked.counts = plan_counts(plan)
        locked.errors = plan_errors(plan)
        if plan.applied and not plan.errors:
            locked.state = ImportRecord.State.APPLIED
            locked.applied_at = timezone.now()
        else:
            locked.state = ImportRecord.State.REFUSED
        locked.save()
    record.refresh_from_db()
    return plan


def import_file_log(*, record: ImportRecord, by) -> None:
    """Record that the kept workbook left the application (it holds personal data)."""
    DataLog.objects.create(
        user=by,
        action=DataLog.Action.EXPORT,
        what=record.original_name[:255],
        personal_data=True,
        details={"import": record.pk, "ward": record.ward.code if record.ward else ""},
    )
