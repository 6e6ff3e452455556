"""The demo ward, Phường Đồng Tâm (code DONGTAM, prefix DT), designed so that the 13 criteria of DOMAIN.md
have cells that pass and cells that fail them in the seeded year Y (the current year Y+1 is only partly
seeded and has no year-end records). Assertions about the demo may rely on this table for Y:

| cell   | name                                        | kind           | designed to fail in Y              |
|--------|---------------------------------------------|----------------|------------------------------------|
| DT-C01 | Chi bộ Tổ dân phố số 1                      | residential    | nothing: MODEL CELL (bithu1)       |
| DT-C02 | Chi bộ Tổ dân phố số 2                      | residential    | 1, 5, 8                            |
| DT-C03 | Chi bộ Tổ dân phố số 3 và số 4              | residential    | 6 (no regular meeting in August)   |
| DT-C04 | Chi bộ Tổ dân phố số 5                      | residential    | 12 (a near-poor member household)  |
| DT-C05 | Chi bộ Tổ dân phố số 6                      | residential    | 1, 2, 3, 5, 8, 13                  |
| DT-C06 | Chi bộ Tổ dân phố số 7                      | residential    | 8 only (one meeting scored 97.5)   |
| DT-C07 | Chi bộ Tổ dân phố số 8                      | residential    | 2, 4, 9, 10, 11                    |
| DT-C08 | Chi bộ Trường Tiểu học Đồng Tâm             | public_service | nothing: MODEL CELL                |
| DT-C09 | Chi bộ Trạm Y tế phường                     | public_service | 12 (9 of 10 targets), 13           |
| DT-C10 | Chi bộ Công an phường                       | police         | 5 (rated good), 7 (no thematic Q3) |
| DT-C11 | Chi bộ Quân sự phường                       | military       | 8 (June: 80 minutes, class 2)      |
| DT-C12 | Chi bộ Công ty Cổ phần May Đồng Tâm         | enterprise     | 1, 5, 8, 13                        |
| DT-C13 | Chi bộ Cơ quan Đảng ủy - HĐND - UBND phường | public_service | 8 (April: upper sheet 95)          |

Every criterion not listed passes. How each failure is made, and other designed facts:

- DT-C01 (model): an 86-year-old member exempt all year by an approved exemption (marked ``exempt``); a
  member working away 1/3–31/10 with contact kept *and* an approved exemption (``exempt``); a member
  transferred in from DT-C02 (membership there ends 15/5, here starts 16/5); a member admitted on 2/6
  (probationary: ``official_on`` empty until a year later). Every meeting class 1 with ≥ 98 points.
- DT-C02: an unexcused absence in July (1); a member whose exemption request was never approved (approved
  = no, April–September), so ``excused`` at every meeting: the excused streak flags them from the 4th
  meeting on and costs I.1 two points (8); random absences and lower scores (8); rated good (5). A new
  secretary from 1/7 (the deputy). Two members transfer to DT-C12 (end 31/3, start 1/4).
- DT-C03: covers Tổ dân phố số 3 and số 4; no regular meeting in August (the missing month).
- DT-C04: a member's household is near-poor (still cultured and following the rules); a member exempt for
  illness 1/3–31/8 (approved); a member transferred in from outside the ward on 1/8.
- DT-C05: a member working away since 15/2 without contact and without exemption (3), marked ``absent`` at
  every session, the study sessions included (1, 2, 8); residential group not rated cultured (13); rated
  good (5). A member transfers to DT-C12 (end 31/3, start 1/4).
- DT-C06: the regular meeting of May has an upper sheet of exactly 97.5 (class-1 items at full marks: class
  1 but under 98) and a self sheet of 98.5; a member working away 1/10–30/11 with contact kept, no
  exemption, ``excused`` at three meetings in a row (not more: no streak flag).
- DT-C07: one member absent at the study sessions (2); one member rated "done" (4); one member not
  complying with the resolution (9); one household not following the civilized-ward rules (10) and another
  not a cultured family (11); a member transferred out of the ward on 30/9 (no membership after).
- DT-C08 (model, non-residential): targets met = total, satisfaction 100, feedback good or not required; a
  probationary member admitted 10/9 of Y-1, official during Y.
- DT-C09: 9 of 10 annual targets (12); one member's residence feedback ``not_good`` and satisfaction 95.0
  (13).
- DT-C10: no thematic or combined meeting in Q3 (7); rated good (5).
- DT-C11: January–March scored on legacy total-only sheets (≥ 98); the June meeting lasted 80 minutes
  (III.2 = 3 of 4: class 2) (8).
- DT-C12: founded 1/4 of Y (criteria 6 and 7 count April on); an unexcused absence in May plus random ones
  (1, 8); satisfaction 92.5 and one member without residence feedback (13); rated good (5).
- DT-C13: the agency cell; holds the ward's offices (secretary, deputy, committee members, who attend the
  cells' meetings as the upper level); the April regular meeting's upper sheet is 95 (8).

The designed members' codes are fixed whatever the seed: ``DESIGNED`` maps their role to their code.
"""

