"""Organizers correcting a published edition in the admin: reasons, history, undo, problems."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from awards import services
from awards.corrections.models import Correction, ProblemAcknowledgement
from awards.models import Award, Edition, Nominee
from tests.factories import AwardFactory, AwardListFactory, EditionFactory, NomineeFactory
from tests.pagetext import texts

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"admin:awards_{name}", args=args)


def _published(award):
    """Publish the award's edition as of yesterday: entering it was not a correction."""
    Edition.objects.filter(pk=award.award_list.edition_id).update(
        published_at=timezone.now() - datetime.timedelta(days=1)
    )
    award.award_list.edition.refresh_from_db()
    return award


def _history_table(html):
    start = html.index('<table id="change-history"')
    return html[start : html.index("</table>", start)]


def _award_form(award, **changes):
    data = {
        "award_list": award.award_list_id,
        "position": award.position,
        "nominee": award.nominee_id,
        "case": "",
        "rank": award.rank or "",
        "level": award.level,
    }
    return data | changes


# --- 修改原因 --------------------------------------------------------------------------


def test_changing_a_published_award_asks_for_a_reason_and_keeps_it(client, organizer):
    award = _published(AwardFactory(rank=3, award_list__edition__published_at=None))

    refused = client.post(_url("award_change", award.pk), _award_form(award, rank=2))
    client.post(_url("award_change", award.pk), _award_form(award, rank=2, change_reason="笔误"))

    assert refused.context["adminform"].form.errors == {
        "change_reason": ["本届已发布,修改会公开列入更正记录,请填写修改原因。"]
    }
    award.refresh_from_db()
    latest = award.history.latest()
    assert (award.rank, latest.history_change_reason, latest.history_user) == (2, "笔误", organizer)
    assert Correction.objects.get().reason == "笔误"


def test_changing_a_draft_needs_no_reason(client, organizer):
    award = AwardFactory(rank=3, award_list__edition=EditionFactory(draft=True))

    response = client.post(_url("award_change", award.pk), _award_form(award, rank=2))

    assert response.status_code == 302
    assert Award.objects.get(pk=award.pk).rank == 2
    assert Correction.objects.count() == 0


def test_inline_awards_share_the_list_pages_reason(client, organizer):
    award = _published(AwardFactory(level="二等奖", award_list__edition__published_at=None))
    award_list = award.award_list
    prefix = "awards"
    data = {
        "edition": award_list.edition_id,
        "name": award_list.name,
        "slug": award_list.slug,
        "position": award_list.position,
        "kind": award_list.kind,
        "announced_count": "",
        "description": "",
        "change_reason": "等级录错",
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 1,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
        f"{prefix}-0-id": award.pk,
        f"{prefix}-0-award_list": award_list.pk,
        f"{prefix}-0-nominee": award.nominee_id,
        f"{prefix}-0-case": "",
        f"{prefix}-0-rank": "",
        f"{prefix}-0-level": "一等奖",
    }

    response = client.post(_url("awardlist_change", award_list.pk), data)

    assert response.status_code == 302
    assert award.history.latest().history_change_reason == "等级录错"
    assert list(Correction.objects.values_list("kind", "old_value", "new_value", "reason")) == [
        ("level", "二等奖", "一等奖", "等级录错")
    ]


# --- History screens ----------------------------------------------------------------


def test_history_screen_is_chinese_in_beijing_time_without_none_or_user_links(client, organizer):
    edition = EditionFactory(draft=True)
    moment = timezone.now().replace(microsecond=0)
    edition._history_user = organizer
    services.publish_edition(edition=edition, now=moment)

    html = client.get(_url("edition_history", edition.pk)).content.decode()

    assert texts(_history_table(html), "th") == [
        "版本",
        "时间(北京时间)",
        "操作",
        "修改人",
        "修改原因",
        "改动",
    ]
    assert texts(html, "td", "history-reason") == ["立即发布", ""]
    assert "None" not in _history_table(html)
    assert "/auth/user/" not in html
    assert date_format(timezone.localtime(moment), "DATETIME_FORMAT") in html
    assert "+00:00" not in html


def test_history_screen_in_english(client, organizer):
    award = AwardFactory()
    client.cookies["django_language"] = "en"

    html = client.get(_url("award_history", award.pk)).content.decode()

    assert texts(_history_table(html), "th") == [
        "Version",
        "Time (Beijing)",
        "Action",
        "Changed by",
        "Reason for the change",
        "Changes",
    ]


