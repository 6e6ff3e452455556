"""A generated ward: cells of every kind, members, and the ordinary events of two years.

Sizes follow DESIGN.md's scales (about 30 members a cell). Every cell draws a quality (model, good,
average, weak) that sets its habits; events (exemptions, working away, transfers, admissions) are spread
over the seeded year and the current year up to today. Office holders are never moved by an event.
"""

import datetime
import random

from reports.seed.people import WardBuilder, random_day
from reports.seed.profiles import random_profile
from reports.seed.rows import WardRow
from reports.seed.scales import PROVINCE, WardSpec

BUSINESSES = (
    "May", "Xây dựng", "Chè", "Vận tải", "Thương mại", "Gỗ", "Cấp nước", "Môi trường",
    "Cơ khí", "Dịch vụ đô thị", "Vật liệu xây dựng", "Nông sản",
)  # fmt: skip
KINDS = {
    "agency": "public_service",
    "health": "public_service",
    "school": "public_service",
}
UNITS = {
    "agency": "Cơ quan Đảng ủy - HĐND - UBND phường",
    "police": "Công an phường",
    "military": "Quân sự phường",
    "health": "Trạm Y tế phường",
}
PLACES = {
    "agency": "Hội trường Đảng ủy phường",
    "military": "Phòng họp Ban Chỉ huy Quân sự phường",
}
SIZES = {
    "agency": (15, 25),
    "police": (12, 22),
    "military": (6, 12),
    "health": (6, 12),
    "school": (8, 18),
    "enterprise": (6, 20),
    "residential": (26, 50),
}


def _composition(cells: int) -> list[str]:
    """The kinds of the ward's cells: one of each service, schools and firms by size, the rest
    residential."""
    schools = 1 + (cells >= 20) + (cells >= 35)
    firms = max(1, round(cells * 0.12))
    others = ["agency", "police", "military", "health"] + ["school"] * schools
    others += ["enterprise"] * firms
    return ["residential"] * (cells - len(others)) + others


def _add_cells(b: WardBuilder, spec: WardSpec) -> None:
    rng, year = b.rng, b.year
    short = spec.name.removeprefix("Phường ")
    group_number = 0
    schools = iter(("Trường Tiểu học", "Trường Trung học cơ sở", "Trường Mầm non"))
    firms = iter(rng.sample(BUSINESSES, len(BUSINESSES)))
    for number, role in enumerate(_composition(spec.cells), start=1):
        kind = KINDS.get(role, role)
        profile = random_profile(rng, kind, year)
        if role == "residential":
            group_number += 1
            groups = [b.add_group(group_number)]
            name = f"Chi bộ Tổ dân phố số {group_number}"
            place = f"Nhà văn hóa Tổ dân phố số {group_number}"
            if rng.random() < 0.1:
                group_number += 1
                groups.append(b.add_group(group_number))
                name += f" và số {group_number}"
            b.add_cell(number, name, kind, profile, place=place, groups=tuple(groups))
            continue
        if role == "school":
            unit = f"{next(schools)} {short}"
        elif role == "enterprise":
            unit = f"Công ty {rng.choice(('Cổ phần', 'TNHH'))} {next(firms)} {short}"
        else:
            unit = UNITS[role]
        place = PLACES.get(role) or (
            f"Phòng họp {unit}" if role == "enterprise" else f"Hội trường {unit}"
        )
        b.add_cell(number, f"Chi bộ {unit}", kind, profile, place=place)
        b.roles[f"{b.prefix}-C{number:02d}"] = role


def _add_members(b: WardBuilder) -> None:
    rng = b.rng
    for cell in b.cells:
        role = b.roles.get(cell.code, "residential")
        low, high = SIZES[role]
        previous = None
        for _ in range(rng.randint(low, high)):
            if previous and role == "residential" and rng.random() < 0.12:
                b.spouse(cell.code, previous)
                previous = None
            else:
                previous = b.new_member(cell.code)


def _add_offices(b: WardBuilder) -> list[str]:
    """Offices of every cell and of the ward; returns the office holders."""
    rng, year = b.rng, b.year
    holders: list[str] = []
    for cell in b.cells:
        term = datetime.date(year - 3, rng.randint(3, 5), rng.randint(1, 28))
        cell_holders = b.fill_offices(cell.code, term)
        holders += cell_holders
        if len(cell_holders) >= 2 and rng.random() < 0.05:
            # A new secretary during the year: the deputy takes over.
            change = random_day(
                rng, datetime.date(year, 3, 1), datetime.date(year, 10, 31)
            )
            index = next(
                i
                for i, o in enumerate(b.offices)
                if o.cell_code == cell.code and o.position == "secretary"
            )
            b.offices[index] = b.offices[index]._replace(end=change)
            b.add_office(
                cell_holders[1],
                "secretary",
                change + datetime.timedelta(1),
                cell=cell.code,
            )
    agency = next(code for code, role in b.roles.items() if role == "agency")
    spare = [c for c in b.office_candidates(agency) if c not in holders]
    congress = datetime.date(year - 5, 6, rng.randint(10, 25))
    ward_offices = list(
        zip(spare, ("secretary", "deputy", "committee", "committee"), strict=False)
    )
    for role in ("police", "military"):
        cell = next(code for code, r in b.roles.items() if r == role)
        ward_offices += [(m, "committee") for m in b.holder_of(cell, "secretary")[:1]]
    for member, position in ward_offices:
        b.add_office(member, position, congress, cell=None)
        holders.append(member)
    b.assign_overseers([member for member, _ in ward_offices])
    return holders


