"""Fixtures shared by the public-site tests (imported into each module that needs them)."""

import pytest

from awards.models import DataVersion
from tests.factories import EditionFactory


@pytest.fixture(autouse=True)
def _edition_years_from_2150():
    """Restart implicit edition years at 2150 for every test.

    EditionFactory's year sequence runs across the whole session and would pass the
    model's 2200 limit after a few hundred implicit editions; explicit years in these
    tests stay below 2150.
    """
    EditionFactory.reset_sequence(2150 - 2030)


@pytest.fixture(autouse=True)
def _data_version_row(request):
    """The DataVersion row a migrated database holds.

    Transactional tests (the browser tests) flush the database, row included; the cache
    recreates it on first use, which would add queries to whichever test counts them next.
    """
    if request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        DataVersion.objects.get_or_create(pk=1)
