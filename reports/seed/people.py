"""Building the people of one ward: groups, cells, households, members, memberships, status periods, offices.

``WardBuilder`` is used by both the designed demo ward and the generated wards. It draws every random
choice from the ward's own ``random.Random``, in a fixed order, so the same seed gives the same ward.
"""

import datetime
import random
from dataclasses import dataclass

from reports.seed import names
from reports.seed.profiles import CellProfile, HouseholdTraits, MemberTraits
from reports.seed.rows import (
    CellRow,
    GroupRow,
    HouseholdRow,
    MemberRow,
    MembershipRow,
    OfficeRow,
    StatusRow,
    WardPlan,
    WardRow,
)

ONE_DAY = datetime.timedelta(days=1)

# Age bands (years, at the seeded year) and their weights by cell kind: residential cells are mostly
# retired people, the others working age.
AGE_BANDS = {
    "residential": (((24, 40), 15), ((40, 60), 30), ((60, 75), 35), ((75, 92), 20)),
    "public_service": (((25, 40), 45), ((40, 59), 55)),
    "police": (((24, 40), 60), ((40, 55), 40)),
    "military": (((24, 40), 60), ((40, 52), 40)),
    "enterprise": (((23, 40), 55), ((40, 58), 45)),
}
MALE_SHARE = {
    "residential": 0.55,
    "public_service": 0.3,
    "police": 0.85,
    "military": 0.9,
    "enterprise": 0.6,
}


@dataclass
class Person:
    code: str
    full_name: str
    gender: str
    birth_date: datetime.date
    joined_on: datetime.date
    official_on: datetime.date | None
    household_code: str
    citizen_id: str
    phone: str
    stable: bool  # may hold an office: on one roll all the time, no status period

    def is_official_on(self, day: datetime.date) -> bool:
        return self.official_on is not None and self.official_on <= day


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def random_day(
    rng: random.Random, first: datetime.date, last: datetime.date
) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


