"""seed_demo: the promised shape of the demo ward, the models' rules, determinism and idempotence.

"Today" is fixed (15/03/2026, seeded year 2025) by calling ``reports.seed.seed`` with ``today``; the command
itself is run with ``timezone.localdate`` patched.
"""

import datetime
import io
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.test import RequestFactory

from cells.models import (
    Cell,
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    Role,
    StatusPeriod,
)
from meetings.models import Attendance, Meeting
from reports import seed as seeding
from scoring.models import ItemScore, RubricItem, ScoreSheet
from wards.models import Ward

YEAR = 2025
TODAY = datetime.date(2026, 3, 15)
COUNTED = ("submitted", "locked")
CLASS1_FULL = ("I.1", "III.2", "III.5", "VII.2")


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run_seed(scale: str = "demo", seed: int = 1) -> seeding.SeedResult:
    return seeding.seed(scale=scale, seed=seed, year=YEAR, today=TODAY)


def covers(start: datetime.date, end: datetime.date | None, day: datetime.date) -> bool:
    return start <= day and (end is None or day <= end)


def members_on_roll(cell_ids: list[int], day: datetime.date) -> set[int]:
    return {
        m.member_id
        for m in CellMembership.objects.filter(cell_id__in=cell_ids)
        if covers(m.start, m.end, day)
    }


def year_meetings(cell: str, *kinds: str) -> models.QuerySet:
    return Meeting.objects.filter(
        cell__code=cell, held_on__year=YEAR, state__in=COUNTED, kind__in=kinds
    )


def meeting_scores(cell: str) -> list[ScoreSheet]:
    """The sheet that scores each counted meeting of YEAR: the upper one when there is one."""
    chosen = {}
    for sheet in ScoreSheet.objects.filter(
        meeting__cell__code=cell,
        meeting__held_on__year=YEAR,
        meeting__state__in=COUNTED,
    ).order_by("scorer"):
        if sheet.meeting_id not in chosen or sheet.scorer == "upper":
            chosen[sheet.meeting_id] = sheet
    return list(chosen.values())


@pytest.mark.django_db
def test_demo_ward_has_the_promised_shape() -> None:
    result = run_seed()
    assert result.created == ["DONGTAM"]
    ward = Ward.objects.get(code="DONGTAM")
    assert (ward.name, ward.committee_name) == (
        "Phường Đồng Tâm",
        "Đảng bộ phường Đồng Tâm",
    )
    assert (ward.city, ward.province) == ("Yên Bái", "Yên Bái")
    cells = Cell.objects.filter(ward=ward)
    assert 11 <= cells.count() <= 14
    assert set(cells.values_list("kind", flat=True)) == {
        "residential",
        "public_service",
        "police",
        "military",
        "enterprise",
    }
    assert cells.filter(name="Chi bộ Trường Tiểu học Đồng Tâm").exists()
    assert cells.filter(name="Chi bộ Công an phường", kind="police").exists()
    on_roll = members_on_roll(
        list(cells.values_list("pk", flat=True)), datetime.date(YEAR, 12, 31)
    )
    assert 200 <= len(on_roll) <= 300
    assert Office.objects.filter(ward=ward, position="secretary").count() == 1
    for cell in cells:
        assert Office.objects.filter(cell=cell, position="secretary").exists(), (
            cell.code
        )
        assert year_meetings(cell.code, "study").exists(), cell.code
    # Excellent members stay within 20% of those rated good across the ward (a warning otherwise).
    ratings = Counter(
        MemberYear.objects.filter(year=YEAR).values_list("rating", flat=True)
    )
    assert 0 < ratings["excellent"] <= 0.2 * ratings["good"]
    # Every member lives in a household; some households are outside the ward.
    assert not Member.objects.filter(household__isnull=True).exists()
    assert Household.objects.filter(group__isnull=True).exclude(address="").exists()
    assert Member.objects.filter(full_name__startswith="Nguyễn").count() > 40


