"""The 13 model-cell criteria by cell kind (DOMAIN.md "The model-cell criteria").

The catalogue is data: the rows below are the defaults, loaded into ``Criterion`` rows dated from the
year they apply; an administrator edits titles and parameters, or enters a newer version, in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ALL_KINDS = ("residential", "public_service", "police", "military", "enterprise")
OTHER_KINDS = ("public_service", "police", "military", "enterprise")


@dataclass(frozen=True)
class CatalogueEntry:
    number: int
    key: str
    title: str
    rule: str
    params: dict[str, Any] = field(default_factory=dict)
    kinds: tuple[str, ...] = ALL_KINDS


DEFAULT_VERSION = "mac-dinh-2018"
DEFAULT_VALID_FROM_YEAR = 2018
DEFAULT_CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        1,
        "attendance",
        "Đảng viên dự sinh hoạt đầy đủ",
        "attendance",
        {"required": 100},
    ),
    CatalogueEntry(
        2,
        "resolution_study",
        "Đảng viên học tập, quán triệt nghị quyết đầy đủ",
        "resolution_study",
        {"required": 100},
    ),
    CatalogueEntry(
        3,
        "working_away_contact",
        "Đảng viên đi làm ăn xa giữ mối liên hệ với chi bộ",
        "working_away_contact",
    ),
    CatalogueEntry(
        4,
        "member_ratings",
        "100% đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên",
        "member_ratings",
        {"required": 100, "ratings": ["excellent", "good"]},
    ),
    CatalogueEntry(
        5,
        "cell_rating",
        "Chi bộ xếp loại hoàn thành xuất sắc nhiệm vụ",
        "cell_rating",
        {"rating": "excellent"},
    ),
    CatalogueEntry(
        6,
        "regular_meetings",
        "Sinh hoạt thường kỳ đầy đủ hằng tháng",
        "regular_meetings",
    ),
    CatalogueEntry(
        7,
        "thematic_meetings",
        "Sinh hoạt chuyên đề ít nhất mỗi quý một lần",
        "thematic_meetings",
    ),
    CatalogueEntry(
        8,
        "meeting_scores",
        "100% buổi sinh hoạt xếp loại 1, đạt từ 98 điểm trở lên",
        "meeting_scores",
        {"required": 100, "bar": 98},
    ),
    CatalogueEntry(
        9,
        "resolution_compliance",
        "100% đảng viên chấp hành nghị quyết của chi bộ",
        "resolution_compliance",
        {"required": 100},
    ),
    CatalogueEntry(
        10,
        "household_civilized",
        "100% hộ gia đình đảng viên gương mẫu thực hiện quy định phường văn minh đô thị "
        "và quy định của địa phương",
        "household_civilized",
        {"required": 100},
    ),
    CatalogueEntry(
        11,
        "household_cultured",
        "100% hộ gia đình đảng viên đạt danh hiệu Gia đình văn hóa",
        "household_cultured",
        {"required": 100},
    ),
    CatalogueEntry(
        12,
        "household_not_poor",
        "Không có hộ gia đình đảng viên nghèo, cận nghèo",
        "household_not_poor",
        {"required": 100},
        kinds=("residential",),
    ),
    CatalogueEntry(
        12,
        "resolution_targets",
        "Hoàn thành 100% chỉ tiêu nghị quyết năm của chi bộ",
        "resolution_targets",
        {"required": 100},
        kinds=OTHER_KINDS,
    ),
    CatalogueEntry(
        13,
        "group_cultured",
        "Tổ dân phố đạt danh hiệu Tổ dân phố văn hóa",
        "group_cultured",
        kinds=("residential",),
    ),
    CatalogueEntry(
        13,
        "residence_contact",
        "Đảng viên được nơi cư trú nhận xét tốt; nhân dân hài lòng 100%",
        "residence_contact",
        {"satisfaction": 100},
        kinds=OTHER_KINDS,
    ),
)


def default_entries_for(kind: str) -> list[CatalogueEntry]:
    """The 13 default criteria of a cell kind, by number."""
    return sorted(
        (e for e in DEFAULT_CATALOGUE if kind in e.kinds), key=lambda e: e.number
    )