class WardBuilder:
    """Accumulates the people part of a ``WardPlan``; ``plan()`` returns it."""

    def __init__(
        self,
        *,
        ward: WardRow,
        prefix: str,
        number: int,
        rng: random.Random,
        year: int,
        today: datetime.date,
    ) -> None:
        self.ward = ward
        self.prefix = prefix
        self.number = number
        self.rng = rng
        self.year = year
        self.today = today
        self.groups: list[GroupRow] = []
        self.cells: list[CellRow] = []
        self.kinds: dict[str, str] = {}
        self.profiles: dict[str, CellProfile] = {}
        self.places: dict[str, str] = {}
        self.cell_names: dict[str, str] = {}
        self.cell_rows: dict[str, CellRow] = {}
        self.current: dict[
            str, str
        ] = {}  # member code -> the cell of their latest membership
        self.households: list[HouseholdRow] = []
        self.people: dict[str, Person] = {}
        self.memberships: list[MembershipRow] = []
        self.status: list[StatusRow] = []
        self.offices: list[OfficeRow] = []
        self.member_traits: dict[str, MemberTraits] = {}
        self.household_traits: dict[str, HouseholdTraits] = {}
        # cell code -> agency, police, military, health, school or enterprise (generated wards)
        self.roles: dict[str, str] = {}
        self.overseers: dict[str, str] = {}  # cell code -> ward committee member's name
        self._serial = 0
        self._household_serial = 0

    # --- units ----------------------------------------------------------------------------------
    def add_group(self, number: int) -> str:
        code = f"{self.prefix}-T{number:02d}"
        self.groups.append(GroupRow(code, f"Tổ dân phố số {number}"))
        return code

    def add_cell(
        self,
        number: int,
        name: str,
        kind: str,
        profile: CellProfile,
        *,
        place: str,
        groups: tuple[str, ...] = (),
        founded_on: datetime.date | None = None,
    ) -> str:
        code = f"{self.prefix}-C{number:02d}"
        founded = founded_on or datetime.date(
            self.rng.randint(1990, 2012), self.rng.randint(1, 12), 1
        )
        self.cells.append(CellRow(code, name, kind, groups, founded, None))
        self.cell_rows[code] = self.cells[-1]
        self.kinds[code] = kind
        self.profiles[code] = profile
        self.places[code] = place
        self.cell_names[code] = name
        return code

    def founded_on(self, cell: str) -> datetime.date:
        return self.cell_rows[cell].founded_on

    def group_codes(self, cell: str) -> tuple[str, ...]:
        return self.cell_rows[cell].group_codes

    # --- households and members -----------------------------------------------------------------
    def new_household(self, head_name: str, group: str | None) -> str:
        self._household_serial += 1
        code = f"{self.prefix}-H{self._household_serial:04d}"
        rng = self.rng
        address = (
            names.outside_address(rng) if group is None else names.street_address(rng)
        )
        self.households.append(HouseholdRow(code, group, head_name, address))
        return code

    def household_for(self, cell: str, full_name: str) -> str:
        """A household where a new member of ``cell`` lives: in one of its groups for a residential
        cell; in any group of the ward or outside it for the others."""
        rng = self.rng
        groups = self.group_codes(cell)
        if groups:
            group = rng.choice(groups)
        elif self.groups and rng.random() < 0.6:
            group = rng.choice(self.groups).code
        else:
            group = None
        return self.new_household(full_name, group)

    def new_member(
        self,
        cell: str,
        *,
        start: datetime.date | None = None,
        joined_on: datetime.date | None = None,
        age: int | None = None,
        gender: str | None = None,
        household: str | None = None,
        home_group: str | None = None,
        stable: bool = True,
    ) -> str:
        """A member on the roll of ``cell`` from ``start`` (default: some day before the seeded year),
        admitted on ``joined_on`` (default: years ago), living in ``household`` (default: a new one, in
        ``home_group`` when given)."""
        rng, year = self.rng, self.year
        kind = self.kinds[cell]
        if age is None:
            bands = AGE_BANDS[kind]
            low, high = rng.choices([b for b, _ in bands], [w for _, w in bands])[0]
            age = rng.randint(low, high)
        if gender is None:
            gender = "male" if rng.random() < MALE_SHARE[kind] else "female"
        birth = random_day(
            rng, datetime.date(year - age, 1, 1), datetime.date(year - age, 12, 28)
        )
        if joined_on is None:
            admitted_at = rng.randint(18, max(18, min(40, age - 3)))
            joined_on = min(
                random_day(
                    rng,
                    add_years(birth, admitted_at),
                    add_years(birth, admitted_at + 1),
                ),
                datetime.date(year - 1, 11, 30),
            )
        official = joined_on + datetime.timedelta(days=365 + rng.randint(0, 20))
        self._serial += 1
        code = f"{self.prefix}-DV{self._serial:05d}"
        full_name = names.person_name(rng, gender)
        if home_group is not None:
            household = self.new_household(full_name, home_group)
        elif household is None:
            household = self.household_for(cell, full_name)
        century = 0 if birth.year < 2000 else 2
        citizen_id = ""
        if rng.random() < 0.95:
            serial = self.number * 3000 + self._serial
            digit = century + (0 if gender == "male" else 1)
            citizen_id = f"015{digit}{birth.year % 100:02d}{serial:06d}"
        phone = names.phone_number(rng) if rng.random() < 0.85 else ""
        self.people[code] = Person(
            code=code,
            full_name=full_name,
            gender=gender,
            birth_date=birth,
            joined_on=joined_on,
            official_on=official if official <= self.today else None,
            household_code=household,
            citizen_id=citizen_id,
            phone=phone,
            stable=stable,
        )
        if start is None:
            earliest = max(joined_on, self.founded_on(cell))
            start = random_day(
                rng, earliest, max(earliest, datetime.date(year - 1, 12, 31))
            )
        self.memberships.append(MembershipRow(code, cell, start, None))
        self.current[code] = cell
        return code

    def spouse(self, cell: str, member: str) -> str:
        """A second member of the same household (a husband or wife), on the same roll."""
        person = self.people[member]
        gender = "female" if person.gender == "male" else "male"
        age = max(26, self.year - person.birth_date.year + self.rng.randint(-5, 3))
        return self.new_member(
            cell, age=age, gender=gender, household=person.household_code
        )

    # --- periods ---------------------------------------------------------------------------------
    def current_cell(self, member: str) -> str:
        return self.current[member]

    def end_membership(self, member: str, day: datetime.date) -> None:
        """The member's open membership ends on ``day`` (moved away or transferred)."""
        for index, row in enumerate(self.memberships):
            if row.member_code == member and row.end is None:
                self.memberships[index] = row._replace(end=day)
                return
        raise ValueError(f"{member} has no open membership")

    def transfer(self, member: str, cell: str, day: datetime.date) -> None:
        """Chuyển sinh hoạt: the old membership ends on ``day``, the new one starts the day after."""
        self.end_membership(member, day)
        self.memberships.append(MembershipRow(member, cell, day + ONE_DAY, None))
        self.current[member] = cell
        self.people[member].stable = False

    def add_status(
        self,
        member: str,
        kind: str,
        start: datetime.date,
        end: datetime.date | None,
        *,
        approved_on: datetime.date | None = None,
        contact_kept: bool = False,
        note: str = "",
    ) -> None:
        approved_by = f"Đảng ủy phường {self.ward.name.removeprefix('Phường ')}"
        self.status.append(
            StatusRow(
                member,
                kind,
                start,
                end,
                approved_on is not None,
                approved_on,
                approved_by if approved_on else "",
                contact_kept,
                note,
            )
        )
        self.people[member].stable = False

    # --- offices ---------------------------------------------------------------------------------
    def roll_start(self, member: str) -> datetime.date:
        return next(m.start for m in self.memberships if m.member_code == member)

    def office_candidates(self, cell: str) -> list[str]:
        """Official members of ``cell`` who stay on its roll and have no status period, oldest first."""
        codes = [
            m.member_code
            for m in self.memberships
            if m.cell_code == cell
            and m.end is None
            and self.people[m.member_code].stable
        ]
        codes = [c for c in codes if self.people[c].official_on is not None]
        codes.sort(key=lambda c: (self.people[c].joined_on, c))
        return codes

    def add_office(
        self,
        member: str,
        position: str,
        start: datetime.date,
        *,
        cell: str | None,
        end: datetime.date | None = None,
    ) -> None:
        start = max(start, self.roll_start(member))
        self.offices.append(OfficeRow(member, cell, position, start, end))

    def fill_offices(self, cell: str, term_start: datetime.date) -> list[str]:
        """Secretary, deputy and committee members (chi ủy) by the size of the cell."""
        candidates = self.office_candidates(cell)
        size = sum(1 for m in self.memberships if m.cell_code == cell and m.end is None)
        positions = ["secretary"]
        if size >= 5:
            positions.append("deputy")
        if size >= 9:
            positions.append("committee")
        if size >= 30:
            positions += ["committee", "committee"]
        holders = candidates[: len(positions)]
        for member, position in zip(holders, positions, strict=False):
            self.add_office(member, position, term_start, cell=cell)
        return holders

    def holder_of(self, cell: str, position: str) -> list[str]:
        return [
            o.member_code
            for o in self.offices
            if o.cell_code == cell and o.position == position and o.end is None
        ]

    def assign_overseers(self, committee: list[str]) -> None:
        """Each cell gets a ward committee member (đảng ủy viên phụ trách) from another cell, who
        attends its meetings and fills in the upper-level score sheet."""
        if not committee:
            return
        for index, cell in enumerate(self.cells):
            choices = [
                m for m in committee if self.current_cell(m) != cell.code
            ] or committee
            self.overseers[cell.code] = self.name(choices[index % len(choices)])

    def name(self, member: str) -> str:
        return self.people[member].full_name

    # --- output ----------------------------------------------------------------------------------
    def plan(self) -> WardPlan:
        members = []
        for index, person in enumerate(self.people.values(), start=1):
            card = f"{self.number:03d}{index:05d}" if person.official_on else ""
            members.append(
                MemberRow(
                    person.code,
                    card,
                    person.full_name,
                    person.gender,
                    person.birth_date,
                    person.citizen_id,
                    person.phone,
                    person.household_code,
                    person.joined_on,
                    person.official_on,
                )
            )
        return WardPlan(
            ward=self.ward,
            groups=list(self.groups),
            cells=list(self.cells),
            households=list(self.households),
            members=members,
            memberships=list(self.memberships),
            status_periods=list(self.status),
            offices=list(self.offices),
        )