@pytest.mark.django_db
def test_demo_logins_work_and_have_their_roles() -> None:
    result = run_seed()
    request = RequestFactory().post("/accounts/login/")
    for username in ("admin", "phuong", "bithu1", "xem"):
        user = authenticate(
            request, username=username, password=f"partycell-{username}"
        )
        assert user is not None, username
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert Role.objects.filter(
        user__username="phuong", kind="ward_official", ward__code="DONGTAM"
    ).exists()
    assert Role.objects.filter(
        user__username="bithu1", kind="cell_secretary", cell__code="DT-C01"
    ).exists()
    assert Role.objects.filter(
        user__username="xem", kind="viewer", ward__code="DONGTAM"
    ).exists()
    assert {login.username for login in result.logins} >= {"admin", "phuong", "bithu1"}
    bithu1 = get_user_model().objects.get(username="bithu1")
    secretary = Office.objects.get(cell__code="DT-C01", position="secretary", end=None)
    assert f"{bithu1.last_name} {bithu1.first_name}" == secretary.member.full_name


@pytest.mark.django_db
def test_every_member_on_the_roll_has_exactly_one_mark() -> None:
    run_seed()
    memberships = defaultdict(list)
    for m in CellMembership.objects.all():
        memberships[m.cell_id].append(m)
    exemptions = defaultdict(list)
    for p in StatusPeriod.objects.filter(kind="exempt", approved=True):
        exemptions[p.member_id].append(p)
    marks = defaultdict(list)
    for a in Attendance.objects.all():
        marks[a.meeting_id].append(a)
    meetings = Meeting.objects.filter(state__in=COUNTED)
    assert meetings.count() > 200
    for meeting in meetings:
        roll = {
            m.member_id
            for m in memberships[meeting.cell_id]
            if covers(m.start, m.end, meeting.held_on)
        }
        members = Counter(a.member_id for a in marks[meeting.pk])
        assert set(members) == roll, meeting.key
        assert set(members.values()) == {1}, meeting.key
        for a in marks[meeting.pk]:
            if a.mark == "exempt":
                assert any(
                    covers(p.start, p.end, meeting.held_on)
                    for p in exemptions[a.member_id]
                ), meeting.key
        assert {meeting.chair_id, meeting.minute_taker_id} <= roll, meeting.key
        assert meeting.start_time < meeting.end_time
    assert Attendance.objects.filter(mark="exempt").exists()
    assert Attendance.objects.filter(mark="excused").exists()
    assert Attendance.objects.filter(mark="absent").exists()
    assert not Attendance.objects.filter(meeting__state="planned").exists()


@pytest.mark.django_db
def test_score_sheets_follow_the_default_rubric() -> None:
    run_seed()
    maxima = {
        i.pk: i.max_points for i in RubricItem.objects.filter(rubric__code="HD12-2018")
    }
    items = defaultdict(list)
    for score in ItemScore.objects.all():
        items[score.sheet_id].append(score)
    sheets = ScoreSheet.objects.select_related("meeting")
    assert sheets.filter(total_only=True).exists()
    for sheet in sheets:
        assert sheet.meeting.kind != "study"
        assert sheet.meeting.state in COUNTED
        assert sheet.rubric.code == "HD12-2018"
        if sheet.total_only:
            assert not items[sheet.pk]
            continue
        assert len(items[sheet.pk]) == len(maxima)
        assert sum(s.points for s in items[sheet.pk]) == sheet.total
        for score in items[sheet.pk]:
            assert 0 <= score.points <= maxima[score.item_id]
            assert score.points % Decimal("0.5") == 0
    # Every counted meeting but the study sessions has a self sheet.
    unscored = Meeting.objects.filter(state__in=COUNTED).exclude(kind="study")
    assert not unscored.exclude(score_sheets__scorer="self").exists()


