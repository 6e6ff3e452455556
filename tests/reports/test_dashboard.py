"""The ward dashboard: the at-risk selector (pure), then the page — verdicts, meetings, filters, period,
access and query counts — on factories and on the demo ward."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.fixtures import Settings

from cells.models import Cell, CellKind, RoleKind
from meetings.models import Attendance, Mark, MeetingState
from reports import seed as seeding
from reports.dashboards import CellRisk, cell_risk, cells_at_risk
from reports.dashboards.base import PlannedMeeting
from reports.dashboards.risk import MONTH_WARNING_DAYS
from scoring.catalogue import default_entries_for
from scoring.domain import (
    CellYearFacts,
    CriterionResult,
    Evidence,
    HouseholdFact,
    MeetingFact,
    MemberFact,
    Period,
    State,
)
from scoring.services import CellEvaluation, CriterionEvaluation
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    GroupFactory,
    MeetingFactory,
    MembershipFactory,
    RoleFactory,
    ScoreSheetFactory,
    UserFactory,
    WardFactory,
)
from wards.models import Ward

YEAR = 2025
TODAY = datetime.date(2026, 3, 15)


# --- The at-risk selector (no database) ----------------------------------------------------------


def evaluation(
    *,
    as_of: datetime.date,
    year: int = 2026,
    results: dict[int, CriterionResult] | None = None,
    cell_id: int = 1,
    code: str = "C01",
    **facts: object,
) -> CellEvaluation:
    """A residential cell's evaluation: the given results, the others pending during the year (passed
    after it)."""
    year_over = as_of >= datetime.date(year, 12, 31)
    default = CriterionResult(State.PASSED if year_over else State.PENDING)
    cell_facts = CellYearFacts(
        cell_id=cell_id,
        code=code,
        name=f"Chi bộ {code}",
        kind="residential",
        year=year,
        as_of=as_of,
        **facts,
    )
    criteria = tuple(
        CriterionEvaluation(entry, (results or {}).get(entry.number, default))
        for entry in default_entries_for("residential")
    )
    return CellEvaluation(cell_facts, criteria)


def meeting(
    day: datetime.date, kind: str = "regular", score: str | None = "99"
) -> MeetingFact:
    return MeetingFact(
        id=day.toordinal(),
        key=f"M-{day:%Y%m%d}-{kind}",
        held_on=day,
        kind=kind,
        score=Decimal(score) if score else None,
        meeting_class=1 if score else None,
    )


STUDY = meeting(datetime.date(2026, 3, 3), "study", None)


def member(n: int, *, rating: str = "") -> MemberFact:
    return MemberFact(
        id=n,
        code=f"DV{n:03d}",
        full_name=f"Đảng viên {n}",
        memberships=(Period(datetime.date(2010, 1, 1)),),
        has_year_record=bool(rating),
        rating=rating,
    )


def texts(risk: CellRisk | None) -> list[str]:
    assert risk is not None
    return [reason.text for reason in risk.reasons]


@pytest.fixture
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_a_failed_criterion_makes_the_cell_lost_with_the_evidence(english) -> None:
    failed = CriterionResult(
        State.FAILED,
        detail="Absent without excuse: Lê Văn C (10/07/2026)",
        evidence=(Evidence("member", "DV0012", "Lê Văn C absent without excuse"),),
    )
    risk = cell_risk(evaluation(as_of=datetime.date(2026, 8, 1), results={1: failed}))
    assert risk is not None and risk.lost
    assert [(r.numbers, r.text) for r in risk.reasons] == [
        ((1,), "Absent without excuse: Lê Văn C (10/07/2026)")
    ]
    assert risk.reasons[0].title == "Đảng viên dự sinh hoạt đầy đủ"


def test_a_cell_with_nothing_failed_or_due_is_not_at_risk() -> None:
    assert cell_risk(evaluation(as_of=datetime.date(2025, 12, 31), year=2025)) is None
    quarter = [meeting(datetime.date(2026, 7, 5), "combined")]
    assert (
        cell_risk(evaluation(as_of=datetime.date(2026, 8, 1), meetings=quarter)) is None
    )


def test_unscored_meetings_are_named_with_their_dates(english) -> None:
    missing = CriterionResult(
        State.UNDECIDED,
        detail="Unscored meetings: 05/03/2026, 07/04/2026",
        evidence=(
            Evidence("meeting", "M1", "not scored", datetime.date(2026, 3, 5)),
            Evidence("meeting", "M2", "not scored", datetime.date(2026, 4, 7)),
        ),
    )
    held = [meeting(datetime.date(2026, 4, 7), "combined", None)]
    risk = cell_risk(
        evaluation(as_of=datetime.date(2026, 5, 1), results={8: missing}, meetings=held)
    )
    assert risk is not None and not risk.lost
    assert texts(risk) == ["2 meetings not scored yet: 05/03/2026, 07/04/2026."]
    assert risk.reasons[0].numbers == (8,)


def test_the_current_quarter_without_a_thematic_meeting_is_named(english) -> None:
    held = [
        STUDY,
        meeting(datetime.date(2026, 10, 6)),
        meeting(datetime.date(2026, 11, 5)),
    ]
    risk = cell_risk(evaluation(as_of=datetime.date(2026, 11, 10), meetings=held))
    assert risk is not None and not risk.lost
    assert texts(risk) == [
        "No thematic meeting yet in Q4/2026: the quarter ends on 31/12/2026."
    ]
    assert risk.reasons[0].numbers == (7,)


def test_a_planned_thematic_meeting_is_named_but_the_cell_stays_listed(english) -> None:
    held = [
        STUDY,
        meeting(datetime.date(2026, 10, 6)),
        meeting(datetime.date(2026, 11, 5)),
    ]
    planned = [
        PlannedMeeting(9, 1, "P1", datetime.date(2026, 12, 8), "thematic", "planned"),
        PlannedMeeting(8, 1, "P0", datetime.date(2026, 9, 8), "thematic", "planned"),
    ]
    risk = cell_risk(
        evaluation(as_of=datetime.date(2026, 11, 10), meetings=held), planned
    )
    assert texts(risk) == [
        "No thematic meeting yet in Q4/2026: the quarter ends on 31/12/2026. "
        "Planned for 08/12/2026."
    ]


@pytest.mark.parametrize(
    ("as_of", "flagged"),
    [
        (datetime.date(2026, 11, 30 - MONTH_WARNING_DAYS), False),  # 10 days left
        (datetime.date(2026, 11, 31 - MONTH_WARNING_DAYS), True),  # 9 days left
        (datetime.date(2026, 11, 30), True),  # the month's last day
    ],
)
def test_a_month_without_a_regular_meeting_is_flagged_in_its_last_days(
    english, as_of: datetime.date, flagged: bool
) -> None:
    held = [meeting(datetime.date(2026, 10, 6), "combined")]
    risk = cell_risk(evaluation(as_of=as_of, meetings=held))
    wanted = "No regular meeting yet in 11/2026: the month ends on 30/11/2026."
    assert (risk is not None and wanted in texts(risk)) is flagged


def test_a_month_with_its_regular_meeting_is_not_flagged() -> None:
    held = [
        STUDY,
        meeting(datetime.date(2026, 10, 6), "combined"),
        meeting(datetime.date(2026, 11, 3)),
    ]
    assert (
        cell_risk(evaluation(as_of=datetime.date(2026, 11, 28), meetings=held)) is None
    )


def test_members_not_rated_yet_are_counted_in_december_only(english) -> None:
    members = tuple(member(n) for n in range(12)) + (member(99, rating="good"),)
    held = [
        meeting(datetime.date(2026, 10, 6), "combined"),
        meeting(datetime.date(2026, 11, 3)),
        meeting(datetime.date(2026, 12, 3)),
        meeting(datetime.date(2026, 3, 3), "study"),
    ]
    november = evaluation(
        as_of=datetime.date(2026, 11, 15), meetings=held[:2] + held[3:], members=members
    )
    assert cell_risk(november) is None
    december = evaluation(
        as_of=datetime.date(2026, 12, 10), meetings=held, members=members
    )
    assert texts(cell_risk(december)) == ["12 members not yet rated."]
    assert cell_risk(december).reasons[0].numbers == (4,)


def test_households_without_their_year_record_are_one_reason_for_criteria_10_to_12(
    english,
) -> None:
    households = (
        HouseholdFact(1, "H1", "Nguyễn Văn A"),
        HouseholdFact(2, "H2", "Trần Văn B", has_year_record=True),
    )
    held = [
        meeting(datetime.date(2026, 10, 6), "combined"),
        meeting(datetime.date(2026, 12, 3)),
        meeting(datetime.date(2026, 3, 3), "study"),
    ]
    risk = cell_risk(
        evaluation(
            as_of=datetime.date(2026, 12, 20), meetings=held, households=households
        )
    )
    assert [(r.numbers, r.text) for r in risk.reasons] == [
        ((10, 11, 12), "1 member household without this year's record.")
    ]


def test_no_study_session_is_flagged_in_the_last_quarter(english) -> None:
    held = [meeting(datetime.date(2026, 10, 6), "combined")]
    risk = cell_risk(evaluation(as_of=datetime.date(2026, 10, 10), meetings=held))
    assert texts(risk) == ["No resolution study session yet in 2026."]
    september = [meeting(datetime.date(2026, 7, 6), "combined")]
    assert (
        cell_risk(evaluation(as_of=datetime.date(2026, 9, 10), meetings=september))
        is None
    )
    studied = [*held, STUDY]
    assert (
        cell_risk(evaluation(as_of=datetime.date(2026, 10, 10), meetings=studied))
        is None
    )


def test_after_the_year_members_without_a_rating_are_missing_data(english) -> None:
    missing = CriterionResult(
        State.UNDECIDED,
        detail="Missing: …",
        evidence=tuple(
            Evidence("member", f"DV{n}", f"Đảng viên {n} not rated yet")
            for n in range(3)
        ),
    )
    risk = cell_risk(
        evaluation(as_of=datetime.date(2025, 12, 31), year=2025, results={4: missing})
    )
    assert texts(risk) == ["3 members not yet rated."]


def test_the_list_keeps_the_order_of_the_cells_and_splits_lost_from_action() -> None:
    failed = CriterionResult(State.FAILED, detail="x")
    undecided = CriterionResult(State.UNDECIDED, detail="The cell is not rated yet")
    evaluations = [
        evaluation(
            as_of=datetime.date(2025, 12, 31), year=2025, cell_id=i, code=c, results=r
        )
        for i, c, r in (
            (1, "C01", {}),
            (2, "C02", {5: undecided}),
            (3, "C03", {6: failed}),
            (4, "C04", {1: failed, 5: undecided}),
        )
    ]
    risks = cells_at_risk(evaluations)
    assert [r.code for r in risks.lost] == ["C03", "C04"]
    assert [r.code for r in risks.action] == ["C02"]
    assert texts(risks.action[0]) == ["The cell is not rated yet"]
    assert len(risks) == 3


# --- The page, on factories ---------------------------------------------------------------------


def add_cell(
    ward, *, kind: str = CellKind.RESIDENTIAL, absent: bool = False, **kw
) -> Cell:
    """A cell with two members and one scored regular meeting in March 2025 (one member absent without
    excuse when ``absent``) and a planned meeting in April."""
    cell = CellFactory(ward=ward, kind=kind, **kw)
    members = [MembershipFactory(cell=cell).member for _ in range(2)]
    held = MeetingFactory(cell=cell, held_on=datetime.date(2025, 3, 5))
    for index, person in enumerate(members):
        mark = Mark.ABSENT if absent and index == 0 else Mark.PRESENT
        AttendanceFactory(meeting=held, member=person, mark=mark)
    ScoreSheetFactory(meeting=held, total=Decimal("97.5"))
    MeetingFactory(
        cell=cell,
        held_on=datetime.date(2025, 4, 8),
        state=MeetingState.PLANNED,
        topic="Sinh hoạt tháng 4",
    )
    return cell


@pytest.fixture
def ward_world(db: None) -> dict:
    ward = WardFactory(
        code="DT", name="Phường Đồng Tâm", committee_name="Đảng bộ phường Đồng Tâm"
    )
    group = GroupFactory(ward=ward, name="Tổ dân phố số 1")
    first = add_cell(ward, code="DT-A", name="Chi bộ Tổ dân phố số 1")
    first.groups.add(group)
    second = add_cell(
        ward,
        code="DT-B",
        name="Chi bộ Trường Tiểu học",
        kind=CellKind.PUBLIC_SERVICE,
        absent=True,
    )
    other = add_cell(WardFactory(code="YN"), code="YN-A")
    official = UserFactory(username="canbo", password=None)
    RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)
    return {
        "ward": ward,
        "group": group,
        "cells": (first, second),
        "other": other,
        "official": official,
    }


def dashboard_url(ward: Ward, **query: str) -> str:
    url = reverse("reports:ward_dashboard", args=[ward.code])
    params = {"year": "2025", "as_of": "31/12/2025", **query}
    return url + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def row_of(page: str, code: str, table: str = "verdict-table") -> str:
    """The <tr> of one cell in one table of the page."""
    section = page[page.index(f'class="table align-middle mb-0 {table}"') :]
    start = section.index(f'<tr data-cell="{code}"')
    return section[start : section.index("</tr>", start)]


def test_a_ward_official_lands_on_the_dashboard_of_the_ward(
    client: Client, ward_world: dict
) -> None:
    client.force_login(ward_world["official"])
    response = client.get(reverse("reports:home"))
    assert response.status_code == 302
    assert response.headers["Location"] == reverse(
        "reports:ward_dashboard", args=["DT"]
    )


def test_a_viewer_of_the_ward_keeps_the_home_list_with_a_link_to_the_dashboard(
    client: Client, ward_world: dict
) -> None:
    viewer = UserFactory(password=None)
    RoleFactory(user=viewer, kind=RoleKind.VIEWER, ward=ward_world["ward"])
    client.force_login(viewer)
    response = client.get(reverse("reports:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{reverse("reports:ward_dashboard", args=["DT"])}"' in page
    assert f'href="{reverse("reports:cell_page", args=["DT-A"])}"' in page
    assert f'href="{reverse("reports:overview")}"' in page
    assert client.get(dashboard_url(ward_world["ward"])).status_code == 200


def test_the_dashboard_shows_every_cell_with_its_verdicts_and_links(
    client: Client, ward_world: dict
) -> None:
    client.force_login(ward_world["official"])
    response = client.get(dashboard_url(ward_world["ward"]))
    assert response.status_code == 200
    page = response.content.decode()
    data = response.context["dashboard"]
    assert [row.code for row in data.rows] == ["DT-A", "DT-B"]
    assert "YN-A" not in page
    # DT-B: an unexcused absence fails criterion 1 (✗, and the words for screen readers).
    absent = row_of(page, "DT-B")
    failed = re.search(r'data-criterion="1" data-state="(\w+)"', absent)
    assert failed and failed.group(1) == "failed"
    assert "✗" in absent
    with translation.override("vi"):
        assert (
            f'<span class="visually-hidden">{translation.gettext("failed")}</span>'
            in absent
        )
    # Each cell links to its cell page with the same period.
    link = (
        reverse("reports:cell_page", args=["DT-A"]) + "?year=2025&amp;as_of=31/12/2025"
    )
    assert f'href="{link}"' in page
    # Neither is a model cell; DT-B is lost (criteria 1 and 8), DT-A too (its meeting is at 97.5).
    assert [r.code for r in data.risks.lost] == ["DT-A", "DT-B"]
    assert data.risks.lost[1].reasons[0].numbers == (1,)
    assert data.model_cells == 0


def test_the_meeting_grid_marks_scores_missing_months_and_planned_meetings(
    client: Client, ward_world: dict
) -> None:
    client.force_login(ward_world["official"])
    page = client.get(dashboard_url(ward_world["ward"])).content.decode()
    grid = row_of(page, "DT-A", "month-grid")
    march = re.search(r'<td class="([^"]+)"\s+data-month="3"', grid)
    assert march and "month-held" in march.group(1) and "month-below" in march.group(1)
    assert "97,5" in grid  # the Vietnamese decimal comma
    january = re.search(r'<td class="([^"]+)"\s+data-month="1"', grid)
    assert "month-missing" in january.group(1)
    april = grid[grid.index('data-month="4"') :]
    assert "○08" in april[: april.index("</td>")]
    assert "08/04/2025" in april[: april.index("</td>")]


def test_the_chart_gets_its_data_from_json_script(
    client: Client, ward_world: dict
) -> None:
    client.force_login(ward_world["official"])
    page = client.get(dashboard_url(ward_world["ward"])).content.decode()
    raw = re.search(
        r'<script id="score-chart-data" type="application/json">(.*?)</script>',
        page,
        re.S,
    )
    data = json.loads(raw.group(1))
    assert data["datasets"]["average"]["data"][2] == 97.5
    assert data["datasets"]["lowest"]["data"][0] is None
    assert data["datasets"]["bar"]["data"] == [98.0] * 12
    assert "vendor/chart.js/chart.umd.min.js" in page
    assert "partycell/js/dashboard.js" in page
    assert "<script>" not in page


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ({"kind": "public_service"}, ["DT-B"]),
        ({"kind": "residential"}, ["DT-A"]),
        ({"group": "GROUP"}, ["DT-A"]),
        ({}, ["DT-A", "DT-B"]),
        ({"kind": "nonsense"}, ["DT-A", "DT-B"]),  # not understood: left out, and said
    ],
)
def test_filters_by_kind_and_group(
    client: Client, ward_world: dict, query: dict, codes: list[str]
) -> None:
    if query.get("group") == "GROUP":
        query = {"group": str(ward_world["group"].pk)}
    client.force_login(ward_world["official"])
    response = client.get(dashboard_url(ward_world["ward"], **query))
    assert [row.code for row in response.context["dashboard"].rows] == codes


def test_the_period_defaults_to_this_year_and_today(
    client: Client, ward_world: dict
) -> None:
    client.force_login(ward_world["official"])
    response = client.get(reverse("reports:ward_dashboard", args=["DT"]))
    today = timezone.localdate()
    assert (response.context["period"].year, response.context["period"].as_of) == (
        today.year,
        today,
    )
    page = response.content.decode()
    assert f'value="{today:%d/%m/%Y}"' in page
    # The year selector offers the last three years.
    year_select = re.search(r'<select[^>]*name="year".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="(\d{4})"', year_select)
    assert options == [str(today.year - n) for n in range(3)]


@pytest.mark.parametrize(
    ("query", "year", "as_of", "error"),
    [
        ({"year": "2025"}, 2025, datetime.date(2025, 12, 31), False),
        (
            {"year": "2025", "as_of": "30/06/2025"},
            2025,
            datetime.date(2025, 6, 30),
            False,
        ),
        (
            {"year": "2025", "as_of": "05/06/2025"},
            2025,
            datetime.date(2025, 6, 5),
            False,
        ),
        (
            {"year": "2025", "as_of": "31/02/2025"},
            2025,
            datetime.date(2025, 12, 31),
            True,
        ),
        (
            {"year": "2025", "as_of": "01/01/2099"},
            2025,
            datetime.date(2025, 12, 31),
            True,
        ),
        (
            {"year": "2025", "as_of": "15/03/2026"},
            2025,
            datetime.date(2025, 12, 31),
            False,
        ),
    ],
)
def test_the_period_comes_from_the_query(
    client: Client,
    ward_world: dict,
    query: dict,
    year: int,
    as_of: datetime.date,
    error: bool,
) -> None:
    client.force_login(ward_world["official"])
    url = reverse("reports:ward_dashboard", args=["DT"])
    response = client.get(url, query)
    period = response.context["period"]
    assert (period.year, period.as_of) == (year, as_of)
    assert bool(period.form.errors) is error
    if error:
        assert "is-invalid" in response.content.decode()


def test_a_secretary_cannot_open_the_ward_dashboard(
    client: Client, ward_world: dict
) -> None:
    secretary = UserFactory(password=None)
    RoleFactory(
        user=secretary, kind=RoleKind.CELL_SECRETARY, cell=ward_world["cells"][0]
    )
    client.force_login(secretary)
    assert client.get(dashboard_url(ward_world["ward"])).status_code == 404
    assert client.get(reverse("reports:ward_dashboard", args=["YN"])).status_code == 404


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_query_count_does_not_grow_with_the_cells(db: None, client: Client) -> None:
    counts = []
    for size in (1, 20):
        ward = WardFactory()
        for _ in range(size):
            add_cell(ward, absent=True)
        official = UserFactory(password=None)
        RoleFactory(user=official, kind=RoleKind.WARD_OFFICIAL, ward=ward)
        client.force_login(official)
        counts.append(queries_for(client, dashboard_url(ward)))
    assert counts[0] == counts[1]
    assert counts[1] <= 30  # 2 of them the evaluation cache's stamps (scoring/cache.py)


# --- The page, on the demo ward ------------------------------------------------------------------


@pytest.fixture
def demo(db: None, settings: Settings) -> Client:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seeding.seed(scale="demo", seed=1, year=YEAR, today=TODAY)
    client = Client()
    client.force_login(UserFactory(username="phuong"))
    return client


def test_the_demo_dashboard_of_2025(demo: Client) -> None:
    response = demo.get(
        reverse("reports:ward_dashboard", args=["DONGTAM"]),
        {"year": "2025", "as_of": "31/12/2025"},
    )
    page = response.content.decode()
    data = response.context["dashboard"]
    assert len(data.rows) == 13
    assert data.model_cells == 2
    assert re.search(r'id="stat-model">2<', page)
    assert [row.code for row in data.rows if row.model_cell] == list(
        seeding.MODEL_CELLS
    )
    assert [r.code for r in data.risks.lost] == [
        f"DT-C{n:02d}" for n in (2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13)
    ]
    assert data.risks.action == ()
    reasons = {risk.code: risk.reasons for risk in data.risks.lost}
    # Which criteria, and why, from the evidence.
    assert [r.numbers[0] for r in reasons["DT-C05"]] == [1, 2, 3, 5, 8, 13]
    assert "08/2025" in reasons["DT-C03"][0].text
    assert [r.numbers for r in reasons["DT-C06"]] == [(8,)]
    assert "07/05/2025: 97,5" in reasons["DT-C06"][0].text
    assert "Q3" in reasons["DT-C10"][1].text or "quý 3" in reasons["DT-C10"][1].text
    # The model cells carry a star; DT-C03's August is a missing month in the grid.
    assert "★" in row_of(page, "DT-C01")
    august = re.search(
        r'<td class="([^"]+)"\s+data-month="8"', row_of(page, "DT-C03", "month-grid")
    )
    assert "month-missing" in august.group(1)
    assert "month-thematic" in row_of(page, "DT-C01", "month-grid")
    # The lowest score of the ward, with the Vietnamese decimal comma.
    assert data.lowest_text == "80,5"
    assert re.search(r'id="stat-average">\d+,\d<', page)


def test_the_demo_dashboard_early_in_2026_names_what_must_happen(demo: Client) -> None:
    response = demo.get(
        reverse("reports:ward_dashboard", args=["DONGTAM"]),
        {"year": "2026", "as_of": "20/02/2026"},
    )
    data = response.context["dashboard"]
    lost = [r.code for r in data.risks.lost]
    assert lost == ["DT-C02", "DT-C05", "DT-C12", "DT-C13"]
    action = {risk.code: texts(risk) for risk in data.risks.action}
    assert sorted(action) == [f"DT-C{n:02d}" for n in (1, 3, 4, 6, 7, 8, 9, 10, 11)]
    with translation.override("vi"):
        quarter = translation.gettext("Q%(q)d/%(y)d") % {"q": 1, "y": 2026}
    assert all(quarter in text for texts_ in action.values() for text in texts_)
    page = response.content.decode()
    assert 'id="risk-action"' in page and 'id="risk-lost"' in page
    # During the year the tile counts the cells that can still be model cells.
    assert re.search(r'id="stat-model">9<', page)


# --- Kept between requests (scoring/cache.py) ----------------------------------------------------


def test_the_dashboard_shows_a_change_made_after_it_was_cached(
    client: Client, ward_world: dict
) -> None:
    """The dashboard and its grids are cached under what they were built from: a corrected mark shows
    at the next request, and the other language gets its own copy."""
    client.force_login(ward_world["official"])
    url = dashboard_url(ward_world["ward"])
    before = row_of(client.get(url).content.decode(), "DT-B")
    assert 'data-criterion="1" data-state="failed"' in before
    absent = Attendance.objects.get(
        meeting__cell__code="DT-B", meeting__held_on__month=3, mark=Mark.ABSENT
    )
    absent.mark = Mark.EXCUSED
    absent.save()
    after = row_of(client.get(url).content.decode(), "DT-B")
    assert 'data-criterion="1" data-state="passed"' in after
    vietnamese = client.get(url).content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tiêu chí theo chi bộ" in vietnamese and "Criteria by cell" in english
    # The cached grids follow the page's language too.
    assert "✗</span> không</span>" in row_of(vietnamese, "DT-B")
    assert "✗</span> no</span>" in row_of(english, "DT-B")


def test_a_change_to_one_cell_builds_its_row_again_and_no_other(
    client: Client, ward_world: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each cell's row (and its entry among the cells at risk) is kept under its own evaluation's key:
    after a corrected mark in DT-B, DT-B alone is evaluated and rendered again, and the ward's figures
    still add up the other rows."""
    from reports.dashboards import ward as ward_module
    from scoring import cache as cache_module

    client.force_login(ward_world["official"])
    url = dashboard_url(ward_world["ward"])
    first = client.get(url).content.decode()
    evaluated: list[str] = []
    real = cache_module.evaluate

    def counting(year, cells, as_of=None):
        cells = list(cells)
        evaluated.extend(cell.code for cell in cells)
        return real(year, cells, as_of)

    monkeypatch.setattr(cache_module, "evaluate", counting)
    built: list[str] = []
    real_row = ward_module.cell_row

    def counting_row(evaluation, planned, risk):
        built.append(evaluation.facts.code)
        return real_row(evaluation, planned, risk)

    monkeypatch.setattr(ward_module, "cell_row", counting_row)
    again = client.get(url).content.decode()  # nothing changed: nothing built
    assert row_of(again, "DT-B") == row_of(first, "DT-B")
    assert evaluated == [] and built == []
    absent = Attendance.objects.get(
        meeting__cell__code="DT-B", meeting__held_on__month=3, mark=Mark.ABSENT
    )
    absent.mark = Mark.EXCUSED
    absent.save()
    after = client.get(url).content.decode()
    assert evaluated == ["DT-B"] and built == ["DT-B"]
    assert 'data-criterion="1" data-state="passed"' in row_of(after, "DT-B")
    assert row_of(after, "DT-A") == row_of(first, "DT-A")
    assert row_of(after, "DT-A", "month-grid") == row_of(first, "DT-A", "month-grid")
    # Its entry among the cells at risk is rebuilt too: criterion 1 is no longer a reason.
    assert "1" in risk_numbers(first, "DT-B") and "1" not in risk_numbers(after, "DT-B")


def risk_numbers(page: str, code: str) -> list[str]:
    """The criteria numbers given as reasons in one cell's entry among the cells at risk."""
    start = page.index(f'<article class="risk-item" data-cell="{code}">')
    item = page[start : page.index("</article>", start)]
    labels = re.findall(r'class="risk-criteria">(.*?)</span>', item)
    return [number for label in labels for number in re.findall(r"\d+", label)]


def test_a_verdict_unpickles_as_the_shared_constant() -> None:
    """Cached rows hold 13 verdicts each: they unpickle as references, not as new lazy texts."""
    import pickle

    from reports.dashboards.verdicts import VERDICTS

    for verdict in VERDICTS.values():
        assert pickle.loads(pickle.dumps(verdict)) is verdict