def test_revert_asks_for_a_reason_and_says_what_it_restored(client, organizer):
    award = AwardFactory(level="二等奖")
    version = award.history.latest()
    services.withdraw_award(award=award, reason="误报")
    url = _url("award_simple_history", award.pk, version.history_id)
    data = _award_form(award, level="二等奖")

    form_page = client.get(url).content.decode()
    refused = client.post(url, data)
    response = client.post(url, data | {"change_reason": "撤销有误"}, follow=True)

    breadcrumbs = texts(form_page, "div", "breadcrumbs")[0]
    assert breadcrumbs.startswith("管理首页 › 评选榜单 › 奖项 › ")
    assert "Historical" not in form_page
    assert refused.status_code == 200
    assert list(refused.context["adminform"].form.errors) == ["change_reason"]
    moment = date_format(timezone.localtime(version.history_date), "DATETIME_FORMAT")
    assert [str(m) for m in response.context["messages"]] == [
        f"已将「{award}」还原到版本 {version.history_id}({moment} 的内容)。"
    ]
    award.refresh_from_db()
    assert (award.is_withdrawn, award.history.latest().history_change_reason) == (
        False,
        "撤销有误",
    )


# --- Undo that never surprises ------------------------------------------------------


def test_recycle_bin_refuses_a_merged_away_nominee_with_a_link_to_the_survivor(client, organizer):
    keep, duplicate = NomineeFactory(name="成都发布"), NomineeFactory(name="成都发布微博")
    AwardFactory(nominee=duplicate)
    pk = duplicate.pk
    services.merge_nominees(keep=keep, duplicates=[duplicate], reason="同一账号")

    response = client.post(_url("nominee_deleted"), {"pk": pk}, follow=True)

    (message,) = [str(m) for m in response.context["messages"]]
    assert message.startswith("无法恢复「成都发布微博」:它已并入「成都发布」(现为其别名)")
    assert f'<a href="{_url("nominee_change", keep.pk)}">打开「成都发布」</a>' in message
    assert Nominee.objects.count() == 1


def test_merge_action_asks_for_a_reason_when_published(client, organizer):
    keep, duplicate = NomineeFactory(name="甲号"), NomineeFactory(name="乙号")
    AwardFactory(nominee=duplicate)
    data = {"action": "merge", ACTION_CHECKBOX_NAME: [keep.pk, duplicate.pk], "confirm": "yes"}

    refused = client.post(_url("nominee_changelist"), data | {"keep": keep.pk})

    assert refused.context["form"].errors == {"change_reason": ["这个字段是必填项。"]}
    assert Nominee.objects.count() == 2


# --- Counts in the admin ------------------------------------------------------------


def test_admin_counts_a_withdrawn_award_as_recorded(client, organizer):
    award_list = AwardListFactory(name="十佳账号", announced_count=10)
    awards = [AwardFactory(award_list=award_list) for _ in range(10)]
    services.withdraw_award(award=awards[0], reason="违规")

    html = client.get(_url("awardlist_changelist")).content.decode()

    assert texts(html, "td", "field-counts") == ["10/10(其中1个已撤销)"]
    assert "count-mismatch" not in html


# --- 待处理问题 can be acknowledged -----------------------------------------------------


def _repeated_account(edition, name, list_names):
    nominee = NomineeFactory(name=name)
    for list_name in list_names:
        AwardFactory(nominee=nominee, award_list=AwardListFactory(edition=edition, name=list_name))


def test_acknowledged_problem_stops_nagging_and_a_new_one_still_shows(client, organizer):
    edition = EditionFactory(draft=True)
    _repeated_account(edition, "成都发布", ["十佳账号", "优秀账号"])
    (problem,) = services.edition_problems(edition=edition)

    client.post(_url("edition_acknowledge", edition.pk), {"problem": problem.key})
    page_after = client.get(_url("edition_change", edition.pk)).content.decode()
    _repeated_account(edition, "锦观新闻", ["新闻榜", "融媒榜"])
    publish_page = client.get(_url("edition_publish", edition.pk))

    ack = ProblemAcknowledgement.objects.get()
    assert (ack.key, ack.acknowledged_by) == (problem.key, organizer)
    assert ack.history.get().history_user == organizer
    assert texts(page_after, "ul", "open-problems") == [""]
    assert texts(page_after, "span", "acknowledged-by")[0].startswith("已核实:organizer,")
    assert [p for p in publish_page.context["problems"]] == [
        next(p for p in services.edition_problems(edition=edition) if "锦观新闻" in p.message)
    ]


def test_a_changed_problem_is_no_longer_acknowledged(client, organizer):
    edition = EditionFactory(draft=True)
    award_list = AwardListFactory(edition=edition, announced_count=3)
    AwardFactory(award_list=award_list)
    (problem,) = services.edition_problems(edition=edition)
    client.post(_url("edition_acknowledge", edition.pk), {"problem": problem.key})

    AwardFactory(award_list=award_list)  # now 2 of 3: another problem

    html = client.get(_url("edition_change", edition.pk)).content.decode()
    assert len(texts(html, "ul", "open-problems")[0]) > 0
    assert "已录入 2 项" in texts(html, "ul", "open-problems")[0]


def test_acknowledging_a_vanished_problem_says_so(client, organizer):
    edition = Edition.objects.create(year=2077, name="2077峰会", held_on=datetime.date(2077, 12, 1))

    response = client.post(
        _url("edition_acknowledge", edition.pk), {"problem": "count:1:0/3"}, follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["这个问题已经不存在,无需核实。"]
    assert ProblemAcknowledgement.objects.count() == 0