@pytest.mark.django_db
def test_seeded_rows_pass_the_models_validation() -> None:
    """Field validators and ``clean()``; the database has checked the constraints and foreign keys."""
    run_seed()

    def full_clean(obj: models.Model) -> None:
        relations = [f.name for f in obj._meta.fields if f.is_relation]
        obj.full_clean(
            exclude=relations, validate_unique=False, validate_constraints=False
        )

    querysets = [
        Ward.objects.all(),
        Cell.objects.all(),
        Household.objects.all(),
        Member.objects.all(),
        CellMembership.objects.all(),
        StatusPeriod.objects.all(),
        Office.objects.all(),
        MemberYear.objects.all(),
        HouseholdYear.objects.all(),
        CellYear.objects.all(),
        Meeting.objects.select_related("cell", "chair", "minute_taker"),
        ScoreSheet.objects.select_related("meeting", "rubric"),
    ]
    for queryset in querysets:
        for obj in queryset:
            full_clean(obj)
    for meeting in Meeting.objects.filter(state__in=COUNTED).order_by("key")[:15]:
        for attendance in meeting.attendances.all():
            full_clean(attendance)
    for score in ItemScore.objects.select_related("item", "sheet__rubric")[:500]:
        full_clean(score)
    # Office holders are on the roll of their cell (or of a cell of their ward) while in office.
    for office in Office.objects.select_related("cell", "ward"):
        ward = office.ward or office.cell.ward
        periods = CellMembership.objects.filter(
            member_id=office.member_id, cell__ward=ward
        )
        if office.cell_id:
            periods = periods.filter(cell_id=office.cell_id)
        last = office.end or TODAY
        assert any(covers(p.start, p.end, office.start) for p in periods), office
        assert any(covers(p.start, p.end, last) for p in periods), office
    approved = StatusPeriod.objects.filter(approved=True)
    assert approved.exists()
    assert not approved.filter(
        models.Q(approved_on=None) | models.Q(approved_by="")
    ).exists()


@pytest.mark.django_db
def test_text_is_nfc() -> None:
    run_seed()
    texts = [
        *Member.objects.values_list("full_name", flat=True),
        *Cell.objects.values_list("name", flat=True),
        *Household.objects.values_list("address", flat=True),
        *Meeting.objects.values_list("topic", flat=True),
        *Meeting.objects.values_list("minutes", flat=True),
    ]
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)