def _events(b: WardBuilder, holders: list[str]) -> None:
    """Exemptions, working away, transfers and admissions in the seeded and the current year."""
    rng, year, today = b.rng, b.year, b.today
    taken = set(holders)
    movable = [code for code in b.people if code not in taken]
    cells = [cell.code for cell in b.cells]
    for member in movable:
        person = b.people[member]
        cell = b.current_cell(member)
        age = year - person.birth_date.year
        model = b.profiles[cell].perfect
        draw = rng.random()
        if b.kinds[cell] == "residential" and age >= 78 and draw < 0.4:
            for y in (year, year + 1):
                approved = datetime.date(y - 1, 12, rng.randint(15, 28))
                b.add_status(
                    member,
                    "exempt",
                    datetime.date(y, 1, 1),
                    datetime.date(y, 12, 31),
                    approved_on=approved,
                    note="Miễn sinh hoạt do tuổi cao, sức yếu",
                )
        elif age < 60 and draw < 0.025:
            start = random_day(
                rng, datetime.date(year, 1, 10), datetime.date(year, 9, 30)
            )
            end = (
                None
                if rng.random() < 0.2
                else start + datetime.timedelta(rng.randint(90, 300))
            )
            contact = model or rng.random() < 0.75
            b.add_status(
                member,
                "working_away",
                start,
                end,
                contact_kept=contact,
                note="Đi làm việc tại tỉnh khác",
            )
            if model or rng.random() < 0.25:
                b.add_status(
                    member,
                    "exempt",
                    start,
                    end,
                    approved_on=start - datetime.timedelta(days=10),
                    note="Miễn sinh hoạt do đi làm ăn xa",
                )
        elif draw < 0.035:
            start = random_day(
                rng, datetime.date(year, 2, 1), datetime.date(year, 8, 31)
            )
            b.add_status(
                member,
                "exempt",
                start,
                start + datetime.timedelta(days=rng.randint(60, 180)),
                approved_on=start - datetime.timedelta(days=5),
                note="Miễn sinh hoạt do ốm đau",
            )
        elif draw < 0.05:
            day = _event_day(rng, year, today)
            if day and rng.random() < 0.5:
                b.transfer(member, rng.choice([c for c in cells if c != cell]), day)
            elif day:
                b.end_membership(member, day)  # chuyển sinh hoạt đi: leaves the ward
    for y in (year, year + 1):
        for _ in range(max(1, len(b.people) // 60)):
            day = _event_day(rng, y, today, first_year=y)
            if day is None:
                continue
            cell = rng.choice(cells)
            if rng.random() < 0.5:
                b.new_member(
                    cell, start=day, stable=False
                )  # transferred in from elsewhere
            else:
                b.new_member(
                    cell,
                    start=day,
                    joined_on=day,
                    age=rng.randint(21, 35),
                    stable=False,
                )


def _event_day(
    rng: random.Random, year: int, today: datetime.date, first_year: int | None = None
) -> datetime.date | None:
    """A day for an event in the seeded year or (by chance, or when asked) the current year."""
    y = first_year if first_year is not None else year + (rng.random() < 0.4)
    last = min(datetime.date(y, 12, 20), today - datetime.timedelta(days=2))
    first = datetime.date(y, 1, 15)
    return random_day(rng, first, last) if last > first else None


def build_generated_ward(
    spec: WardSpec, seed: int, year: int, today: datetime.date
) -> WardBuilder:
    """The people of a generated ward (meetings and year records are added by the caller)."""
    rng = random.Random(f"partycell:{seed}:{spec.code}")
    ward = WardRow(spec.code, spec.name, spec.committee_name, spec.city, PROVINCE)
    b = WardBuilder(
        ward=ward,
        prefix=spec.prefix,
        number=spec.number,
        rng=rng,
        year=year,
        today=today,
    )
    _add_cells(b, spec)
    _add_members(b)
    holders = _add_offices(b)
    _events(b, holders)
    return b
