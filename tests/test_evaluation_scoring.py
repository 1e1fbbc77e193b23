"""The index: a WCI V14.2 example computed by hand, min–max and z-score examples, definitions."""

import datetime

import numpy as np
import pytest

from awards.evaluation import scoring, services
from awards.evaluation.models import (
    Candidate,
    CustomMetric,
    Dimension,
    Evaluation,
    Indicator,
    MetricRow,
    Period,
)
from tests.factories import AwardListFactory, NomineeFactory


def _evaluation_with(rows: list[dict], days: int = 30) -> Evaluation:
    evaluation = Evaluation.objects.create(award_list=AwardListFactory(edition__draft=True))
    period = Period.objects.create(
        evaluation=evaluation,
        label="2024-06",
        starts_on=datetime.date(2024, 6, 1),
        ends_on=datetime.date(2024, 6, 30),
        days=days,
    )
    for values in rows:
        candidate = Candidate.objects.create(evaluation=evaluation, nominee=NomineeFactory())
        MetricRow.objects.create(candidate=candidate, period=period, platform="wechat", **values)
    return evaluation


WCI_ACCOUNT = {
    "posts": 60,
    "reads": 300_000,
    "zaikan": 1_500,
    "likes": 3_000,
    "forwards": 6_000,
    "headline_reads": 150_000,
    "headline_zaikan": 900,
    "headline_likes": 1_800,
    "headline_forwards": 3_000,
    "max_reads": 100_001,  # a "10万+" article
    "max_zaikan": 200,
    "max_likes": 500,
    "max_forwards": 800,
}


@pytest.mark.django_db
def test_wci_14_2_matches_the_hand_computed_example():
    evaluation = _evaluation_with([WCI_ACCOUNT])

    services.apply_preset(evaluation, "wci-14.2")

    # d = 30 days, n = 60 articles. f(r,z,l,re) = .70 ln(r+1) + .09 ln(10z+1) + .06 ln(10l+1)
    # + .15 ln(10re+1).
    # O: R/d=10000, Z/d=50, L/d=100, RE/d=200
    #    ln(10001)=9.210440, ln(501)=6.216606, ln(1001)=6.908755, ln(2001)=7.601402
    #    O = .70×9.210440 + .09×6.216606 + .06×6.908755 + .15×7.601402 = 8.561538
    # A: R/n=5000, Z/n=25, L/n=50, RE/n=100
    #    ln(5001)=8.517393, ln(251)=5.525453, ln(501)=6.216606, ln(1001)=6.908755
    #    A = .70×8.517393 + .09×5.525453 + .06×6.216606 + .15×6.908755 = 7.868776
    # H: Rt/d=5000, Zt/d=30, Lt/d=60, REt/d=100
    #    ln(5001)=8.517393, ln(301)=5.707110, ln(601)=6.398595, ln(1001)=6.908755
    #    H = .70×8.517393 + .09×5.707110 + .06×6.398595 + .15×6.908755 = 7.896044
    # P: 100001, 200, 500, 800
    #    ln(100002)=11.512945, ln(2001)=7.601402, ln(5001)=8.517393, ln(8001)=8.987322
    #    P = .70×11.512945 + .09×7.601402 + .06×8.517393 + .15×8.987322 = 10.602330
    # base = .6×8.561538 + .2×7.868776 + .1×7.896044 + .1×10.602330 = 8.560516
    # WCI = 8.560516² × 1.2 × 10 = 73.282427 × 12 = 879.3891
    candidate = Candidate.objects.get(evaluation=evaluation)
    assert round(candidate.data_index, 4) == 879.3891
    dims = {
        d.name: round(candidate.dimension_scores[str(d.pk)], 4)
        for d in Dimension.objects.filter(evaluation=evaluation)
    }
    assert dims == {
        "整体传播力": 8.5615,
        "篇均传播力": 7.8688,
        "头条传播力": 7.896,
        "峰值传播力": 10.6023,
    }
    assert (candidate.data_score, candidate.total, candidate.rank) == (100.0, 100.0, 1)


@pytest.mark.django_db
def test_wci_without_forwards_uses_the_second_weight_set():
    evaluation = _evaluation_with([WCI_ACCOUNT])

    services.apply_preset(evaluation, "wci-14.2-no-forwards")

    # Same logarithms as above, no forwards term:
    # O = .85×9.210440 + .09×6.216606 + .06×6.908755 = 8.802894
    # A = .85×8.517393 + .09×5.525453 + .06×6.216606 = 8.110071
    # H = .85×8.517393 + .09×5.707110 + .06×6.398595 = 8.137340
    # P = .85×11.512945 + .09×7.601402 + .06×8.517393 = 10.981173
    # base = .6×8.802894 + .2×8.110071 + .1×8.137340 + .1×10.981173 = 8.815602
    # WCI = 8.815602² × 12 = 77.714840 × 12 = 932.5781
    candidate = Candidate.objects.get(evaluation=evaluation)
    assert round(candidate.data_index, 4) == 932.5781


def _one_indicator(evaluation, normalisation, formula="sum", metric="reads"):
    dimension = Dimension.objects.create(evaluation=evaluation, name="传播力", weight=100)
    Indicator.objects.create(
        dimension=dimension,
        name="阅读",
        formula=formula,
        metric=metric,
        normalisation=normalisation,
        weight=100,
    )
    evaluation.scale = "none"
    evaluation.save()
    services.definition_changed(evaluation)
    return list(Candidate.objects.filter(evaluation=evaluation).order_by("pk"))


