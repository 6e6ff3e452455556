import pytest

from scoring.models import Rubric


@pytest.mark.django_db
def test_default_rubric_is_loaded_with_100_points() -> None:
    rubric = Rubric.objects.get(code="HD12-2018")
    assert (
        sum(item.max_points for item in rubric.items.all())
        == rubric.total_points
        == 100
    )
