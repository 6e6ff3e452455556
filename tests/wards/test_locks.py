"""The registry through which cells and meetings refuse changes to a closed year without importing
scoring (wards/locks.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError

from scoring.closing import year_is_closed as scoring_check
from wards import locks

# scoring's own check is registered too: it reads the closed years.
pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_2025_of_ward_7() -> Iterator[None]:
    def check(ward_id: int, year: int) -> bool:
        return (ward_id, year) == (7, 2025)

    locks.register_year_lock(check)
    locks.register_year_lock(check)  # registered once, however often
    yield
    locks.unregister_year_lock(check)


def test_scoring_registers_its_check_when_it_starts() -> None:
    assert scoring_check in locks._checks


def test_a_registered_check_closes_its_years_only(closed_2025_of_ward_7: None) -> None:
    assert locks.year_is_closed(ward_id=7, year=2025)
    assert not locks.year_is_closed(ward_id=7, year=2026)
    assert not locks.year_is_closed(ward_id=8, year=2025)


def test_check_year_open_raises_with_the_year_and_the_record(
    closed_2025_of_ward_7: None,
) -> None:
    with pytest.raises(ValidationError) as caught:
        locks.check_year_open(ward_id=7, year=2025, what="meeting")
    assert caught.value.code == "year_closed"
    assert "2025" in caught.value.messages[0]
    assert "meeting" in caught.value.messages[0]
    locks.check_year_open(ward_id=7, year=2024, what="meeting")


@pytest.mark.parametrize("ward_id, year", [(None, 2025), (7, None)])
def test_an_unknown_ward_or_year_is_not_refused(
    ward_id: int | None, year: int | None, closed_2025_of_ward_7: None
) -> None:
    locks.check_year_open(ward_id=ward_id, year=year, what="meeting")


def test_unregistering_opens_the_years_again() -> None:
    def check(ward_id: int, year: int) -> bool:
        return True

    locks.register_year_lock(check)
    locks.unregister_year_lock(check)
    assert check not in locks._checks