import dataclasses
import datetime
import random
from decimal import Decimal

from reports.seed.people import WardBuilder
from reports.seed.profiles import CellProfile, HouseholdTraits, MemberTraits
from reports.seed.rows import WardRow
from reports.seed.scales import DEMO, PROVINCE

# The designed members, created first and in this order: their codes do not depend on the seed.
DESIGNED_ROLES = (
    "elder_exempt",
    "away_exempt",
    "mover",
    "june_joiner",
    "pending_exempt",
    "absent_c02",
    "to_firm_1",
    "to_firm_2",
    "sick_exempt",
    "near_poor",
    "incomer",
    "away_no_contact",
    "to_firm_3",
    "away_contact",
    "study_absent",
    "rated_done",
    "noncompliant",
    "uncivilized",
    "uncultured",
    "left_ward",
    "probationer",
    "feedback_not_good",
    "feedback_missing",
    "absent_c12",
)
DESIGNED = {role: f"DT-DV{n:05d}" for n, role in enumerate(DESIGNED_ROLES, start=1)}
MODEL_CELLS = ("DT-C01", "DT-C08")
SCHOOL = "Trường Tiểu học Đồng Tâm"
FIRM = "Công ty Cổ phần May Đồng Tâm"
AGENCY = "Cơ quan Đảng ủy - HĐND - UBND phường"

# (number, name, kind, group numbers, generic members, meeting day, start time)
CELLS = (
    (1, "Chi bộ Tổ dân phố số 1", "residential", (1,), 20, 5, (19, 30)),
    (2, "Chi bộ Tổ dân phố số 2", "residential", (2,), 28, 6, (19, 30)),
    (3, "Chi bộ Tổ dân phố số 3 và số 4", "residential", (3, 4), 34, 4, (19, 45)),
    (4, "Chi bộ Tổ dân phố số 5", "residential", (5,), 22, 7, (19, 30)),
    (5, "Chi bộ Tổ dân phố số 6", "residential", (6,), 20, 8, (8, 0)),
    (6, "Chi bộ Tổ dân phố số 7", "residential", (7,), 21, 5, (19, 30)),
    (7, "Chi bộ Tổ dân phố số 8", "residential", (8,), 18, 6, (19, 30)),
    (8, f"Chi bộ {SCHOOL}", "public_service", (), 13, 3, (14, 0)),
    (9, "Chi bộ Trạm Y tế phường", "public_service", (), 8, 4, (14, 0)),
    (10, "Chi bộ Công an phường", "police", (), 16, 3, (8, 0)),
    (11, "Chi bộ Quân sự phường", "military", (), 7, 4, (14, 0)),
    (12, f"Chi bộ {FIRM}", "enterprise", (), 6, 5, (15, 0)),
    (13, f"Chi bộ {AGENCY}", "public_service", (), 16, 3, (8, 0)),
)
PLACES = {
    8: f"Phòng họp {SCHOOL}",
    9: "Hội trường Trạm Y tế phường Đồng Tâm",
    10: "Hội trường Công an phường",
    11: "Phòng họp Ban Chỉ huy Quân sự phường",
    12: f"Phòng họp {FIRM}",
    13: "Hội trường Đảng ủy phường",
}


