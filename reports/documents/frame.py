"""The frame of a party document (Hướng dẫn 36-HD/VPTW, DOMAIN.md "Printed documents"): the header in two
columns, the place and date, and the signature block with the name of the office holder on the document's
date (``cells.Office``).

The fixed words of the format are translatable (Vietnamese by default): build a document's frame inside
``translation.override`` (the renderers do), since these functions translate when called."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cells.models import Cell, Office, OfficePosition
from wards.models import Ward


@dataclass(frozen=True)
class Header:
    upper_body: str  # "ĐẢNG BỘ PHƯỜNG ĐỒNG TÂM"
    issuer: str  # "CHI BỘ TỔ DÂN PHỐ SỐ 5"
    number: str  # "Số 03-BC/CB"
    place_date: str  # "Đồng Tâm, ngày 15 tháng 12 năm 2025"


@dataclass(frozen=True)
class Signature:
    on_behalf: str  # "T/M CHI BỘ"
    position: str  # "BÍ THƯ" (or "PHÓ BÍ THƯ" when no secretary is in office)
    name: str  # the office holder's name, "" when nobody holds the office


def upper(text: str) -> str:
    return text.upper()


def place_name(ward: Ward) -> str:
    """The place in the date line: the ward's name without "Phường"."""
    name = ward.name.strip()
    for prefix in ("Phường ", "phường ", "Xã ", "xã ", "Thị trấn ", "thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def place_date(ward: Ward, day: datetime.date) -> str:
    """ "Đồng Tâm, ngày 15 tháng 12 năm 2025" (days and months below 10 with a leading zero, as in Word
    templates: "ngày 05 tháng 01")."""
    return _("%(place)s, day %(day)s month %(month)s year %(year)s") % {
        "place": place_name(ward),
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}",
        "year": day.year,
    }


def ward_committee_name(ward: Ward) -> str:
    """The ward's party organisation: "Đảng bộ phường Đồng Tâm"."""
    return ward.committee_name or f"Đảng bộ phường {place_name(ward)}"


def ward_issuer_name(ward: Ward) -> str:
    """The ward committee as an issuing body: "Đảng ủy phường Đồng Tâm"."""
    committee = ward_committee_name(ward)
    if committee.lower().startswith("đảng bộ "):
        return "Đảng ủy " + committee[len("Đảng bộ ") :]
    return committee


def city_body_name(ward: Ward) -> str:
    """The body above the ward committee: "Đảng bộ thành phố Yên Bái" (empty when the city is unknown)."""
    city = ward.city.strip()
    if not city:
        return ""
    lowered = city.lower()
    if lowered.startswith(("thành phố", "thị xã", "quận", "huyện", "tỉnh")):
        return f"Đảng bộ {city[0].lower()}{city[1:]}"
    return f"Đảng bộ thành phố {city}"


def cell_header(cell: Cell, number: str, day: datetime.date) -> Header:
    return Header(
        upper_body=upper(ward_committee_name(cell.ward)),
        issuer=upper(cell.name),
        number=number,
        place_date=place_date(cell.ward, day),
    )


def ward_header(ward: Ward, number: str, day: datetime.date) -> Header:
    return Header(
        upper_body=upper(city_body_name(ward)),
        issuer=upper(ward_issuer_name(ward)),
        number=number,
        place_date=place_date(ward, day),
    )


def office_holder(
    *, cell: Cell | None = None, ward: Ward | None = None, day: datetime.date
) -> tuple[str, str]:
    """(position, name) of who signs for the cell or the ward committee on ``day``: the secretary in
    office, else the deputy secretary; ("", "") when neither office is held."""
    unit = Q(cell=cell) if cell is not None else Q(ward=ward)
    holders = (
        Office.objects.filter(unit, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .filter(position__in=[OfficePosition.SECRETARY, OfficePosition.DEPUTY])
        .select_related("member")
        .order_by("-start")
    )
    by_position: dict[str, str] = {}
    for office in holders:
        by_position.setdefault(office.position, office.member.full_name)
    if OfficePosition.SECRETARY in by_position:
        return OfficePosition.SECRETARY, by_position[OfficePosition.SECRETARY]
    if OfficePosition.DEPUTY in by_position:
        return OfficePosition.DEPUTY, by_position[OfficePosition.DEPUTY]
    return "", ""


def position_title(position: str) -> str:
    if position == OfficePosition.DEPUTY:
        return pgettext("signature", "DEPUTY SECRETARY")
    return pgettext("signature", "SECRETARY")


def cell_signature(cell: Cell, day: datetime.date) -> Signature:
    position, name = office_holder(cell=cell, day=day)
    return Signature(
        pgettext("signature", "ON BEHALF OF THE CELL"), position_title(position), name
    )


def ward_signature(ward: Ward, day: datetime.date) -> Signature:
    position, name = office_holder(ward=ward, day=day)
    return Signature(
        pgettext("signature", "ON BEHALF OF THE PARTY COMMITTEE"),
        position_title(position),
        name,
    )
