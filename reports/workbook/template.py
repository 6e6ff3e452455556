"""``template_workbook``: the downloadable template. Vietnamese column titles (which the importer accepts),
one sample row per sheet, and a "Ghi chú" sheet explaining every column."""

from __future__ import annotations

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.workbook.exporter import DATE_FORMAT, text_cell
from reports.workbook.format import SHEETS, Column

KIND_NOTES = {
    "text": "Văn bản",
    "date": "Ngày, dạng dd/mm/yyyy",
    "bool": "có / không (yes/no, 1/0)",
    "choice": "Một trong các giá trị",
    "int": "Số nguyên",
    "decimal": "Số (điểm, bước 0,5)",
    "percent": "Phần trăm 0–100",
    "time": "Giờ, dạng hh:mm",
    "codes": "Các mã, cách nhau bởi “;”",
}


def _example(worksheet, column: Column):
    value = column.example
    if value in ("", None):
        return None
    if column.kind == "date":
        day = datetime.datetime.strptime(str(value), "%d/%m/%Y").date()
        cell = text_cell(worksheet, "")
        cell.value = day
        cell.data_type = "d"
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, int | float):
        return value
    return text_cell(worksheet, str(value))


def template_workbook() -> bytes:
    book = Workbook(write_only=True)
    notes_rows = [
        ["Trang tính", "Cột", "Khóa", "Kiểu", "Bắt buộc", "Giá trị", "Giải thích"]
    ]
    for sheet in SHEETS:
        worksheet = book.create_sheet(sheet.title)
        worksheet.append([text_cell(worksheet, c.title) for c in sheet.columns])
        worksheet.append([_example(worksheet, c) for c in sheet.columns])
        for column in sheet.columns:
            notes_rows.append(
                [
                    sheet.title,
                    column.title,
                    column.key,
                    KIND_NOTES[column.kind],
                    "có" if column.required or column.key in sheet.key else "",
                    ", ".join(column.choices.values) if column.choices else "",
                    column.note,
                ]
            )
    notes = book.create_sheet("Ghi chú")
    for index, row in enumerate(notes_rows):
        cells = [text_cell(notes, value) for value in row]
        if index == 0:
            for cell in cells:
                cell.font = Font(bold=True)
        notes.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
