"""The dashboards' cached evaluations (scoring/cache.py): the same answer as a fresh evaluation, renewed
for one cell when its meetings change and for every cell when anything else changes."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cells.models import MemberYear, Rating
from meetings.models import Attendance, Meeting
from scoring import cache as evaluation_cache
from scoring.domain import State
from scoring.models import ScoreSheet
from scoring.services import evaluate, evaluation_json
from tests import factories
from tests.scoring.test_evaluate import YEAR, cell_with_year, criterion

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(YEAR, 12, 31)


@pytest.fixture
def cells():
    ward = factories.WardFactory()
    return [cell_with_year(members=2, ward=ward) for _ in range(3)]


@pytest.fixture
def evaluated(monkeypatch) -> list[int]:
    """The ids of the cells that were evaluated afresh (not taken from the cache)."""
    seen: list[int] = []

    def spy(year, cells, as_of=None):
        cells = list(cells)
        seen.extend(cell.pk for cell in cells)
        return evaluate(year, cells, as_of)

    monkeypatch.setattr(evaluation_cache, "evaluate", spy)
    return seen


def cached(cells):
    return evaluation_cache.evaluate_cached(YEAR, cells, AS_OF)


def test_a_cached_evaluation_is_the_fresh_one_and_costs_a_few_queries(
    cells, evaluated
) -> None:
    first = cached(cells)
    with CaptureQueriesContext(connection) as queries:
        second = cached(cells)
    fresh = evaluate(YEAR, cells, AS_OF)
    assert evaluation_json(first, YEAR, AS_OF) == evaluation_json(fresh, YEAR, AS_OF)
    assert evaluation_json(second, YEAR, AS_OF) == evaluation_json(fresh, YEAR, AS_OF)
    assert evaluated == [cell.pk for cell in cells]  # once each, then from the cache
    assert len(queries) == 2  # the stamps only
    assert [e.facts.cell_id for e in second] == [cell.pk for cell in cells]


def test_a_changed_mark_renews_only_its_cells_evaluation(cells, evaluated) -> None:
    cached(cells)
    mark = Attendance.objects.filter(meeting__cell=cells[1]).first()
    mark.mark = "absent"
    mark.save()
    evaluated.clear()
    after = cached(cells)
    assert evaluated == [cells[1].pk]
    assert criterion(after[1], "attendance").state == State.FAILED
    assert criterion(after[0], "attendance").state == State.PASSED


def test_a_deleted_score_sheet_renews_its_cells_evaluation(cells, evaluated) -> None:
    cached(cells)
    ScoreSheet.objects.filter(
        meeting__cell=cells[2], meeting__held_on__month=11
    ).delete()
    evaluated.clear()
    after = cached(cells)
    assert evaluated == [cells[2].pk]
    assert criterion(after[2], "meeting_scores").state == State.UNDECIDED


def test_a_change_outside_the_meetings_renews_every_cell(cells, evaluated) -> None:
    cached(cells)
    member = cells[0].memberships.first().member
    MemberYear.objects.create(member=member, year=YEAR, rating=Rating.GOOD)
    evaluated.clear()
    cached(cells)
    assert evaluated == [cell.pk for cell in cells]


def test_rows_written_without_history_renew_every_cell(cells, evaluated) -> None:
    """Seeding writes in bulk without history: the tables' highest ids are in the key too."""
    cached(cells)
    study = factories.MeetingFactory.build(
        cell=cells[0], kind="study", held_on=datetime.date(YEAR, 6, 20)
    )
    Meeting.objects.bulk_create([study])
    evaluated.clear()
    after = cached(cells)
    assert evaluated == [cell.pk for cell in cells]
    assert (
        after[0].meetings_summary
        == evaluate(YEAR, cells[:1], AS_OF)[0].meetings_summary
    )


def test_each_language_and_as_of_date_has_its_own_copy(cells, evaluated) -> None:
    with translation.override("vi"):
        vietnamese = cached(cells[:1])
    with translation.override("en"):
        english = cached(cells[:1])
    assert criterion(vietnamese[0], "attendance").detail != (
        criterion(english[0], "attendance").detail
    )
    evaluation_cache.evaluate_cached(YEAR, cells[:1], datetime.date(YEAR, 6, 30))
    assert evaluated == [cells[0].pk] * 3


def test_workers_sharing_a_cache_directory_evaluate_a_cell_once(
    cells, evaluated, tmp_path, settings
) -> None:
    """With DJANGO_CACHE_DIR (production), the evaluations are files that every worker and instance of
    the server reads: what one worker evaluated, another finds. Two workers are two cache objects over
    the same directory, as in two processes."""
    from django.core.cache import caches
    from django.core.cache.backends.filebased import FileBasedCache

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    assert isinstance(caches["default"], FileBasedCache)
    first = cached(cells)
    assert evaluated == [cell.pk for cell in cells]
    other_worker = FileBasedCache(str(tmp_path), {})
    keys = evaluation_cache.evaluation_keys(YEAR, cells, AS_OF)
    found = other_worker.get_many(list(keys.values()))
    assert len(found) == len(cells)
    assert evaluation_json(list(found.values()), YEAR, AS_OF) == evaluation_json(
        first, YEAR, AS_OF
    )
    # A mark corrected in one cell: that cell alone is evaluated again, once.
    absence = Attendance.objects.filter(meeting__cell=cells[0]).first()
    absence.mark = "absent"
    absence.save()
    evaluated.clear()
    cached(cells)
    cached(cells)
    assert evaluated == [cells[0].pk]


def test_an_attendance_save_evaluates_its_cell_for_the_readers(
    cells, evaluated, django_capture_on_commit_callbacks
) -> None:
    """Once an attendance save commits, its cell is evaluated again into the cache (as the dashboards
    show the year by default): the next dashboard finds every evaluation ready."""
    from meetings.services import attendance_record

    cached(cells)
    evaluated.clear()
    meeting = Meeting.objects.filter(cell=cells[0]).order_by("held_on").first()
    roll = Attendance.objects.filter(meeting=meeting)
    marks = {a.member_id: ("present", "") for a in roll}
    marks[roll[0].member_id] = ("absent", "")
    with django_capture_on_commit_callbacks(execute=True):
        attendance_record(
            meeting=meeting,
            marks=marks,
            by=factories.UserFactory(is_superuser=True),
            expected_version=meeting.version,
        )
    assert evaluated == [cells[0].pk]  # by the save, after its commit
    evaluated.clear()
    after = cached(cells)
    assert evaluated == []  # the reader evaluates nothing
    assert criterion(after[0], "attendance").state == State.FAILED


def test_a_failed_refresh_after_a_save_is_logged_not_raised(
    cells, monkeypatch, caplog
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(evaluation_cache, "evaluate_cached", broken)
    evaluation_cache.refresh_after_save([(cells[0].pk, YEAR)])
    assert "after a save failed" in caplog.text
