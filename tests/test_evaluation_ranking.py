"""Combined totals, jury scores and ranks (awards.evaluation.ranking / services.set_jury_scores)."""

import pytest
from django.core.exceptions import ValidationError

from awards.evaluation import services
from awards.evaluation.models import Candidate, Evaluation
from tests.factories import AwardListFactory, NomineeFactory


def _evaluation(data_scores, jury_weight=0):
    evaluation = Evaluation.objects.create(
        award_list=AwardListFactory(edition__draft=True), jury_weight=jury_weight
    )
    candidates = [
        Candidate.objects.create(evaluation=evaluation, nominee=NomineeFactory(), data_score=s)
        for s in data_scores
    ]
    return evaluation, candidates


@pytest.mark.django_db
def test_set_jury_scores_combines_by_weight_and_ranks_ties_equal():
    evaluation, (a, b, c) = _evaluation([80.0, 60.0, 40.0], jury_weight=40)

    services.set_jury_scores(evaluation, {a.pk: 50.0, b.pk: 95.0, c.pk: None}, by=None)

    rows = {
        row.pk: (row.jury_score, round(row.total, 6), row.rank)
        for row in Candidate.objects.filter(evaluation=evaluation)
    }
    # a: 0.4×50 + 0.6×80 = 20 + 48 = 68; b: 0.4×95 + 0.6×60 = 38 + 36 = 74;
    # c has no jury score, which counts 0: 0.4×0 + 0.6×40 = 24.
    assert rows == {a.pk: (50.0, 68.0, 2), b.pk: (95.0, 74.0, 1), c.pk: (None, 24.0, 3)}


@pytest.mark.django_db
def test_equal_totals_share_a_rank_and_the_next_rank_skips():
    evaluation, (a, b, c, d) = _evaluation([70.0, 90.0, 90.0, 10.0])

    services.set_jury_scores(evaluation, {}, by=None)

    ranks = dict(Candidate.objects.filter(evaluation=evaluation).values_list("pk", "rank"))
    assert ranks == {a.pk: 3, b.pk: 1, c.pk: 1, d.pk: 4}


@pytest.mark.django_db
def test_jury_score_out_of_range_writes_nothing():
    evaluation, (a, b) = _evaluation([50.0, 40.0], jury_weight=50)

    with pytest.raises(ValidationError):
        services.set_jury_scores(evaluation, {a.pk: 60.0, b.pk: 101.0}, by=None)

    assert list(Candidate.objects.order_by("pk").values_list("jury_score", flat=True)) == [
        None,
        None,
    ]


@pytest.mark.django_db
def test_jury_score_for_another_evaluations_candidate_is_refused():
    evaluation, _ = _evaluation([50.0])
    _other, (stranger,) = _evaluation([10.0])

    with pytest.raises(ValidationError):
        services.set_jury_scores(evaluation, {stranger.pk: 60.0}, by=None)

    assert Candidate.objects.get(pk=stranger.pk).jury_score is None
