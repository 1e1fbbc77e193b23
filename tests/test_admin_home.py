"""The admin home starts organizers off: each edition's state, problems and next steps."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AwardFactory, AwardListFactory, EditionFactory
from tests.pagetext import texts

pytestmark = pytest.mark.django_db

HOME = "/admin/"


def _card(html: str, year: int) -> str:
    start = html.index(f'data-year="{year}"')
    end = html.find("</article>", start)
    return html[start:end]


def _buttons(html: str, year: int) -> list[str]:
    return texts(_card(html, year), "a", "button")


def test_home_sections_follow_the_workflow(client, organizer):
    response = client.get(HOME)

    html = response.content.decode()
    app = html[html.index('class="app-awards') : html.index("</table>", html.index("app-awards"))]
    assert re.findall(r'<tr class="model-(\w+)', app) == [
        "edition",
        "awardlist",
        "award",
        "nominee",
        "case",
    ]
    assert texts(app, "th")[-5:] == ["届次", "榜单", "奖项", "获奖对象", "案例"]


def test_home_without_editions_says_how_to_start(client, organizer):
    response = client.get(HOME)

    assert texts(response.content, "p", "edition-overview__empty") == [
        "还没有届次。下载模板填写后导入工作簿,或手工新建届次。"
    ]
    assert texts(response.content, "p", "start-buttons")[0].split() == [
        "下载模板",
        "导入工作簿",
        "手工新建届次",
    ]


def test_home_empty_draft_suggests_import_first(client, organizer):
    EditionFactory(year=2031, draft=True)

    html = client.get(HOME).content.decode()

    assert _buttons(html, 2031) == ["导入工作簿", "下载模板", "预览", "发布", "创建下一届"]
    assert texts(_card(html, 2031), "a", "default") == ["导入工作簿"]
    assert texts(_card(html, 2031), "span", "state-badge") == ["草稿"]


def test_home_draft_with_problems_suggests_preview_and_lists_them(client, organizer):
    award_list = AwardListFactory(
        edition=EditionFactory(year=2031, draft=True), name="十佳账号", announced_count=10
    )
    AwardFactory(award_list=award_list)

    html = client.get(HOME).content.decode()

    assert texts(_card(html, 2031), "ul", "open-problems") == [
        "「十佳账号」已录入 1 项,公布数量为 10 项。"
    ]
    assert texts(_card(html, 2031), "a", "default") == ["预览"]
    assert _buttons(html, 2031)[-1] == "导出工作簿"


def test_home_scheduled_edition_says_when(client, organizer):
    moment = timezone.make_aware(datetime.datetime(2031, 12, 20, 9, 30))
    edition = EditionFactory(year=2031, published_at=moment)
    AwardFactory(award_list=AwardListFactory(edition=edition))

    html = client.get(HOME).content.decode()

    assert texts(_card(html, 2031), "p", "edition-card__state")[0].startswith(
        "定时发布 将于 2031-12-20 09:30 公开"
    )


def test_home_published_edition_offers_next_edition_once(client, organizer):
    EditionFactory(year=2030)
    EditionFactory(year=2032)

    html = client.get(HOME).content.decode()

    assert _buttons(html, 2030) == ["导入工作簿", "下载模板", "查看公开页面", "创建下一届"]
    assert texts(_card(html, 2030), "a", "default") == ["创建下一届"]
    assert "创建下一届" in _buttons(html, 2032)
    assert texts(_card(html, 2030), "span", "state-badge") == ["已发布"]


def test_home_buttons_lead_to_working_pages(client, organizer):
    edition = EditionFactory(year=2031, draft=True)

    html = client.get(HOME).content.decode()

    for url in (
        reverse("admin:awards_workbook_import"),
        reverse("admin:awards_workbook_template"),
        reverse("admin:awards_edition_publish", args=[edition.pk]),
        reverse("admin:awards_edition_next", args=[edition.pk]),
        edition.get_absolute_url(),
    ):
        assert f'href="{url}"' in _card(html, 2031)
        assert client.get(url).status_code == 200


def test_home_hides_buttons_the_user_may_not_use(client):
    viewer = User.objects.create_user("viewer", password="x-secret-42", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_edition"))
    client.force_login(viewer)
    EditionFactory(year=2031, draft=True)

    html = client.get(HOME).content.decode()

    assert _buttons(html, 2031) == ["下载模板", "预览"]


def _fill(editions: int):
    for year in range(2031, 2031 + editions):
        edition = EditionFactory(year=year, draft=year % 2 == 0)
        award_list = AwardListFactory(edition=edition, announced_count=5)
        AwardFactory(award_list=award_list)


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(HOME).status_code == 200
    return len(captured)


def test_home_query_count_constant(client, organizer):
    _fill(1)
    client.get(HOME)  # warm-up: content types and the like are cached after the first request
    one = _queries(client)

    _fill(6)

    assert _queries(client) == one


# --- One obvious place for spreadsheets ----------------------------------------------------


def test_edition_changelist_names_single_table_buttons_for_what_they_are(client, organizer):
    html = client.get(reverse("admin:awards_edition_changelist")).content.decode()

    assert texts(html, "a", "single-table-link") == ["单表导入(高级)", "单表导出(高级)"]
    assert texts(html, "a", "import_link") == ["导入工作簿", "单表导入(高级)"]


def test_single_table_import_page_explains_itself_and_points_to_the_workbook(client, organizer):
    html = client.get(reverse("admin:awards_nominee_import")).content.decode()

    assert texts(html, "h1") == ["单表导入(高级):获奖对象"]
    assert texts(html, "div", "single-table-note")[0].startswith(
        "这是单表导入:一次只导入一种记录(本页是「获奖对象」),每行一条"
    )
    assert f'href="{reverse("admin:awards_workbook_import")}"' in html


def test_single_table_export_page_points_to_the_workbook(client, organizer):
    html = client.get(reverse("admin:awards_award_export")).content.decode()

    assert texts(html, "h1") == ["单表导出(高级):奖项"]
    assert f'href="{reverse("admin:awards_workbook_export")}"' in html


def test_change_forms_have_no_extra_export_button(client, organizer):
    edition = EditionFactory(year=2031, draft=True)

    response = client.get(reverse("admin:awards_edition_change", args=[edition.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="_save"' in html
    assert 'name="_export-item"' not in html


def test_home_in_english(client, organizer):
    EditionFactory(year=2031, draft=True)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(HOME).content.decode()

    assert texts(html, "h2", None)[:2] == ["Start here", "Editions"]
    assert texts(_card(html, 2031), "p", "edition-card__state")[0].endswith(
        "only staff can see it · 0 lists · 0 awards"
    )
