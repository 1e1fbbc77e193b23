"""The jury's part of a list's public 评选方法: method and counts, the panel only if published,
individual scores never."""

import datetime

import pytest
from django.utils import timezone

from awards import extensions
from awards.jury import services
from awards.jury.models import PanelMember
from tests.jury.conftest import score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(jury, judges, organizer):
    evaluation, sheet, candidates = jury
    judges[0].affiliated_nominees.add(candidates[0].nominee)
    judges[0].title = "四川大学教授"
    judges[0].save()
    services.assign(sheet=sheet, judges=judges, candidates=candidates)
    for i, member in enumerate(PanelMember.objects.filter(scoresheet=sheet).order_by("pk")):
        score_all(member, value=4 + i)
        services.submit(member=member)
    services.recompute(sheet=sheet, by=organizer, normalised=True, trimmed=False)
    evaluation.publish_method = True
    evaluation.save()
    edition = evaluation.award_list.edition
    edition.published_at = timezone.now() - datetime.timedelta(hours=1)
    edition.save()
    return evaluation, sheet


def test_list_page_states_the_jury_method(client, computed):
    evaluation, _sheet = computed

    response = client.get(evaluation.award_list.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "评选方法:专家评审" in page
    assert "由 3 位评委按下列评分项打分,评审分占综合得分的 70%。" in page
    assert "各评委的分数先按评委标准化(z 分数)再还原到百分制。" in page
    assert "因利益冲突回避 1 次。" in page
    assert "评委1" not in page  # the panel is not published


def test_panel_names_only_when_organizer_publishes_it(client, computed):
    evaluation, sheet = computed
    sheet.publish_panel = True
    sheet.save()

    page = client.get(evaluation.award_list.get_absolute_url()).content.decode()

    assert "评审专家名单" in page
    assert "评委1(四川大学教授)" in page


def test_list_record_part_carries_method_but_no_scores(rf, computed):
    evaluation, _sheet = computed
    award_list = evaluation.award_list

    records = extensions.list_records([award_list], rf.get("/"))

    assert records[award_list.pk]["jury_method"] == {
        "criteria": [
            {"name": "创新性", "weight": 40, "scale": [0, 10]},
            {"name": "传播效果", "weight": 35, "scale": [0, 10]},
            {"name": "社会影响", "weight": 25, "scale": [1, 5]},
        ],
        "judges": 3,
        "jury_weight": 70,
        "normalised": True,
        "trimmed": False,
        "recusals": 1,
        "panel": None,
    }


def test_nothing_public_before_the_jury_computed(client, jury, judges):
    evaluation, _sheet, _candidates = jury
    edition = evaluation.award_list.edition
    edition.published_at = timezone.now() - datetime.timedelta(hours=1)
    edition.save()

    response = client.get(evaluation.award_list.get_absolute_url())

    assert response.status_code == 200
    assert "专家评审" not in response.content.decode()


def test_nothing_public_unless_the_evaluation_publishes_its_method(client, computed):
    evaluation, _sheet = computed
    evaluation.publish_method = False
    evaluation.save()

    response = client.get(evaluation.award_list.get_absolute_url())

    assert response.status_code == 200
    assert "专家评审" not in response.content.decode()


def test_api_edition_record_carries_the_jury_method_of_its_list(client, computed):
    evaluation, _sheet = computed
    award_list = evaluation.award_list

    record = client.get(f"/api/v1/editions/{award_list.edition.year}/").json()

    (listed,) = [item for item in record["lists"] if item["slug"] == award_list.slug]
    assert listed["jury_method"]["judges"] == 3
    assert listed["jury_method"]["criteria"][2] == {
        "name": "社会影响",
        "weight": 25,
        "scale": [1, 5],
    }
    assert "scores" not in listed["jury_method"]
