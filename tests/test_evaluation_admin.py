"""The evaluation's admin screens: import with preview, preset, ranking, explanation, promote."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from awards.evaluation import services
from awards.evaluation.models import Candidate, Evaluation, MetricRow, Override, Period
from awards.models import Award
from tests.factories import AwardListFactory, NomineeFactory


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _scored(count: int, *, announced=None) -> Evaluation:
    award_list = AwardListFactory(edition__draft=True, announced_count=announced)
    evaluation = Evaluation.objects.create(award_list=award_list)
    period = Period.objects.create(
        evaluation=evaluation,
        label="2024-01",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 1, 31),
        days=30,
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(evaluation=evaluation, nominee=NomineeFactory()) for _ in range(count)
    )
    MetricRow.objects.bulk_create(
        MetricRow(
            candidate=c,
            period=period,
            platform="wechat",
            posts=10 + i,
            reads=1000 * (i + 1),
            zaikan=i,
            likes=2 * i,
            forwards=i,
            max_reads=100 * (i + 1),
        )
        for i, c in enumerate(candidates)
    )
    services.apply_preset(evaluation, "wci-14.2")
    return evaluation


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return user


def test_import_previews_then_writes_on_confirm(client, staff):
    evaluation = Evaluation.objects.create(award_list=AwardListFactory(edition__draft=True))
    url = reverse("admin:evaluation_evaluation_import", args=(evaluation.pk,))
    data = _xlsx([["名称", "平台", "周期", "阅读量"], ["成都发布", "公众号", "2024-01", "10万+"]])
    upload = io.BytesIO(data)
    upload.name = "metrics.xlsx"

    preview = client.post(url, {"file": upload})
    rows_after_preview = MetricRow.objects.count()
    pending = preview.context["pending"]
    confirmed = client.post(url, {"pending": str(pending.pk)})

    assert (preview.status_code, rows_after_preview) == (200, 0)
    assert confirmed.status_code == 302
    assert list(MetricRow.objects.values_list("reads", flat=True)) == [100_001]


def test_import_of_a_broken_file_says_why_and_writes_nothing(client, staff):
    evaluation = Evaluation.objects.create(award_list=AwardListFactory(edition__draft=True))
    url = reverse("admin:evaluation_evaluation_import", args=(evaluation.pk,))
    upload = io.BytesIO(b"PK\x03\x04broken")
    upload.name = "broken.xlsx"

    response = client.post(url, {"file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["文件已损坏,无法作为 .xlsx 打开。"]
    assert MetricRow.objects.count() == 0


@pytest.mark.parametrize("count", [1, 40])
def test_ranking_page_runs_a_constant_number_of_queries(
    client, staff, count, django_assert_num_queries
):
    evaluation = _scored(count, announced=1)
    url = reverse("admin:evaluation_evaluation_ranking", args=(evaluation.pk,))

    # 9, and the data state the site's identity is read under (awards.identity).
    with django_assert_num_queries(10):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["rows"]) == count


def test_explanation_lists_every_indicator_down_to_the_index(client, staff):
    evaluation = _scored(3)
    candidate = Candidate.objects.get(evaluation=evaluation, rank=1)

    response = client.get(reverse("admin:evaluation_candidate_explain", args=(candidate.pk,)))

    explanation = response.context["explanation"]
    assert response.status_code == 200
    assert len(explanation.steps) == 16  # 4 dimensions × 4 indicators
    assert round(explanation.data_index, 6) == round(candidate.data_index, 6)
    assert round(sum(s.contribution for s in explanation.steps), 9) == round(explanation.base, 9)


def test_changing_a_dimension_weight_in_the_admin_moves_the_ranking(client, staff):
    evaluation = _scored(3)
    last = Candidate.objects.get(evaluation=evaluation, rank=3)
    # The last by total reads becomes the best per article: one article only.
    MetricRow.objects.filter(candidate=last).update(posts=1)
    services.definition_changed(evaluation)
    dimensions = list(evaluation.dimensions.order_by("position"))
    url = reverse("admin:evaluation_evaluation_change", args=(evaluation.pk,))
    form = client.get(url).context["adminform"].form
    data = {
        **{k: v for k, v in form.initial.items() if v is not None and k != "preset"},
        "award_list": evaluation.award_list_id,
    }
    for prefix, model_count in (("dimensions", 4), ("custom_metrics", 0), ("periods", 1)):
        data[f"{prefix}-TOTAL_FORMS"] = model_count
        data[f"{prefix}-INITIAL_FORMS"] = model_count
    data["imports-TOTAL_FORMS"] = data["imports-INITIAL_FORMS"] = 0
    for i, d in enumerate(dimensions):
        weight = {0: 10, 1: 70}.get(i, d.weight)  # 整体 60 → 10, 篇均 20 → 70
        data.update(
            {
                f"dimensions-{i}-id": d.pk,
                f"dimensions-{i}-evaluation": evaluation.pk,
                f"dimensions-{i}-name": d.name,
                f"dimensions-{i}-weight": weight,
                f"dimensions-{i}-position": d.position,
            }
        )
    period = evaluation.periods.get()
    data.update(
        {
            "periods-0-id": period.pk,
            "periods-0-evaluation": evaluation.pk,
            "periods-0-label": period.label,
            "periods-0-starts_on": period.starts_on,
            "periods-0-ends_on": period.ends_on,
            "periods-0-days": period.days,
        }
    )
    rank_before = Candidate.objects.get(pk=last.pk).rank

    response = client.post(url, data)

    assert response.status_code == 302
    assert (rank_before, Candidate.objects.get(pk=last.pk).rank) == (3, 1)


def test_promote_writes_the_top_n_with_an_override_and_shows_the_diff_again(client, staff):
    evaluation = _scored(5, announced=3)
    by_rank = {c.rank: c for c in evaluation.candidates.all()}
    services.add_override(by_rank[2], kind=Override.Kind.EXCLUDE, reason="资格不符", by=staff)
    url = reverse("admin:evaluation_evaluation_promote", args=(evaluation.pk,))

    client.post(url, {"count": 3, "confirm": "on"})
    first = list(Award.objects.order_by("position").values_list("nominee_id", "rank"))
    services.add_override(by_rank[5], kind=Override.Kind.INCLUDE, reason="特别贡献", by=staff)
    preview = client.get(url, {"count": 3})

    assert first == [
        (by_rank[1].nominee_id, 1),
        (by_rank[3].nominee_id, 2),
        (by_rank[4].nominee_id, 3),
    ]
    assert preview.context["plan"].added == [by_rank[5].nominee.name]
    assert preview.context["plan"].removed == [by_rank[4].nominee.name]


def test_promote_refuses_a_published_edition(client, staff):
    evaluation = _scored(2, announced=1)
    edition = evaluation.award_list.edition
    edition.published_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    edition.save()

    response = client.post(
        reverse("admin:evaluation_evaluation_promote", args=(evaluation.pk,)),
        {"count": 1, "confirm": "on"},
    )

    assert response.status_code == 200
    assert Award.objects.count() == 0


def test_override_without_reason_is_refused(client, staff):
    evaluation = _scored(2)
    candidate = evaluation.candidates.first()

    response = client.post(
        reverse("admin:evaluation_candidate_override", args=(candidate.pk,)),
        {"kind": "exclude", "reason": "   "},
    )

    assert response.status_code == 200
    assert Override.objects.count() == 0


def test_ranking_rows_escape_hostile_names(client, staff):
    evaluation = _scored(1)
    candidate = evaluation.candidates.get()
    candidate.nominee.name = '<script>alert("x")</script>账号'
    candidate.nominee.save()

    response = client.get(reverse("admin:evaluation_evaluation_ranking", args=(evaluation.pk,)))

    body = response.content.decode()
    assert response.status_code == 200
    assert ('<script>alert("x")' in body, "&lt;script&gt;alert(&quot;x&quot;)" in body) == (
        False,
        True,
    )


def test_indicator_weights_off_100_keep_the_ranking_and_warn(client, staff):
    evaluation = _scored(2)
    dimension = evaluation.dimensions.get(name="整体传播力")
    indicators = list(dimension.indicators.order_by("position"))
    url = reverse("admin:evaluation_dimension_change", args=(dimension.pk,))
    totals_before = list(evaluation.candidates.order_by("pk").values_list("total", flat=True))
    data = {
        "parent": "",
        "name": dimension.name,
        "name_en": dimension.name_en,
        "weight": "60",
        "position": "0",
        "indicators-TOTAL_FORMS": len(indicators),
        "indicators-INITIAL_FORMS": len(indicators),
    }
    for i, indicator in enumerate(indicators):
        for field in ("name", "name_en", "formula", "metric", "per_metric", "platform"):
            data[f"indicators-{i}-{field}"] = getattr(indicator, field)
        data.update(
            {
                f"indicators-{i}-id": indicator.pk,
                f"indicators-{i}-dimension": dimension.pk,
                f"indicators-{i}-transform": indicator.transform,
                f"indicators-{i}-exponent": indicator.exponent,
                f"indicators-{i}-normalisation": indicator.normalisation,
                f"indicators-{i}-weight": "60" if i == 0 else indicator.weight,  # 70 → 60
                f"indicators-{i}-position": indicator.position,
            }
        )

    response = client.post(url, data, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert response.status_code == 200
    assert "维度「整体传播力」下的权重合计为 90.00%,应为 100%。" in messages
    assert list(evaluation.candidates.order_by("pk").values_list("total", flat=True)) == (
        totals_before
    )
