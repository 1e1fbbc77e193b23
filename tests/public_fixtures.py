"""Fixtures shared by the public-site tests (imported into each module that needs them)."""

import pytest

from tests.factories import EditionFactory


@pytest.fixture(autouse=True)
def _edition_years_from_2150():
    """Restart implicit edition years at 2150 for every test.

    EditionFactory's year sequence runs across the whole session and would pass the
    model's 2200 limit after a few hundred implicit editions; explicit years in these
    tests stay below 2150.
    """
    EditionFactory.reset_sequence(2150 - 2030)
