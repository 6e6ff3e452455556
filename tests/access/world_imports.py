"""The web imports of the access world: one applied import of ward W (cell A's ward) and one of ward V
(cell C's), in ``world.extra["import"]``. Their kept file is a small workbook written once under
MEDIA_ROOT/imports/ with a fixed name (a temporary folder in the tests: tests/conftest.py)."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from reports.models import ImportRecord
from tests.access.world import World


def kept_file(name: str) -> str:
    path = f"imports/{name}"
    if not default_storage.exists(path):
        book = openpyxl.Workbook()
        book.active.title = "Members"
        book.active.append(["code", "full_name", "joined_on"])
        buffer = io.BytesIO()
        book.save(buffer)
        default_storage.save(path, ContentFile(buffer.getvalue()))
    return path


def build(world: World) -> None:
    records: dict[str, object] = {}
    for letter in ("A", "C"):
        cell = world.cells[letter]
        records[letter] = ImportRecord.objects.create(
            ward=cell.ward,
            uploaded_by=world.users["superuser"],
            file=kept_file(f"access-world-{letter}.xlsx"),
            original_name="dang-vien.xlsx",
            state=ImportRecord.State.APPLIED,
            counts={"sheets": [{"name": "Members", "created": 1}]},
        )
    world.extra["import"] = records