def _profiles(y: int) -> dict[int, CellProfile]:
    perfect = {"perfect": True, "clean_year_end": True, "upper_rate": 0.85}
    ordinary = {
        "absent_rate": 0.01,
        "excused_rate": 0.06,
        "deductions": (2, 12),
        "short_rate": 0.15,
        "clean_year_end": True,
    }
    return {
        1: CellProfile("model", **perfect),
        2: CellProfile(
            "average",
            **ordinary,
            rating="good",
            forced_absent=((DESIGNED["absent_c02"], y, 7),),
        ),
        3: CellProfile("good", **perfect, missing=frozenset({(y, 8)})),
        4: CellProfile("good", **perfect),
        5: CellProfile("weak", **ordinary, rating="good", group_cultured=False),
        6: CellProfile("good", **perfect, score_override={(y, 5, "regular"): (3, 5)}),
        7: CellProfile(
            "good", **perfect, study_absent=((DESIGNED["study_absent"], y),)
        ),
        8: CellProfile("model", **perfect),
        9: CellProfile(
            "good", **perfect, targets=(10, 9), satisfaction=Decimal("95.0")
        ),
        10: CellProfile(
            "good", **perfect, rating="good", no_thematic=frozenset({(y, 3)})
        ),
        11: CellProfile(
            "good",
            **perfect,
            total_only=frozenset({(y, 1), (y, 2), (y, 3)}),
            duration_override={(y, 6): 80},
        ),
        12: CellProfile(
            "average",
            **ordinary,
            rating="good",
            satisfaction=Decimal("92.5"),
            forced_absent=((DESIGNED["absent_c12"], y, 5),),
        ),
        13: CellProfile(
            "good",
            **{**ordinary, "absent_rate": 0.0},
            score_override={(y, 4, "regular"): (6, 10)},
        ),
    }


def _designed_members(b: WardBuilder, y: int) -> None:
    """The members of the table above, in ``DESIGNED_ROLES`` order."""
    d = datetime.date
    c = {n: f"DT-C{n:02d}" for n in range(1, 14)}
    new = b.new_member
    new(c[1], age=86, gender="male", stable=False)
    new(c[1], age=34, stable=False)
    new(c[2], home_group="DT-T01", stable=False)  # mover: will live in group 1
    new(c[1], start=d(y, 6, 2), joined_on=d(y, 6, 2), age=24, stable=False)
    new(c[2], age=71, stable=False)
    new(c[2], age=45, stable=False)
    new(c[2], age=38, stable=False)
    new(c[2], age=41, stable=False)
    new(c[4], age=67, stable=False)
    new(c[4], age=58, stable=False)
    new(c[4], start=d(y, 8, 1), age=52, stable=False)
    new(c[5], age=36, gender="male", stable=False)
    new(c[5], age=33, stable=False)
    new(c[6], age=29, stable=False)
    for age in (62, 70, 55, 48, 66, 40):
        new(c[7], age=age, stable=False)
    new(c[8], joined_on=d(y - 1, 9, 10), start=d(y - 1, 9, 10), age=27, stable=False)
    new(c[9], age=44, stable=False)
    new(c[12], start=d(y, 4, 1), age=35, stable=False)
    new(c[12], start=d(y, 4, 1), age=31, stable=False)


def _designed_events(b: WardBuilder, y: int) -> None:
    d, m = datetime.date, DESIGNED
    approver = d(y - 1, 12, 20)
    for year, approved in ((y, approver), (y + 1, d(y, 12, 22))):
        b.add_status(
            m["elder_exempt"],
            "exempt",
            d(year, 1, 1),
            d(year, 12, 31),
            approved_on=approved,
            note="Miễn sinh hoạt do tuổi cao, sức yếu",
        )
    b.add_status(
        m["away_exempt"],
        "working_away",
        d(y, 3, 1),
        d(y, 10, 31),
        contact_kept=True,
        note="Làm việc tại Khu công nghiệp Bắc Thăng Long, Hà Nội",
    )
    b.add_status(
        m["away_exempt"],
        "exempt",
        d(y, 3, 1),
        d(y, 10, 31),
        approved_on=d(y, 2, 20),
        note="Miễn sinh hoạt do đi làm ăn xa",
    )
    b.transfer(m["mover"], "DT-C01", d(y, 5, 15))
    b.add_status(
        m["pending_exempt"],
        "exempt",
        d(y, 4, 1),
        d(y, 9, 30),
        note="Đề nghị miễn sinh hoạt do ốm đau, chưa được phê duyệt",
    )
    for role in ("to_firm_1", "to_firm_2", "to_firm_3"):
        b.transfer(m[role], "DT-C12", d(y, 3, 31))
    b.add_status(
        m["sick_exempt"],
        "exempt",
        d(y, 3, 1),
        d(y, 8, 31),
        approved_on=d(y, 2, 25),
        note="Miễn sinh hoạt do ốm đau, điều trị dài ngày",
    )
    b.household_traits[b.people[m["near_poor"]].household_code] = HouseholdTraits(
        poverty="near_poor"
    )
    b.add_status(
        m["away_no_contact"],
        "working_away",
        d(y, 2, 15),
        None,
        note="Đi làm ăn xa, không rõ địa chỉ, không liên lạc được",
    )
    b.add_status(
        m["away_contact"],
        "working_away",
        d(y, 10, 1),
        d(y, 11, 30),
        contact_kept=True,
        note="Đi làm thời vụ tại Lào Cai, có liên lạc",
    )
    b.member_traits[m["rated_done"]] = MemberTraits(rating="done")
    b.member_traits[m["noncompliant"]] = MemberTraits(resolution_compliant=False)
    household = b.people[m["uncivilized"]].household_code
    b.household_traits[household] = HouseholdTraits(civilized_rules=False)
    household = b.people[m["uncultured"]].household_code
    b.household_traits[household] = HouseholdTraits(cultured_family=False)
    b.end_membership(m["left_ward"], d(y, 9, 30))
    b.member_traits[m["feedback_not_good"]] = MemberTraits(
        residence_feedback="not_good"
    )
    b.member_traits[m["feedback_missing"]] = MemberTraits(residence_feedback="")


