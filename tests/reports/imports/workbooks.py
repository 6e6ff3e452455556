"""Workbooks for the import tests, made with openpyxl (the first row of a sheet holds the column keys)."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with one sheet per entry: the first row holds the column keys."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "dang-vien.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


MEMBER_COLUMNS = [
    "code",
    "full_name",
    "gender",
    "birth_date",
    "joined_on",
    "official_on",
]
MEMBERSHIP_COLUMNS = ["member_code", "cell_code", "start"]


def good_workbook() -> bytes:
    """Renames DV0001, adds DV0002 (a possible duplicate of DV0001: its stored name and date of birth) and
    DV0003, both on the roll of C01."""
    return workbook(
        {
            "Members": [
                MEMBER_COLUMNS,
                [
                    "DV0001",
                    "Nguyễn Văn Anh",
                    "male",
                    "02/04/1970",
                    "19/05/1995",
                    "19/05/1996",
                ],
                ["DV0002", "Nguyễn Văn An", "male", "02/04/1970", "01/09/2020", ""],
                [
                    "DV0003",
                    "Phạm Thị Bình",
                    "female",
                    "11/11/1985",
                    "03/02/2015",
                    "03/02/2016",
                ],
            ],
            "Memberships": [
                MEMBERSHIP_COLUMNS,
                ["DV0002", "C01", "01/09/2020"],
                ["DV0003", "C01", "03/02/2015"],
            ],
        }
    )


def bad_workbook() -> bytes:
    """A new member with a date that does not exist, and a membership in an unknown cell."""
    return workbook(
        {
            "Members": [
                MEMBER_COLUMNS,
                [
                    "DV0001",
                    "Nguyễn Văn Anh",
                    "male",
                    "02/04/1970",
                    "19/05/1995",
                    "19/05/1996",
                ],
                ["DV0009", "Đỗ Văn Cường", "male", "31/02/1980", "01/01/2010", ""],
            ],
            "Memberships": [MEMBERSHIP_COLUMNS, ["DV0009", "KHONGCO", "01/01/2010"]],
        }
    )
