"""The database refuses bad criteria and closed years; the admin's forms say why on the field."""

import pytest
from django.core.exceptions import ValidationError

from tests import factories
from tests.wards.support import errors_of, refused

pytestmark = pytest.mark.django_db


def test_default_catalogue_has_13_criteria_for_each_kind() -> None:
    from scoring.models import Criterion

    for kind in ("residential", "public_service", "police", "military", "enterprise"):
        numbers = list(
            Criterion.objects.filter(valid_from_year=2018, cell_kind=kind)
            .order_by("number")
            .values_list("number", flat=True)
        )
        assert numbers == list(range(1, 14)), kind


def test_criterion_key_is_unique_per_year_kind_and_number() -> None:
    factories.CriterionFactory(valid_from_year=2030, number=5)
    with refused("criterion_key"):
        factories.CriterionFactory(valid_from_year=2030, number=5)


@pytest.mark.parametrize("number", [0, 14])
def test_criterion_number_outside_1_to_13_is_refused(number: int) -> None:
    with refused("criterion_number_range"):
        factories.CriterionFactory(number=number)


@pytest.mark.parametrize("year", [1929, 2101])
def test_criterion_year_outside_range_is_refused(year: int) -> None:
    with refused("criterion_year_range"):
        factories.CriterionFactory(valid_from_year=year)


def test_criterion_unknown_kind_is_refused() -> None:
    with refused("criterion_kind_valid"):
        factories.CriterionFactory(cell_kind="church")


def test_criterion_with_unknown_rule_is_refused_on_the_field() -> None:
    criterion = factories.CriterionFactory.build(rule="no_such_rule")
    assert "rule" in errors_of(criterion)


def test_criterion_params_must_be_an_object() -> None:
    criterion = factories.CriterionFactory.build(params=[100])
    with pytest.raises(ValidationError) as caught:
        criterion.full_clean()
    assert "params" in caught.value.message_dict


def test_one_closed_year_per_ward_and_year() -> None:
    closed = factories.ClosedYearFactory()
    with refused("closed_year_key"):
        factories.ClosedYearFactory(ward=closed.ward, year=closed.year)


@pytest.mark.parametrize("year", [1929, 2101])
def test_closed_year_outside_range_is_refused(year: int) -> None:
    with refused("closed_year_range"):
        factories.ClosedYearFactory(year=year)
