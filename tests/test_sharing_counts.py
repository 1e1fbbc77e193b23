"""Share images tell a list's count as its page does: the announced number beside the recorded
one whenever they differ (issue 22), in both languages."""

import re

import pytest
from django.utils import translation

from awards.completeness import count_note
from awards.models import AwardList, Edition
from awards.sharing.views import edition_card, list_card
from tests.pagetext import texts

TOP_CASES = "2022年新媒体十佳案例"


def _top_cases():
    return AwardList.objects.with_counts().select_related("edition").get(slug="top-cases")


def _numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", text)}


@pytest.mark.django_db
def test_top_cases_share_image_text_names_the_10_announced_and_the_5_recorded(edition_2022):
    title, details, _footer = list_card(_top_cases())

    drawn = "\n".join([title, *details])

    assert title == TOP_CASES
    assert details[1] == "公布10个,本页收录5个"
    assert {10, 5} <= _numbers(drawn)


@pytest.mark.django_db
def test_top_cases_share_image_text_in_english_names_both_counts(edition_2022):
    with translation.override("en"):
        _title, details, _footer = list_card(_top_cases())

    assert details[1] == "10 announced, 5 recorded on this page"


@pytest.mark.django_db
def test_share_image_count_is_the_page_s_completeness_note(edition_2022, client):
    page = client.get("/2022/top-cases/")
    english = client.get("/en/2022/top-cases/")

    _title, details, _footer = list_card(_top_cases())
    with translation.override("en"):
        _title, details_en, _footer = list_card(_top_cases())

    assert texts(page.content, "p", "completeness") == [details[1]]
    assert texts(english.content, "p", "completeness") == [details_en[1]]


@pytest.mark.django_db
def test_edition_share_image_gives_each_list_its_count(edition_2022):
    _title, details, _footer = edition_card(Edition.objects.get(year=2022))

    assert [line for line in details if line.startswith(TOP_CASES)] == [
        f"{TOP_CASES} · 公布10个,本页收录5个"
    ]


@pytest.mark.parametrize(
    ("announced", "recorded", "withdrawn", "note"),
    [
        (10, 5, 0, "公布10个,本页收录5个"),
        (10, 12, 0, "公布10个,本页收录12个"),
        (10, 10, 1, "公布10个,其中1个已撤销"),
        (None, 7, 2, "收录7个,其中2个已撤销"),
        (None, 7, 0, "7项奖项"),
    ],
)
def test_count_note_says_both_numbers_whenever_they_differ(announced, recorded, withdrawn, note):
    with translation.override("zh-hans"):
        said = count_note(announced=announced, recorded=recorded, withdrawn=withdrawn)

    assert said == note
