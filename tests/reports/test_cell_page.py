"""The cell page: the roll today, the meetings to hold, the year's criteria with their evidence, and the
scores of each meeting (self and upper level side by side, the gap to 98)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from cells.models import Cell, RoleKind, StatusKind
from meetings.models import Mark, MeetingState
from reports import seed as seeding
from scoring.models import Scorer
from tests.factories import (
    AttendanceFactory,
    CellFactory,
    MeetingFactory,
    MemberFactory,
    MembershipFactory,
    RoleFactory,
    ScoreSheetFactory,
    StatusPeriodFactory,
    UserFactory,
)

YEAR = 2025
TODAY = datetime.date(2026, 3, 15)


def page_url(code: str, **query: str) -> str:
    params = {"year": "2025", "as_of": "31/12/2025", **query}
    return (
        reverse("reports:cell_page", args=[code])
        + "?"
        + "&".join(f"{key}={value}" for key, value in params.items())
    )


def score_row(page: str, day: datetime.date) -> str:
    start = page.index(f'<tr data-date="{day:%Y-%m-%d}"')
    return page[start : page.index("</tr>", start)]


def criterion_item(page: str, number: int) -> str:
    start = page.index(f'data-criterion="{number}"')
    return page[start : page.index("</li>\n", start)]


# --- On the demo ward ----------------------------------------------------------------------------


@pytest.fixture
def demo(db: None, settings: Settings) -> Client:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seeding.seed(scale="demo", seed=1, year=YEAR, today=TODAY)
    return Client()


def test_a_secretary_of_one_cell_lands_on_its_page(demo: Client) -> None:
    demo.force_login(UserFactory(username="bithu6"))
    response = demo.get(reverse("reports:home"))
    assert response.headers["Location"] == reverse("reports:cell_page", args=["DT-C06"])


def test_the_97_5_meeting_of_dt_c06_is_half_a_point_short(demo: Client) -> None:
    demo.force_login(UserFactory(username="bithu6"))
    response = demo.get(page_url("DT-C06"))
    assert response.status_code == 200
    page = response.content.decode()
    data = response.context["page"]
    # The meeting of 07/05/2025: self 98.5, upper 97.5 (the meeting's score), 0.5 short of 98.
    may = score_row(page, datetime.date(2025, 5, 7))
    cells = [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in may.split("<td")[1:]]
    assert cells[0].endswith("98,5")
    assert cells[1].endswith("97,5")
    assert "−1" in cells[2]
    assert "97,5" in cells[3]
    assert "0,5" in cells[4] and "gap-short" in may
    # Every other meeting meets the bar.
    assert [row.gap_text for row in data.scores if row.gap_text] == ["0,5"]
    assert all(row.meets_bar for row in data.scores if not row.gap_text)
    # Criterion 8 failed, with its evidence; the others passed.
    assert [row.verdict.state for row in data.criteria].count("passed") == 12
    eighth = criterion_item(page, 8)
    assert 'data-state="failed"' in eighth and "✗" in eighth
    assert "07/05/2025: 97,5" in eighth
    # The at-risk box says the cell can no longer be a model cell, and why.
    assert data.risk is not None and data.risk.lost
    assert 'id="cell-risk"' in page and "alert-danger" in page


def test_the_roll_and_the_planned_meeting_of_the_demo_cell(demo: Client) -> None:
    demo.force_login(UserFactory(username="bithu6"))
    data = demo.get(page_url("DT-C06")).context["page"]
    assert data.roll.total == 22
    assert data.roll.official + data.roll.probationary == 22
    # The seed plans the April 2026 meeting; it is overdue once its date has passed.
    planned = [*data.coming, *data.overdue]
    assert [p.held_on for p in planned] == [datetime.date(2026, 4, 4)]
    assert (planned[0] in data.overdue) is (
        datetime.date(2026, 4, 4) < timezone.localdate()
    )


def test_the_model_cell_dt_c01_is_said_to_be_one(demo: Client) -> None:
    demo.force_login(UserFactory(username="bithu1"))
    response = demo.get(page_url("DT-C01"))
    data = response.context["page"]
    assert data.model_cell and data.risk is None
    assert {row.verdict.state for row in data.criteria} == {"passed"}
    assert "alert-success" in response.content.decode()


# --- On factories --------------------------------------------------------------------------------


@pytest.fixture
def cell(db: None) -> Cell:
    return CellFactory(code="TDP9", name="Chi bộ Tổ dân phố số 9")


@pytest.fixture
def secretary(cell: Cell) -> User:
    user = UserFactory(password=None)
    RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=cell)
    return user


def test_members_on_the_roll_today_by_status(
    client: Client, cell: Cell, secretary: User
) -> None:
    today = timezone.localdate()
    for _ in range(3):
        MembershipFactory(cell=cell)
    MembershipFactory(cell=cell, member=MemberFactory(official_on=None))
    exempt = MembershipFactory(cell=cell).member
    StatusPeriodFactory(
        member=exempt,
        kind=StatusKind.EXEMPT,
        start=today - datetime.timedelta(days=10),
        end=today + datetime.timedelta(days=10),
    )
    MembershipFactory(cell=cell, end=today - datetime.timedelta(days=1))  # has left
    client.force_login(secretary)
    response = client.get(reverse("reports:cell_page", args=[cell.code]))
    roll = response.context["page"].roll
    assert (roll.total, roll.official, roll.probationary, roll.exempt) == (5, 4, 1, 1)
    page = response.content.decode()
    assert re.search(r'id="roll-total">5<', page)
    assert re.search(r'id="roll-probationary">1<', page)
    assert f'href="{reverse("cells:member_list", args=[cell.code])}"' in page


def test_planned_meetings_are_coming_or_overdue(
    client: Client, cell: Cell, secretary: User
) -> None:
    today = timezone.localdate()
    MeetingFactory(
        cell=cell,
        state=MeetingState.PLANNED,
        held_on=today + datetime.timedelta(days=5),
        topic="Sinh hoạt chuyên đề quý",
    )
    MeetingFactory(
        cell=cell,
        state=MeetingState.PLANNED,
        held_on=today - datetime.timedelta(days=5),
        topic="Sinh hoạt thường kỳ",
    )
    MeetingFactory(cell=cell, state=MeetingState.DRAFT, held_on=today)
    client.force_login(secretary)
    response = client.get(reverse("reports:cell_page", args=[cell.code]))
    data = response.context["page"]
    assert [m.topic for m in data.coming] == ["Sinh hoạt chuyên đề quý"]
    assert [m.topic for m in data.overdue] == ["Sinh hoạt thường kỳ"]
    assert len(data.drafts) == 1
    page = response.content.decode()
    overdue = page[page.index('class="meeting-overdue"') :]
    assert (today - datetime.timedelta(days=5)).strftime("%d/%m/%Y") in overdue[:400]


def test_a_difference_over_5_points_between_the_sheets_is_highlighted(
    client: Client, cell: Cell, secretary: User
) -> None:
    near = MeetingFactory(cell=cell, held_on=datetime.date(2025, 3, 5))
    far = MeetingFactory(cell=cell, held_on=datetime.date(2025, 4, 5))
    equal = MeetingFactory(cell=cell, held_on=datetime.date(2025, 6, 5))
    for meeting, self_total, upper_total in (
        (near, "99", "94"),  # exactly 5: not flagged
        (far, "99", "92.5"),  # 6.5: flagged
        (equal, "98.5", None),
    ):
        ScoreSheetFactory(
            meeting=meeting, scorer=Scorer.SELF, total=Decimal(self_total)
        )
        if upper_total:
            ScoreSheetFactory(
                meeting=meeting, scorer=Scorer.UPPER, total=Decimal(upper_total)
            )
    client.force_login(secretary)
    response = client.get(page_url(cell.code))
    page = response.content.decode()
    assert "diff-flagged" not in score_row(page, near.held_on)
    flagged = score_row(page, far.held_on)
    assert "diff-flagged" in flagged and "−6,5" in flagged and "⚠" in flagged
    # The meeting's score is the upper level's sheet; its gap to 98 is 5.5.
    assert "92,5" in flagged and "5,5" in flagged
    alone = score_row(page, equal.held_on)
    assert "–" in alone and "diff-flagged" not in alone
    assert response.context["page"].flagged_differences == 1


def test_an_unscored_meeting_is_listed(
    client: Client, cell: Cell, secretary: User
) -> None:
    MeetingFactory(cell=cell, held_on=datetime.date(2025, 9, 9))
    client.force_login(secretary)
    response = client.get(page_url(cell.code))
    assert response.context["page"].unscored == (datetime.date(2025, 9, 9),)
    page = response.content.decode()
    assert "09/09/2025" in page[page.index('id="unscored"') :]


def test_another_cells_secretary_gets_a_404(client: Client, cell: Cell) -> None:
    other = UserFactory(password=None)
    RoleFactory(user=other, kind=RoleKind.CELL_SECRETARY, cell=CellFactory())
    client.force_login(other)
    assert client.get(reverse("reports:cell_page", args=[cell.code])).status_code == 404


def test_the_query_count_does_not_grow_with_members_and_meetings(
    client: Client, db: None
) -> None:
    counts = []
    for size in (1, 20):
        cell = CellFactory()
        people = [MembershipFactory(cell=cell).member for _ in range(size)]
        for n in range(size):
            meeting = MeetingFactory(
                cell=cell,
                held_on=datetime.date(2025, 1, 1) + datetime.timedelta(days=15 * n),
            )
            for person in people:
                AttendanceFactory(meeting=meeting, member=person, mark=Mark.PRESENT)
            ScoreSheetFactory(meeting=meeting, scorer=Scorer.SELF, total=Decimal("98"))
            ScoreSheetFactory(meeting=meeting, scorer=Scorer.UPPER, total=Decimal("97"))
            MeetingFactory(
                cell=cell,
                state=MeetingState.PLANNED,
                held_on=datetime.date(2027, 1, 1) + datetime.timedelta(days=n),
            )
        user = UserFactory(password=None)
        RoleFactory(user=user, kind=RoleKind.CELL_SECRETARY, cell=cell)
        client.force_login(user)
        with CaptureQueriesContext(connection) as context:
            response = client.get(page_url(cell.code))
        assert response.status_code == 200
        assert len(response.context["page"].scores) == size
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 25
