"""The workbook format (DESIGN.md "Workbook format"): its sheets, their columns, the natural keys and the
Vietnamese titles of the downloadable template, which the importer accepts as well as the keys.

A column's ``kind`` says how a cell is read and written: ``text``, ``date`` (dd/mm/yyyy text or a real Excel
date), ``bool`` (yes/no, có/không, 1/0), ``choice`` (one of ``choices``), ``int``, ``decimal`` (points),
``percent`` (0–100, or 0–1 in a cell formatted as a percentage), ``time`` (hh:mm) and ``codes`` (several
codes separated by ``;``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import models

from cells.models import (
    CellKind,
    Gender,
    OfficePosition,
    Poverty,
    Rating,
    ResidenceFeedback,
    StatusKind,
)
from meetings.models import Mark, MeetingKind, MeetingState
from scoring.models import Scorer

# The item code of a score sheet entered by its total only (a legacy paper sheet).
TOTAL = "TOTAL"


class Yes(models.TextChoices):
    """How booleans are written."""

    YES = "yes", "có"
    NO = "no", "không"


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # the Vietnamese title of the template
    kind: str = "text"
    required: bool = False
    choices: type[models.TextChoices] | None = None
    note: str = ""  # explanation for the template's notes sheet (Vietnamese)
    example: object = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    title: str
    key: tuple[str, ...]
    columns: tuple[Column, ...] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        return _columns(self)[key]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


def _c(key: str, title: str, kind: str = "text", **kwargs: object) -> Column:
    return Column(key, title, kind, **kwargs)  # type: ignore[arg-type]


MEMBER = _c("member_code", "Số lý lịch", required=True, example="DV0001")
START = _c("start", "Từ ngày", "date", required=True, example="01/01/2024")
END = _c("end", "Đến ngày", "date", note="Để trống: đến nay.")
YEAR = _c("year", "Năm", "int", required=True, example=2025)

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "Wards",
        "Phường",
        ("code",),
        (
            _c("code", "Mã phường", required=True, example="DT"),
            _c("name", "Tên phường", required=True, example="Phường Đồng Tâm"),
            _c("committee_name", "Tên Đảng bộ", example="Đảng bộ phường Đồng Tâm"),
            _c("city", "Thành phố", example="Yên Bái"),
            _c("province", "Tỉnh", example="Yên Bái"),
        ),
    ),
    Sheet(
        "Groups",
        "Tổ dân phố",
        ("code",),
        (
            _c("code", "Mã tổ", required=True, example="TDP01"),
            _c("ward_code", "Mã phường", required=True, example="DT"),
            _c("name", "Tên tổ dân phố", required=True, example="Tổ dân phố số 1"),
        ),
    ),
    Sheet(
        "Cells",
        "Chi bộ",
        ("code",),
        (
            _c("code", "Mã chi bộ", required=True, example="C01"),
            _c("ward_code", "Mã phường", required=True, example="DT"),
            _c("name", "Tên chi bộ", required=True, example="Chi bộ Tổ dân phố số 1"),
            _c(
                "kind",
                "Loại chi bộ",
                "choice",
                required=True,
                choices=CellKind,
                example="residential",
            ),
            _c(
                "group_code",
                "Mã tổ dân phố",
                "codes",
                note="Nhiều tổ: cách nhau bởi dấu “;”.",
                example="TDP01",
            ),
            _c("founded_on", "Ngày thành lập", "date"),
            _c("dissolved_on", "Ngày giải thể", "date"),
        ),
    ),
    Sheet(
        "Households",
        "Hộ gia đình",
        ("code",),
        (
            _c("code", "Mã hộ", required=True, example="H0001"),
            _c(
                "group_code",
                "Mã tổ dân phố",
                note="Để trống: hộ ở ngoài phường.",
                example="TDP01",
            ),
            _c("head_name", "Chủ hộ", required=True, example="Nguyễn Văn An"),
            _c(
                "address",
                "Địa chỉ",
                note="Bắt buộc với hộ ở ngoài phường.",
                example="Số 1, đường Điện Biên",
            ),
        ),
    ),
    Sheet(
        "Members",
        "Đảng viên",
        ("code",),
        (
            _c("code", "Số lý lịch", required=True, example="DV0001"),
            _c(
                "card_number",
                "Số thẻ đảng",
                note="Chỉ khi đã là đảng viên chính thức.",
                example="01234567",
            ),
            _c("full_name", "Họ và tên", required=True, example="Nguyễn Văn An"),
            _c("gender", "Giới tính", "choice", choices=Gender, example="male"),
            _c("birth_date", "Ngày sinh", "date", example="15/05/1960"),
            _c("citizen_id", "Số CCCD", example="015060000001"),
            _c("phone", "Điện thoại", example="0912345678"),
            _c("household_code", "Mã hộ", example="H0001"),
            _c(
                "joined_on",
                "Ngày vào Đảng",
                "date",
                required=True,
                example="03/02/1990",
            ),
            _c(
                "official_on",
                "Ngày chính thức",
                "date",
                note="Để trống khi còn là đảng viên dự bị.",
                example="03/02/1991",
            ),
        ),
    ),
    Sheet(
        "Memberships",
        "Sinh hoạt chi bộ",
        ("member_code", "cell_code", "start"),
        (
            MEMBER,
            _c("cell_code", "Mã chi bộ", required=True, example="C01"),
            START,
            END,
        ),
    ),
    Sheet(
        "StatusPeriods",
        "Miễn sinh hoạt - đi xa",
        ("member_code", "kind", "start"),
        (
            MEMBER,
            _c(
                "kind",
                "Loại",
                "choice",
                required=True,
                choices=StatusKind,
                example="exempt",
            ),
            START,
            END,
            _c("approved", "Đã duyệt", "bool", example="có"),
            _c("approved_on", "Ngày duyệt", "date", example="20/12/2023"),
            _c("approved_by", "Cơ quan duyệt", example="Đảng ủy phường"),
            _c("contact_kept", "Giữ liên lạc", "bool", example="không"),
            _c("note", "Ghi chú"),
        ),
    ),
    Sheet(
        "Offices",
        "Chức vụ",
        ("member_code", "unit_code", "position", "start"),
        (
            MEMBER,
            _c(
                "unit_code",
                "Mã đơn vị",
                required=True,
                note="Mã chi bộ, hoặc mã phường cho chức vụ của Đảng ủy phường.",
                example="C01",
            ),
            _c(
                "position",
                "Chức vụ",
                "choice",
                required=True,
                choices=OfficePosition,
                example="secretary",
            ),
            START,
            END,
        ),
    ),
    Sheet(
        "Meetings",
        "Buổi sinh hoạt",
        ("key",),
        (
            _c(
                "key",
                "Mã buổi sinh hoạt",
                required=True,
                example="C01-20250110-regular",
            ),
            _c("cell_code", "Mã chi bộ", required=True, example="C01"),
            _c(
                "held_on", "Ngày sinh hoạt", "date", required=True, example="10/01/2025"
            ),
            _c(
                "kind",
                "Loại buổi",
                "choice",
                required=True,
                choices=MeetingKind,
                example="regular",
            ),
            _c(
                "state",
                "Trạng thái",
                "choice",
                choices=MeetingState,
                note="Để trống: submitted (đã gửi).",
                example="submitted",
            ),
            _c("topic", "Chủ đề", example="Sinh hoạt thường kỳ tháng 1"),
            _c("place", "Địa điểm", example="Nhà văn hóa tổ 1"),
            _c("start_time", "Giờ bắt đầu", "time", example="08:00"),
            _c("end_time", "Giờ kết thúc", "time", example="09:45"),
            _c("chair_code", "Số lý lịch người chủ trì", example="DV0001"),
            _c("minute_taker_code", "Số lý lịch thư ký"),
            _c("speakers", "Số đảng viên phát biểu", "int", example=6),
            _c(
                "targets_met_percent",
                "Chỉ tiêu tháng trước đạt (%)",
                "percent",
                example=95,
            ),
            _c("conclusion", "Kết luận"),
            _c("minutes", "Biên bản"),
        ),
    ),
    Sheet(
        "Attendance",
        "Điểm danh",
        ("meeting_key", "member_code"),
        (
            _c(
                "meeting_key",
                "Mã buổi sinh hoạt",
                required=True,
                example="C01-20250110-regular",
            ),
            MEMBER,
            _c(
                "mark",
                "Tình hình dự",
                "choice",
                required=True,
                choices=Mark,
                example="present",
            ),
            _c("note", "Ghi chú"),
        ),
    ),
    Sheet(
        "Scores",
        "Chấm điểm",
        ("meeting_key", "scorer", "item"),
        (
            _c(
                "meeting_key",
                "Mã buổi sinh hoạt",
                required=True,
                example="C01-20250110-regular",
            ),
            _c(
                "scorer",
                "Người chấm",
                "choice",
                required=True,
                choices=Scorer,
                example="self",
            ),
            _c(
                "item",
                "Mục",
                required=True,
                note="Mã mục của bảng chấm điểm (vd. III.2), hoặc TOTAL cho bảng chỉ có "
                "tổng điểm.",
                example="TOTAL",
            ),
            _c("points", "Điểm", "decimal", required=True, example=95),
            _c("reason", "Lý do"),
        ),
    ),
    Sheet(
        "MemberYears",
        "Xếp loại đảng viên",
        ("member_code", "year"),
        (
            MEMBER,
            YEAR,
            _c(
                "rating",
                "Xếp loại",
                "choice",
                required=True,
                choices=Rating,
                example="good",
            ),
            _c(
                "resolution_compliant",
                "Chấp hành nghị quyết",
                "bool",
                required=True,
                example="có",
            ),
            _c(
                "residence_feedback",
                "Nhận xét nơi cư trú",
                "choice",
                choices=ResidenceFeedback,
            ),
        ),
    ),
    Sheet(
        "HouseholdYears",
        "Hộ gia đình theo năm",
        ("household_code", "year"),
        (
            _c("household_code", "Mã hộ", required=True, example="H0001"),
            YEAR,
            _c(
                "cultured_family",
                "Gia đình văn hóa",
                "bool",
                required=True,
                example="có",
            ),
            _c(
                "poverty",
                "Hộ nghèo",
                "choice",
                required=True,
                choices=Poverty,
                example="none",
            ),
            _c(
                "civilized_rules",
                "Thực hiện quy định phường văn minh",
                "bool",
                required=True,
                example="có",
            ),
        ),
    ),
    Sheet(
        "CellYears",
        "Chi bộ theo năm",
        ("cell_code", "year"),
        (
            _c("cell_code", "Mã chi bộ", required=True, example="C01"),
            YEAR,
            _c("rating", "Xếp loại", "choice", choices=Rating, example="excellent"),
            _c("targets_total", "Tổng số chỉ tiêu", "int", example=10),
            _c("targets_met", "Số chỉ tiêu đạt", "int", example=10),
            _c("satisfaction_percent", "Mức độ hài lòng (%)", "percent", example=100),
            _c("group_cultured", "Tổ dân phố văn hóa", "bool", example="có"),
        ),
    ),
)


@functools.cache
def _columns(sheet: Sheet) -> dict[str, Column]:
    return {column.key: column for column in sheet.columns}


SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def fold(text: object) -> str:
    """A header or a choice as compared: NFC, case-folded, spaces and underscores collapsed."""
    value = unicodedata.normalize("NFC", str(text or ""))
    return re.sub(r"[\s_]+", " ", value).strip().casefold()


def sheet_for(title: str) -> Sheet | None:
    """The sheet named ``title``: its key name or its Vietnamese title."""
    wanted = fold(title)
    for sheet in SHEETS:
        if wanted in (fold(sheet.name), fold(sheet.title)):
            return sheet
    return None


def column_for(sheet: Sheet, header: object) -> Column | None:
    wanted = fold(header)
    if not wanted:
        return None
    for column in sheet.columns:
        if wanted in (fold(column.key), fold(column.title)):
            return column
    return None
