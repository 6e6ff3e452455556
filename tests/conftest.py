import os

os.environ.setdefault("PARTYCELL_TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "ci", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# The data migrations that load reference rows (the default rubric and its bands, the criteria catalogue,
# the rating rules). Their loaders are idempotent.
REFERENCE_LOADERS = (
    "scoring.migrations.0002_default_rubric",
    "scoring.migrations.0005_default_catalogue",
    "scoring.migrations.0007_default_item_bands",
    "cells.migrations.0004_default_rating_rules",
)


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """A transactional test (the browser tests' live server) ends by flushing the database, which also
    deletes the rows the migrations loaded; put them back before each such test."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps

    for name in REFERENCE_LOADERS:
        importlib.import_module(name).load(apps, None)


@pytest.fixture(autouse=True)
def _vietnamese_by_default(settings) -> None:
    """Each test starts in the interface's default language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Uploaded and generated files (imports, print batches) go to a temporary folder, never into the
    checkout's media/: set before any storage is used, so the default storage picks it up."""
    from django.conf import settings as django_settings

    django_settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: ids are reused between tests (rolled-back transactions), so
    a key of one test could otherwise find what another computed."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
