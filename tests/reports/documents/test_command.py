"""``render_evaluation``: one cell into a PDF, a whole ward into a folder, clear errors otherwise."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pypdf
import pytest
from django.core.management import CommandError, call_command

from reports.models import DataLog
from tests.reports.documents.builders import YEAR, printable_cell, printable_ward

pytestmark = pytest.mark.django_db


def first_page(path) -> str:
    return pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages[0].extract_text()


def test_command_prints_one_cell(tmp_path) -> None:
    cell = printable_cell(printable_ward(), code="CB05")
    target = tmp_path / "cb05.pdf"
    out = io.StringIO()
    call_command(
        "render_evaluation",
        "--cell",
        "CB05",
        "--year",
        str(YEAR),
        "-o",
        str(target),
        stdout=out,
    )
    assert "CHI BỘ TỔ DÂN PHỐ SỐ 5" in " ".join(first_page(target).split())
    assert str(target) in out.getvalue()
    assert DataLog.objects.filter(action=DataLog.Action.PRINT).count() == 1
    assert cell.code == "CB05"


def test_command_prints_every_cell_of_a_ward_and_its_summary(tmp_path) -> None:
    ward = printable_ward(code="DT")
    printable_cell(ward, code="CB01", name="Chi bộ Tổ dân phố số 1")
    printable_cell(ward, code="CB02", name="Chi bộ Tổ dân phố số 2")
    target = tmp_path / "out"
    err = io.StringIO()
    call_command(
        "render_evaluation",
        "--ward",
        "DT",
        "--year",
        str(YEAR),
        "-o",
        str(target),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert sorted(p.name for p in target.iterdir()) == [
        "danh-gia-cb01-2025.pdf",
        "danh-gia-cb02-2025.pdf",
        "tong-hop-dt-2025.pdf",
    ]
    assert "ĐẢNG ỦY PHƯỜNG ĐỒNG TÂM" in " ".join(
        first_page(target / "tong-hop-dt-2025.pdf").split()
    )
    assert "Số 01-BC/CB" in first_page(target / "danh-gia-cb02-2025.pdf")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--cell", "NOPE", "--year", "2025"], "NOPE"),
        (["--ward", "NOPE", "--year", "2025"], "NOPE"),
        (["--cell", "CB01", "--year", "1850"], "2000"),
    ],
)
def test_command_refuses_unknown_codes_and_bad_years(tmp_path, args, message) -> None:
    printable_cell(printable_ward(), code="CB01")
    with pytest.raises(CommandError) as error:
        call_command("render_evaluation", *args, "-o", str(tmp_path / "x.pdf"))
    assert message in str(error.value)
    assert not list(tmp_path.iterdir())


def test_command_exits_non_zero_on_an_unknown_cell(tmp_path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "render_evaluation",
            "--cell",
            "X",
            "--year",
            "1800",
            "-o",
            str(tmp_path / "x.pdf"),
        ],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path}/none.sqlite3",
            "DJANGO_DEBUG": "1",
        },
        check=False,
    )
    assert result.returncode != 0
    assert "1800" in result.stderr or "2000" in result.stderr
