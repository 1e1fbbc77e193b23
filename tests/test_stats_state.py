"""The archive statistics are aggregated once per data state and never outlive it (issue 21).

/stats/ and the archive charts read the summary of the current data state; a committed change
or a publication moment passing makes a new state, and the next reader aggregates afresh.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone, translation

from awards import datastate
from awards.models import Edition
from awards.stats import figures
from tests.factories import AwardFactory, AwardListFactory, EditionFactory, NomineeFactory
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

# Real commits: a change reaches the data state when its transaction commits, and a value
# derived inside an uncommitted transaction is never kept (awards.caching.change_pending).
pytestmark = pytest.mark.django_db(transaction=True)


def _shown(summary):
    """What the page shows of a summary, comparable with ==."""
    return (
        [
            (r["year"], r["awards"], r["winners"], r["new"], r["returning"])
            for r in summary.over_time
        ],
        [(k["kind"], k["label"], k["awards"], k["winners"]) for k in summary.kinds],
        [(n.name, n.total, n.rank, n.editions) for n in summary.top],
    )


@pytest.fixture
def published():
    award_list = AwardListFactory(edition=EditionFactory(year=2038), slug="l")
    AwardFactory(award_list=award_list, nominee=NomineeFactory(name="阿坝发布"))
    return award_list


def test_the_summary_is_aggregated_once_per_data_state(published, django_assert_num_queries):
    first = figures.archive_summary()

    with django_assert_num_queries(0):
        again = figures.archive_summary()

    assert again is first
    assert _shown(first) == _shown(figures.aggregate_archive_summary())


def test_a_committed_change_shows_in_the_next_summary(published):
    before = _shown(figures.archive_summary())

    AwardFactory(award_list=published, nominee=NomineeFactory(name="巴中发布"))
    after = figures.archive_summary()

    assert before[0] == [(2038, 1, 1, 1, 0)]
    assert _shown(after) == _shown(figures.aggregate_archive_summary())
    assert _shown(after)[0] == [(2038, 2, 2, 2, 0)]


def test_a_scheduled_edition_counts_only_once_its_publication_passes(published):
    later = AwardListFactory(
        edition=EditionFactory(
            year=2039, published_at=timezone.now() + datetime.timedelta(hours=1)
        ),
        slug="l",
    )
    AwardFactory(award_list=later, nominee=NomineeFactory(name="成都发布"))
    hidden = _shown(figures.archive_summary())

    # The publication moment passes: no write and no bump, only the clock.
    Edition.objects.filter(year=2039).update(published_at=timezone.now())
    datastate.invalidate()  # what the passing of the pending moment does on the next request
    shown = _shown(figures.archive_summary())

    assert [row[0] for row in hidden[0]] == [2038]
    assert [row[0] for row in shown[0]] == [2038, 2039]


def test_each_language_keeps_its_own_labels(published):
    with translation.override("zh-hans"):
        chinese = figures.archive_summary().kinds
    with translation.override("en"):
        english = figures.archive_summary().kinds

    assert [k["kind"] for k in chinese] == [k["kind"] for k in english]
    assert chinese[0]["label"] != english[0]["label"]


def test_a_summary_read_inside_an_uncommitted_change_is_not_kept(published):
    with transaction.atomic():
        AwardFactory(award_list=published, nominee=NomineeFactory(name="巴中发布"))
        inside = _shown(figures.archive_summary())
        transaction.set_rollback(True)

    after = _shown(figures.archive_summary())

    assert (inside[0], after[0]) == ([(2038, 2, 2, 2, 0)], [(2038, 1, 1, 1, 0)])