@pytest.mark.django_db
def test_designed_events_are_there() -> None:
    run_seed()
    d = seeding.DESIGNED
    # A missing month: DT-C03 has no regular meeting in August.
    months = {m.held_on.month for m in year_meetings("DT-C03", "regular", "combined")}
    assert months == set(range(1, 13)) - {8}
    # A meeting scored 97.5 by the upper level, class-1 items at full marks.
    sheet = ScoreSheet.objects.get(
        meeting__cell__code="DT-C06", scorer="upper", total=Decimal("97.5")
    )
    full = {s.item.code: s.points == s.item.max_points for s in sheet.item_scores.all()}
    assert all(full[code] for code in CLASS1_FULL)
    # No thematic meeting in Q3 for DT-C10.
    thematic = year_meetings("DT-C10", "thematic", "combined")
    assert {(m.held_on.month - 1) // 3 + 1 for m in thematic} == {1, 2, 4}
    # Transfers: out of DT-C02 on 15/05 and into DT-C01 the day after; admitted in June.
    mover = list(
        CellMembership.objects.filter(member__code=d["mover"]).order_by("start")
    )
    assert [(m.cell.code, m.end) for m in mover] == [
        ("DT-C02", datetime.date(YEAR, 5, 15)),
        ("DT-C01", None),
    ]
    assert mover[1].start == datetime.date(YEAR, 5, 16)
    joiner = Member.objects.get(code=d["june_joiner"])
    assert joiner.joined_on == datetime.date(YEAR, 6, 2)
    assert joiner.official_on is None and joiner.card_number == ""
    assert CellMembership.objects.get(member__code=d["left_ward"]).end == datetime.date(
        YEAR, 9, 30
    )
    # Working away with and without contact; an exemption never approved.
    away = StatusPeriod.objects.filter(kind="working_away")
    assert (
        away.filter(contact_kept=True).exists()
        and away.filter(contact_kept=False).exists()
    )
    assert StatusPeriod.objects.filter(kind="exempt", approved=False).exists()
    assert Attendance.objects.filter(
        member__code=d["elder_exempt"], mark="exempt"
    ).exists()
    # Year-end failures.
    assert CellYear.objects.get(cell__code="DT-C09", year=YEAR).targets_met == 9
    assert (
        MemberYear.objects.get(member__code=d["rated_done"], year=YEAR).rating == "done"
    )
    household = Member.objects.get(code=d["near_poor"]).household
    assert (
        HouseholdYear.objects.get(household=household, year=YEAR).poverty == "near_poor"
    )
    assert Attendance.objects.filter(
        member__code=d["study_absent"], meeting__kind="study", mark="absent"
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("cell", seeding.MODEL_CELLS)
def test_model_cells_meet_every_criterion_in_the_seeded_year(cell: str) -> None:
    run_seed()
    counted = year_meetings(cell, "regular", "thematic", "combined")
    assert not Attendance.objects.filter(meeting__in=counted, mark="absent").exists()
    study = year_meetings(cell, "study")
    assert study.exists()
    assert not Attendance.objects.filter(meeting__in=study, mark="absent").exists()
    regular = {
        m.held_on.month for m in counted.filter(kind__in=("regular", "combined"))
    }
    assert regular == set(range(1, 13))
    thematic = {
        (m.held_on.month - 1) // 3
        for m in counted.filter(kind__in=("thematic", "combined"))
    }
    assert thematic == {0, 1, 2, 3}
    sheets = meeting_scores(cell)
    assert len(sheets) == counted.count()
    for sheet in sheets:
        points = {s.item.code: s for s in sheet.item_scores.select_related("item")}
        assert sheet.total >= 98 and not sheet.total_only
        assert all(points[c].points == points[c].item.max_points for c in CLASS1_FULL)
    last_day = datetime.date(YEAR, 12, 31)
    roll = members_on_roll([Cell.objects.get(code=cell).pk], last_day)
    years = MemberYear.objects.filter(member_id__in=roll, year=YEAR)
    assert years.count() == len(roll)
    assert set(years.values_list("rating", flat=True)) <= {"good", "excellent"}
    assert all(years.values_list("resolution_compliant", flat=True))
    assert set(years.values_list("residence_feedback", flat=True)) <= {
        "",
        "good",
        "not_required",
    }
    no_contact = StatusPeriod.objects.filter(
        member_id__in=roll, kind="working_away", contact_kept=False
    )
    assert not no_contact.exists()
    cell_ids = [Cell.objects.get(code=cell).pk]
    year_roll = {
        m.member_id
        for m in CellMembership.objects.filter(cell_id__in=cell_ids)
        if m.start <= last_day and (m.end is None or m.end.year >= YEAR)
    }
    households = Member.objects.filter(pk__in=year_roll).values_list(
        "household_id", flat=True
    )
    records = HouseholdYear.objects.filter(household_id__in=households, year=YEAR)
    assert records.count() == len(set(households))
    assert all(
        r.cultured_family and r.civilized_rules and r.poverty == "none" for r in records
    )
    record = CellYear.objects.get(cell__code=cell, year=YEAR)
    assert record.rating == "excellent"
    assert record.targets_met == record.targets_total
    assert record.group_cultured is not False
    assert record.satisfaction_percent in (None, Decimal("100"))


@pytest.mark.django_db
def test_current_year_runs_up_to_today_without_year_end_records() -> None:
    run_seed()
    current = Meeting.objects.filter(held_on__year=YEAR + 1)
    assert current.filter(state__in=COUNTED).exists()
    assert not current.filter(state__in=COUNTED, held_on__gte=TODAY).exists()
    planned = Meeting.objects.filter(state="planned")
    assert planned.count() == Cell.objects.count()
    assert not planned.filter(held_on__lt=TODAY).exists()
    assert not MemberYear.objects.filter(year=YEAR + 1).exists()
    assert not HouseholdYear.objects.filter(year=YEAR + 1).exists()
    assert not CellYear.objects.filter(year=YEAR + 1).exists()
    assert MemberYear.objects.filter(year=YEAR).exists()


def natural_dump() -> dict[str, list[tuple]]:
    """Every seeded row by natural keys (no primary keys), sorted."""
    natural = {
        "ward": "code",
        "group": "code",
        "cell": "code",
        "household": "code",
        "member": "code",
        "chair": "code",
        "minute_taker": "code",
        "meeting": "key",
        "rubric": "code",
        "item": "code",
        "user": "username",
        "updated_by": "username",
        "scored_by": "username",
    }
    dump = {}
    for model in (
        Ward,
        apps.get_model("wards", "ResidentialGroup"),
        Cell,
        Cell.groups.through,
        Household,
        Member,
        CellMembership,
        StatusPeriod,
        Office,
        MemberYear,
        HouseholdYear,
        CellYear,
        Meeting,
        Attendance,
        ScoreSheet,
        Role,
    ):
        names = []
        for f in model._meta.concrete_fields:
            if f.primary_key:
                continue
            if f.is_relation:
                names.append(f"{f.name}__{natural.get(f.name, 'code')}")
            else:
                names.append(f.name)
        dump[model._meta.label] = sorted(model.objects.values_list(*names), key=repr)
    dump["scores"] = sorted(
        ItemScore.objects.values_list(
            "sheet__meeting__key", "sheet__scorer", "item__code", "points", "reason"
        )
    )
    return dump


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data() -> None:
    with transaction.atomic():
        run_seed()
        first = natural_dump()
        transaction.set_rollback(True)
    assert not Ward.objects.exists()
    run_seed()
    assert natural_dump() == first


def test_the_plan_is_a_pure_function_of_its_arguments() -> None:
    spec = seeding.ward_specs("ward")[0]
    plans = [
        seeding.build_ward_plan(s, seed=seed, year=YEAR, today=TODAY)
        for s, seed in (
            (seeding.DEMO, 7),
            (seeding.DEMO, 7),
            (seeding.DEMO, 8),
            (spec, 7),
            (spec, 7),
        )
    ]
    assert plans[0] == plans[1]
    assert plans[0] != plans[2]
    assert plans[3] == plans[4]
    # Designed member codes do not depend on the seed.
    assert (
        plans[0].members[0].code
        == plans[2].members[0].code
        == seeding.DESIGNED["elder_exempt"]
    )


@pytest.mark.django_db
def test_a_second_run_writes_nothing() -> None:
    run_seed()
    seeded = [
        m
        for m in apps.get_models()
        if m._meta.app_label in ("wards", "cells", "meetings", "scoring", "auth")
    ]
    before = {m._meta.label: m.objects.count() for m in seeded}
    result = run_seed()
    assert result.created == [] and result.skipped == ["DONGTAM"] and result.rows == {}
    assert not any(login.created for login in result.logins)
    assert {m._meta.label: m.objects.count() for m in seeded} == before


@pytest.mark.django_db
def test_the_ward_scale_adds_a_ward_of_about_forty_cells() -> None:
    run_seed("demo")
    result = run_seed("ward")
    assert result.created == ["YB001"]
    cells = Cell.objects.filter(ward__code="YB001")
    assert 36 <= cells.count() <= 44
    assert set(cells.values_list("kind", flat=True)) == {
        "residential",
        "public_service",
        "police",
        "military",
        "enterprise",
    }
    on_roll = members_on_roll(
        list(cells.values_list("pk", flat=True)), datetime.date(YEAR, 12, 31)
    )
    assert 960 <= len(on_roll) <= 1440
    assert Ward.objects.count() == 2
    assert Role.objects.filter(user__username="canbo", ward__code="YB001").exists()


@pytest.mark.django_db
def test_the_command_seeds_and_prints_the_logins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    out = io.StringIO()
    call_command("seed_demo", "--seed", "3", stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert "2025 complete" in text
    assert "partycell-admin" in text and "partycell-bithu1" in text
    assert Ward.objects.filter(code="DONGTAM").exists()
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO())
    assert "Skipped (already seeded): DONGTAM" in out.getvalue()
    for year in ("2026", "2018"):
        with pytest.raises(CommandError):
            call_command("seed_demo", "--year", year, stdout=io.StringIO())
