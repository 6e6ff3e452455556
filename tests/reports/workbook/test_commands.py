"""``import_workbook`` and ``export_workbook`` on the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from cells.models import Member
from tests.reports.workbook.helpers import base, counts, workbook

pytestmark = pytest.mark.django_db


def _file(tmp_path: Path, sheets: dict) -> Path:
    path = tmp_path / "sổ.xlsx"
    path.write_bytes(workbook(sheets).getvalue())
    return path


def test_import_prints_the_counts_per_sheet(tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_workbook", str(_file(tmp_path, base())), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Đã nhập dữ liệu."
    assert "Members: 4 thêm mới, 0 cập nhật, 0 không đổi" in lines
    assert Member.objects.count() == 4


def test_dry_run_prints_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    call_command("import_workbook", str(_file(tmp_path, base())), stdout=io.StringIO())
    sheets = base()
    sheets["Members"][1][2] = "Tên mới"
    before = counts()
    out = io.StringIO()
    call_command(
        "import_workbook", str(_file(tmp_path, sheets)), "--dry-run", stdout=out
    )
    assert "Members: 0 sẽ thêm mới, 1 sẽ cập nhật, 3 không đổi" in out.getvalue()
    assert out.getvalue().startswith("Chạy thử: chưa ghi dữ liệu nào.")
    assert counts() == before


def test_errors_are_printed_one_per_line_with_exit_status_1(tmp_path: Path) -> None:
    sheets = base()
    sheets["Members"][1][4] = "31/02/1960"
    sheets["Cells"][1][3] = "village"
    before = counts()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_workbook",
            str(_file(tmp_path, sheets)),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert exit_info.value.code == 1
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Cells!2 kind: ")
    assert lines[1] == "Members!2 birth_date: Ngày không tồn tại: 31/02/1960"
    assert lines[2] == "2 lỗi: chưa nhập dữ liệu nào."
    assert counts() == before


def test_export_writes_the_file(tmp_path: Path) -> None:
    call_command("import_workbook", str(_file(tmp_path, base())), stdout=io.StringIO())
    target = tmp_path / "out.xlsx"
    out = io.StringIO()
    call_command("export_workbook", "--year", "2025", "-o", str(target), stdout=out)
    assert out.getvalue().strip() == f"Đã ghi: {target}"
    assert target.read_bytes()[:2] == b"PK"
