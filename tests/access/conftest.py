import pytest

from tests.access.world import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()