@pytest.mark.django_db
def test_min_max_example():
    evaluation = _evaluation_with([{"reads": 100}, {"reads": 400}, {"reads": 1000}])

    a, b, c = _one_indicator(evaluation, "minmax")

    # min 100, max 1000: (x − 100) / 900 × 100 → 0, 300/900×100 = 33.3333, 100.
    assert [round(x.data_index, 4) for x in (a, b, c)] == [0.0, 33.3333, 100.0]
    assert [x.rank for x in (a, b, c)] == [3, 2, 1]


@pytest.mark.django_db
def test_z_score_example():
    evaluation = _evaluation_with([{"reads": 2}, {"reads": 4}, {"reads": 9}])

    a, b, c = _one_indicator(evaluation, "zscore")

    # mean = 15/3 = 5; deviations −3, −1, 4; population variance (9 + 1 + 16)/3 = 8.6667,
    # σ = 2.943920; z = −3/σ = −1.0190, −1/σ = −0.3397, 4/σ = 1.3587.
    assert [round(x.data_index, 4) for x in (a, b, c)] == [-1.0190, -0.3397, 1.3587]


@pytest.mark.django_db
def test_per_article_with_no_article_counts_zero_and_flags_a_gap():
    evaluation = _evaluation_with([{"reads": 500, "posts": 0}, {"reads": 600, "posts": 3}])

    a, b = _one_indicator(evaluation, "none", formula="per_article")

    assert (a.data_index, a.gaps) == (0.0, ["阅读:无可除数据,按 0 计"])
    assert (b.data_index, b.gaps) == (200.0, [])


@pytest.mark.django_db
def test_weights_not_at_100_percent_keep_the_old_results_and_say_why():
    evaluation = _evaluation_with([{"reads": 10}])
    dimension = Dimension.objects.create(evaluation=evaluation, name="传播力", weight=90)
    Indicator.objects.create(
        dimension=dimension, name="阅读", formula="sum", metric="reads", weight=100
    )

    problems = services.definition_changed(evaluation)

    assert problems == ["一级维度的权重合计为 90.00%,应为 100%。"]
    assert Candidate.objects.get(evaluation=evaluation).data_index is None


def test_rank_normalisation_gives_ties_the_same_score():
    values = np.array([5.0, 9.0, 9.0, 1.0])

    scores = scoring.normalise(values, "rank")

    # competition ranks 3, 1, 1, 4 → (1 − (rank−1)/3) × 100
    assert [round(s, 4) for s in scores] == [33.3333, 100.0, 100.0, 0.0]


@pytest.mark.django_db
def test_custom_metric_rate_reads_the_json_columns():
    evaluation = _evaluation_with([{"reads": 100}, {"reads": 400}])
    custom = CustomMetric.objects.create(evaluation=evaluation, name="办件数")
    for row, handled in zip(MetricRow.objects.order_by("pk"), (30, 20), strict=True):
        row.extra = {custom.key: handled}
        row.save()
    dimension = Dimension.objects.create(evaluation=evaluation, name="服务力", weight=100)
    Indicator.objects.create(
        dimension=dimension,
        name="每千次阅读办件",
        formula="rate",
        custom_metric=custom,
        per_metric="reads",
        weight=100,
    )
    evaluation.scale = "none"
    evaluation.save()

    services.definition_changed(evaluation)

    # 30 ÷ 100 = 0.3 and 20 ÷ 400 = 0.05
    assert list(evaluation.candidates.order_by("pk").values_list("data_index", "rank")) == [
        (0.3, 1),
        (0.05, 2),
    ]


@pytest.mark.django_db
def test_a_metric_the_definition_reads_but_a_candidate_lacks_is_flagged():
    evaluation = _evaluation_with([{"reads": 100}, {"reads": None, "posts": 4}])

    a, b = _one_indicator(evaluation, "none")

    assert (a.gaps, b.gaps) == ([], ["无数据,按 0 计:总阅读数"])
    assert (a.data_index, b.data_index) == (100.0, 0.0)


@pytest.mark.django_db
def test_bci_variant_matches_the_hand_computed_example():
    evaluation = _evaluation_with([])
    candidate = Candidate.objects.create(evaluation=evaluation, nominee=NomineeFactory())
    MetricRow.objects.create(
        candidate=candidate,
        period=evaluation.periods.get(),
        platform="weibo",
        posts=10,
        forwards=20,
        comments=30,
        likes=40,
    )

    services.apply_preset(evaluation, "bci-variant")

    # W1 = ln(10+1) = 2.397895
    # W2 = .4 ln(21) + .4 ln(31) + .2 ln(41) = .4×3.044522 + .4×3.433987 + .2×3.713572 = 3.334118
    # BCI = (.2×2.397895 + .8×3.334118) × 160 = 3.146874 × 160 = 503.4998
    candidate.refresh_from_db()
    assert round(candidate.data_index, 4) == 503.4998


@pytest.mark.django_db
def test_people_preset_takes_the_organizers_weights():
    evaluation = _evaluation_with(
        [
            {"reads": 1000, "followers": 50, "likes": 10, "comments": 5, "forwards": 1, "posts": 5},
            {
                "reads": 9000,
                "followers": 80,
                "likes": 90,
                "comments": 18,
                "forwards": 8,
                "posts": 9,
            },
        ]
    )

    services.apply_preset(evaluation, "people", weights=(50, 30, 20))

    weights = list(evaluation.dimensions.order_by("position").values_list("name", "weight"))
    scores = list(evaluation.candidates.order_by("pk").values_list("data_index", "rank"))
    assert [(name, int(weight)) for name, weight in weights] == [
        ("传播力", 50),
        ("互动力", 30),
        ("服务力", 20),
    ]
    # Min–max per indicator: the second account is best on every one, so 100 and 0.
    assert scores == [(0.0, 2), (100.0, 1)]