def build_demo_ward(seed: int, year: int, today: datetime.date) -> WardBuilder:
    """The people of the demo ward (meetings and year records are added by the caller)."""
    y = year
    rng = random.Random(f"partycell:{seed}:{DEMO.code}")
    ward = WardRow(DEMO.code, DEMO.name, DEMO.committee_name, DEMO.city, PROVINCE)
    b = WardBuilder(
        ward=ward, prefix=DEMO.prefix, number=DEMO.number, rng=rng, year=y, today=today
    )
    profiles = _profiles(y)
    for number in range(1, 9):
        b.add_group(number)
    for number, name, kind, groups, _, day, (hour, minute) in CELLS:
        profile = dataclasses.replace(
            profiles[number], meeting_day=day, start_time=datetime.time(hour, minute)
        )
        group_codes = tuple(f"DT-T{g:02d}" for g in groups)
        place = PLACES.get(
            number, f"Nhà văn hóa Tổ dân phố số {groups[0] if groups else ''}"
        )
        b.add_cell(
            number,
            name,
            kind,
            profile,
            place=place,
            groups=group_codes,
            founded_on=_founded(number, y),
        )
    _designed_members(b, y)
    for number, _, kind, _, generic, _, _ in CELLS:
        cell, previous = f"DT-C{number:02d}", None
        start = datetime.date(y, 4, 1) if number == 12 else None
        for _ in range(generic):
            if previous and kind == "residential" and rng.random() < 0.12:
                b.spouse(cell, previous)
                previous = None
            else:
                previous = b.new_member(cell, start=start)
    _designed_events(b, y)
    _offices(b, y)
    if datetime.date(y + 1, 3, 1) < today - datetime.timedelta(days=30):
        # A member admitted in the current year: probationary, no card number yet.
        joined = datetime.date(y + 1, 3, 1)
        b.new_member("DT-C03", start=joined, joined_on=joined, age=23, stable=False)
    return b


def _founded(number: int, y: int) -> datetime.date | None:
    if number == 12:
        return datetime.date(y, 4, 1)
    return datetime.date(1990 + number, 3, 1)


def _offices(b: WardBuilder, y: int) -> None:
    """Cell committees elected at the congress of Y-3 (DT-C12 at its founding), a new DT-C02 secretary
    from 1/7 of Y, and the ward's offices held by members of the agency cell and the armed forces."""
    holders: list[str] = []
    for cell in b.cells:
        term = (
            datetime.date(y, 4, 1)
            if cell.code == "DT-C12"
            else datetime.date(y - 3, 4, 20)
        )
        holders += b.fill_offices(cell.code, term)
    index = next(
        i
        for i, o in enumerate(b.offices)
        if o.cell_code == "DT-C02" and o.position == "secretary"
    )
    b.offices[index] = b.offices[index]._replace(end=datetime.date(y, 6, 30))
    deputy = b.holder_of("DT-C02", "deputy")[0]
    b.add_office(deputy, "secretary", datetime.date(y, 7, 1), cell="DT-C02")
    spare = [c for c in b.office_candidates("DT-C13") if c not in holders]
    ward_offices = list(
        zip(spare, ("secretary", "deputy", "committee", "committee"), strict=False)
    )
    ward_offices += [(b.holder_of("DT-C10", "secretary")[0], "committee")]
    ward_offices += [(b.holder_of("DT-C11", "secretary")[0], "committee")]
    for member, position in ward_offices:
        b.add_office(member, position, datetime.date(y - 5, 6, 18), cell=None)
    b.assign_overseers([member for member, _ in ward_offices])
