"""The organizers' admin: pages, consistency display, workflow buttons and actions."""

import datetime

import pytest
import tablib
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards import services
from awards.models import Award, AwardList, Case, Edition, Nominee
from awards.resources import NomineeResource
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    CaseFactory,
    EditionFactory,
    NomineeFactory,
)
from tests.pagetext import texts

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(f"admin:awards_{name}", args=args)


def _count_queries(client, url):
    # Warm up first: content types and the like are cached after the first request.
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- Every page in Chinese, at a constant number of queries -------------------------------


def _fill(rows):
    edition = EditionFactory()
    award_list = AwardListFactory(edition=edition, announced_count=rows + 1)
    case_list = AwardListFactory(edition=edition, cases=True)
    for position in range(1, rows + 1):
        AwardFactory(award_list=award_list, position=position, level="一等奖")
        CaseAwardFactory(award_list=case_list, position=position)
    return edition, award_list, case_list


@pytest.mark.parametrize("model", ["edition", "awardlist", "nominee", "case", "award"])
def test_changelist_query_count_constant(client, organizer, model, django_assert_num_queries):
    _fill(1)
    url = _url(f"{model}_changelist")
    one_row = _count_queries(client, url)
    _fill(12)
    EditionFactory.create_batch(5)

    with django_assert_num_queries(one_row):
        response = client.get(url)

    assert response.status_code == 200


def test_edition_change_page_query_count_constant(client, organizer, django_assert_num_queries):
    small, _list, _cases = _fill(1)
    large, _list, _cases = _fill(1)
    AwardListFactory.create_batch(10, edition=large, announced_count=3)
    one_list = _count_queries(client, _url("edition_change", small.pk))

    with django_assert_num_queries(one_list):
        response = client.get(_url("edition_change", large.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("kind", ["nominees", "cases"])
def test_award_list_change_page_query_count_constant(
    client, organizer, kind, django_assert_num_queries
):
    _e, small_nominees, small_cases = _fill(1)
    _e, large_nominees, large_cases = _fill(25)
    small = small_cases if kind == "cases" else small_nominees
    large = large_cases if kind == "cases" else large_nominees
    one_award = _count_queries(client, _url("awardlist_change", small.pk))

    with django_assert_num_queries(one_award):
        response = client.get(_url("awardlist_change", large.pk))

    assert response.content.decode().count('name="_move"') == 2 * 25


@pytest.mark.parametrize(
    ("model", "factory"),
    [("nominee", NomineeFactory), ("case", CaseFactory), ("award", AwardFactory)],
)
def test_detail_change_pages_render_for_organizer(client, organizer, model, factory):
    obj = factory()

    response = client.get(_url(f"{model}_change", obj.pk))

    assert response.status_code == 200


def test_admin_index_is_chinese(client, organizer, chengdu_identity):
    response = client.get(reverse("admin:index"))

    content = response.content.decode()
    assert "成都市政务新媒体峰会 · 评选榜单管理" in content
    assert "届次" in content


# --- Consistency --------------------------------------------------------------------------


def test_award_list_changelist_flags_recorded_versus_announced(client, organizer):
    short = AwardListFactory(name="十佳案例", announced_count=10, cases=True)
    for position in range(1, 6):
        CaseAwardFactory(award_list=short, position=position)
    complete = AwardListFactory(name="优秀账号", announced_count=1)
    AwardFactory(award_list=complete)

    response = client.get(_url("awardlist_changelist"))

    content = response.content.decode()
    assert content.count('class="count-mismatch"') == 1
    assert "5/10</span>" in content
    assert "1/1" in content


def test_award_list_changelist_filters_mismatched_lists(client, organizer):
    AwardListFactory(name="不一致的榜单", announced_count=2)
    AwardListFactory(name="一致的榜单", announced_count=0)

    response = client.get(_url("awardlist_changelist"), {"complete": "short"})

    assert [obj.name for obj in response.context["cl"].result_list] == ["不一致的榜单"]


def test_edition_changelist_filters_by_status(client, organizer):
    draft = EditionFactory(draft=True)
    EditionFactory()
    scheduled = EditionFactory(published_at=timezone.now() + datetime.timedelta(days=3))

    drafts = client.get(_url("edition_changelist"), {"status": "draft"}).context["cl"]
    planned = client.get(_url("edition_changelist"), {"status": "scheduled"}).context["cl"]

    assert list(drafts.result_list) == [draft]
    assert list(planned.result_list) == [scheduled]


def test_award_list_changelist_filters_lists_whose_counts_agree(client, organizer):
    AwardListFactory(name="不一致的榜单", announced_count=2)
    AwardListFactory(name="一致的榜单", announced_count=0)
    AwardListFactory(name="未公布数量的榜单", announced_count=None)

    response = client.get(_url("awardlist_changelist"), {"complete": "ok"})

    names = sorted(obj.name for obj in response.context["cl"].result_list)
    assert names == ["一致的榜单", "未公布数量的榜单"]


def test_edition_changelist_filters_published_editions(client, organizer):
    EditionFactory(draft=True)
    published = EditionFactory()
    EditionFactory(published_at=timezone.now() + datetime.timedelta(days=3))

    response = client.get(_url("edition_changelist"), {"status": "published"})

    assert list(response.context["cl"].result_list) == [published]


def test_award_changelist_filters_by_withdrawal(client, organizer):
    current = AwardFactory()
    withdrawn = services.withdraw_award(award=AwardFactory(), reason="重复录入")

    valid = client.get(_url("award_changelist"), {"withdrawn": "no"}).context["cl"]
    struck = client.get(_url("award_changelist"), {"withdrawn": "yes"}).context["cl"]

    assert list(valid.result_list) == [current]
    assert list(struck.result_list) == [withdrawn]


def test_case_changelist_filters_by_summary(client, organizer):
    bare = CaseFactory(summary="")
    described = CaseFactory(summary="一句话简介。")

    missing = client.get(_url("case_changelist"), {"summary": "missing"}).context["cl"]
    present = client.get(_url("case_changelist"), {"summary": "present"}).context["cl"]

    assert list(missing.result_list) == [bare]
    assert list(present.result_list) == [described]


def test_edition_change_page_lists_open_problems(client, organizer, edition_2022):
    response = client.get(_url("edition_change", edition_2022.pk))

    content = response.content.decode()
    assert "待处理问题" in content
    assert "「2022年新媒体十佳案例」已录入 5 项,公布数量为 10 项。" in content


def test_edition_change_page_offers_preview_of_draft(client, organizer):
    edition = EditionFactory(draft=True, year=2031)

    response = client.get(_url("edition_change", edition.pk))

    content = response.content.decode()
    assert 'href="/2031/" class="preview-link"' in content
    assert _url("edition_publish", edition.pk) in content


# --- Publication --------------------------------------------------------------------------


def test_publish_view_asks_confirmation_listing_problems(client, organizer):
    edition = EditionFactory(draft=True)
    AwardListFactory(edition=edition, name="十佳账号", announced_count=10)

    response = client.get(_url("edition_publish", edition.pk))

    assert [p.message for p in response.context["problems"]] == [
        "「十佳账号」已录入 0 项,公布数量为 10 项。"
    ]
    assert response.context["button"] == "确认发布"
    edition.refresh_from_db()
    assert edition.status == "draft"


def test_publish_view_post_publishes(client, organizer):
    edition = EditionFactory(draft=True)

    response = client.post(_url("edition_publish", edition.pk))

    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.status == "published"
    assert edition.history.latest().history_user == organizer


def test_schedule_view_rejects_past_moment(client, organizer):
    edition = EditionFactory(draft=True)

    response = client.post(
        _url("edition_schedule", edition.pk),
        {"published_at_0": "2020-01-01", "published_at_1": "10:00:00"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "published_at": ["定时发布的时间必须在将来;要马上发布,请用“立即发布”。"]
    }


def test_schedule_view_sets_future_moment(client, organizer):
    edition = EditionFactory(draft=True)
    moment = timezone.localtime() + datetime.timedelta(days=2)

    client.post(
        _url("edition_schedule", edition.pk),
        {
            "published_at_0": moment.strftime("%Y-%m-%d"),
            "published_at_1": moment.strftime("%H:%M:00"),
        },
    )

    edition.refresh_from_db()
    assert edition.status == "scheduled"
    assert timezone.localtime(edition.published_at).strftime("%Y-%m-%d %H:%M") == (
        moment.strftime("%Y-%m-%d %H:%M")
    )


def test_unpublish_view_returns_edition_to_draft(client, organizer):
    edition = EditionFactory()

    client.post(_url("edition_unpublish", edition.pk))

    edition.refresh_from_db()
    assert edition.status == "draft"


def _action(client, model, action, objects, follow=False, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **extra}
    return client.post(_url(f"{model}_changelist"), data, follow=follow)


def test_publish_action_with_problems_shows_confirmation_first(client, organizer):
    edition = EditionFactory(draft=True, name="2031峰会")
    AwardListFactory(edition=edition, name="十佳账号", announced_count=2)

    first = _action(client, "edition", "publish_now", [edition])
    edition.refresh_from_db()
    status_after_first = edition.status
    _action(client, "edition", "publish_now", [edition], confirm="yes")
    edition.refresh_from_db()

    assert first.status_code == 200
    assert first.context["problems"] == ["2031峰会:「十佳账号」已录入 0 项,公布数量为 2 项。"]
    assert (status_after_first, edition.status) == ("draft", "published")


def test_publish_action_without_problems_publishes_at_once(client, organizer):
    edition = EditionFactory(draft=True)

    response = _action(client, "edition", "publish_now", [edition])

    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.status == "published"


def test_schedule_action_asks_for_moment(client, organizer):
    edition = EditionFactory(draft=True)
    moment = timezone.localtime() + datetime.timedelta(days=1)

    form_page = _action(client, "edition", "schedule", [edition])
    _action(
        client,
        "edition",
        "schedule",
        [edition],
        confirm="yes",
        published_at_0=moment.strftime("%Y-%m-%d"),
        published_at_1=moment.strftime("%H:%M:%S"),
    )

    assert "published_at" in form_page.context["form"].fields
    edition.refresh_from_db()
    assert edition.status == "scheduled"


def test_unpublish_action_returns_editions_to_draft(client, organizer):
    editions = EditionFactory.create_batch(2)

    _action(client, "edition", "unpublish", editions)

    assert Edition.objects.drafts().count() == 2


def test_next_edition_view_creates_draft_and_opens_it(client, organizer, edition_2022):
    response = client.post(_url("edition_next", edition_2022.pk))

    successor = Edition.objects.get(year=2023)
    assert response.url == _url("edition_change", successor.pk)
    assert successor.status == "draft"
    assert successor.award_lists.count() == edition_2022.award_lists.count()


def test_published_at_not_editable_in_change_form(client, organizer):
    edition = EditionFactory(draft=True)

    response = client.get(_url("edition_change", edition.pk))

    form = response.context["adminform"].form
    assert response.status_code == 200
    assert "year" in form.fields
    assert "published_at" not in form.fields


# --- Award lists and ordering -------------------------------------------------------------


def _inline_data(award_list, awards, extra=None):
    data = {
        "edition": award_list.edition_id,
        "name": award_list.name,
        "slug": award_list.slug,
        "position": award_list.position,
        "review_year": award_list.review_year,
        "kind": award_list.kind,
        "announced_count": award_list.announced_count or "",
        "description": "",
        "awards-TOTAL_FORMS": len(awards) + (1 if extra else 0),
        "awards-INITIAL_FORMS": len(awards),
        "awards-MIN_NUM_FORMS": 0,
        "awards-MAX_NUM_FORMS": 1000,
    }
    for index, award in enumerate(awards):
        data |= {
            f"awards-{index}-id": award.pk,
            f"awards-{index}-award_list": award_list.pk,
            f"awards-{index}-nominee": award.nominee_id,
            f"awards-{index}-case": award.case_id or "",
            f"awards-{index}-rank": award.rank or "",
            f"awards-{index}-level": award.level,
        }
    if extra:
        index = len(awards)
        data |= {f"awards-{index}-award_list": award_list.pk} | {
            f"awards-{index}-{k}": v for k, v in extra.items()
        }
    return data


def test_move_button_moves_award_up_and_saves_edits(client, organizer):
    award_list = AwardListFactory()
    awards = [
        AwardFactory(award_list=award_list, position=p, nominee=NomineeFactory(name=n))
        for p, n in ((1, "甲"), (2, "乙"), (3, "丙"))
    ]
    data = _inline_data(award_list, awards) | {"awards-0-level": "一等奖"}
    data["_move"] = f"{awards[2].pk}:-1"

    response = client.post(_url("awardlist_change", award_list.pk), data)

    assert response.status_code == 302
    assert response.url == _url("awardlist_change", award_list.pk)
    assert list(award_list.awards.order_by("position").values_list("nominee__name", "level")) == [
        ("甲", "一等奖"),
        ("丙", ""),
        ("乙", ""),
    ]


def test_inline_new_award_goes_to_end_of_list(client, organizer):
    award_list = AwardListFactory()
    first = AwardFactory(award_list=award_list, position=4)
    newcomer = NomineeFactory(name="新来的")

    response = client.post(
        _url("awardlist_change", award_list.pk),
        _inline_data(award_list, [first], extra={"nominee": newcomer.pk, "level": "提名"}),
    )

    assert response.status_code == 302
    assert list(award_list.awards.values_list("nominee__name", "position")) == [
        (first.nominee.name, 4),
        ("新来的", 5),
    ]


def test_inline_refuses_case_in_nominee_list_with_message(client, organizer):
    award_list = AwardListFactory()
    case = CaseFactory()

    response = client.post(
        _url("awardlist_change", award_list.pk),
        _inline_data(award_list, [], extra={"nominee": case.nominee_id, "case": case.pk}),
    )

    assert response.status_code == 200
    assert "这是获奖名单,奖项不能指定案例。" in response.content.decode()
    assert award_list.awards.count() == 0


def test_award_level_offers_common_levels(client, organizer):
    award = AwardFactory()

    content = client.get(_url("award_change", award.pk)).content.decode()

    assert 'list="id_level-suggestions"' in content
    assert '<datalist id="id_level-suggestions"><option value="一等奖"></option>' in content


def test_award_add_without_position_appends(client, organizer):
    award_list = AwardListFactory()
    AwardFactory(award_list=award_list, position=7)
    nominee = NomineeFactory()

    response = client.post(
        _url("award_add"),
        {
            "award_list": award_list.pk,
            "position": "",
            "nominee": nominee.pk,
            "level": "提名",
            "change_reason": "补录",
        },
    )

    assert response.status_code == 302
    assert Award.objects.get(nominee=nominee).position == 8


def test_award_add_with_taken_position_explains(client, organizer):
    award = AwardFactory(position=1)

    response = client.post(
        _url("award_add"),
        {"award_list": award.award_list_id, "position": 1, "nominee": NomineeFactory().pk},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get("__all__") is not None


# --- Nominees -----------------------------------------------------------------------------


def test_nominee_aliases_edited_one_per_line(client, organizer):
    nominee = NomineeFactory(name="成都发布", aliases=["旧别名"])

    page = client.get(_url("nominee_change", nominee.pk)).content.decode()
    client.post(
        _url("nominee_change", nominee.pk),
        {
            "name": "成都发布",
            "kind": "account",
            "aliases": "成都市政府新闻办公室\r\n\r\n  @成都发布 \r\n成都发布",
            "description": "",
            "links": "https://weibo.com/chengdufabu",
        },
    )

    nominee.refresh_from_db()
    assert ">\n旧别名</textarea>" in page
    assert nominee.aliases == ["成都市政府新闻办公室", "@成都发布"]
    assert nominee.links == ["https://weibo.com/chengdufabu"]


def test_nominee_bad_link_gets_chinese_message(client, organizer):
    nominee = NomineeFactory()

    response = client.post(
        _url("nominee_change", nominee.pk),
        {"name": nominee.name, "kind": "account", "aliases": "", "links": "weibo"},
    )

    assert response.context["adminform"].form.errors == {"links": ["「weibo」不是有效的网址。"]}


def test_nominee_search_matches_pinyin_initials(client, organizer):
    NomineeFactory(name="成都发布")
    NomineeFactory(name="锦观新闻")

    response = client.get(_url("nominee_changelist"), {"q": "cdfb"})

    assert [n.name for n in response.context["cl"].result_list] == ["成都发布"]


def test_merge_action_asks_which_to_keep_then_merges(client, organizer):
    keep, duplicate = NomineeFactory(name="成都发布"), NomineeFactory(name="成都发布政务微博")
    award = AwardFactory(nominee=duplicate)

    form_page = _action(client, "nominee", "merge", [keep, duplicate])
    choices = list(form_page.context["form"].fields["keep"].queryset)
    _action(
        client,
        "nominee",
        "merge",
        [keep, duplicate],
        confirm="yes",
        keep=keep.pk,
        change_reason="同一账号",
    )

    assert choices == [keep, duplicate]
    assert Award.objects.get(pk=award.pk).nominee == keep
    assert Nominee.objects.get(pk=keep.pk).aliases == ["成都发布政务微博"]


def test_merge_action_refusal_shows_reason(client, organizer):
    award_list = AwardListFactory(name="十佳账号")
    keep, duplicate = NomineeFactory(name="甲"), NomineeFactory(name="乙")
    AwardFactory(award_list=award_list, nominee=keep, position=1)
    AwardFactory(award_list=award_list, nominee=duplicate, position=2)

    response = _action(
        client,
        "nominee",
        "merge",
        [keep, duplicate],
        confirm="yes",
        keep=keep.pk,
        change_reason="重复",
    )

    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        f"无法合并:它们同时出现在 {award_list.edition.year}「十佳账号」 中,"
        "合并后同一榜单会有重复的获奖对象。"
    ]
    assert Nominee.objects.filter(pk=duplicate.pk).exists()


# --- Withdrawals --------------------------------------------------------------------------


def test_withdraw_action_asks_reason_then_withdraws(client, organizer):
    award = AwardFactory()

    form_page = _action(client, "award", "withdraw", [award])
    missing = _action(client, "award", "withdraw", [award], confirm="yes", reason=" ")
    _action(client, "award", "withdraw", [award], confirm="yes", reason="获奖账号已停更")

    assert "reason" in form_page.context["form"].fields
    assert missing.context["form"].errors == {"reason": ["这个字段是必填项。"]}
    award.refresh_from_db()
    assert (award.is_withdrawn, award.withdrawal_reason) == (True, "获奖账号已停更")
    assert award.history.latest().history_user == organizer


def test_reinstate_action_restores_award(client, organizer):
    award = AwardFactory()
    services.withdraw_award(award=award, reason="误报")

    _action(client, "award", "reinstate", [award], confirm="yes", change_reason="核实无误")

    award.refresh_from_db()
    assert award.is_withdrawn is False


def test_revert_withdrawal_from_history(client, organizer):
    award = AwardFactory(level="二等奖")
    before = award.history.latest()
    services.withdraw_award(award=award, reason="误报")

    page = client.get(_url("award_simple_history", award.pk, before.history_id))
    response = client.post(
        _url("award_simple_history", award.pk, before.history_id),
        {
            "award_list": award.award_list_id,
            "position": award.position,
            "nominee": award.nominee_id,
            "case": "",
            "rank": "",
            "level": "二等奖",
            "change_reason": "撤销有误",
        },
    )

    assert page.status_code == 200
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.withdrawn_at, award.withdrawal_reason) == (None, "")


# --- Deleted records ----------------------------------------------------------------------


def test_recycle_bin_lists_and_restores_deleted_list(client, organizer):
    award_list = AwardListFactory(name="十佳账号")
    AwardFactory(award_list=award_list, position=1)
    AwardFactory(award_list=award_list, position=2)
    pk = award_list.pk
    client.post(_url("awardlist_delete", pk), {"post": "yes"})

    page = client.get(_url("awardlist_deleted"))
    response = client.post(_url("awardlist_deleted"), {"pk": pk})

    year = award_list.edition.year
    assert [label for _record, label in page.context["rows"]] == [f"十佳账号({year}届)"]
    assert response.url == _url("awardlist_change", pk)
    assert AwardList.objects.get(pk=pk).awards.count() == 2


def test_recycle_bin_shows_refusal(client, organizer):
    award = AwardFactory(position=1, award_list__name="十佳账号", nominee__name="成都发布")
    pk = award.pk
    award.delete()
    AwardFactory(award_list=award.award_list, position=1, nominee__name="锦观新闻")

    response = client.post(_url("award_deleted"), {"pk": pk}, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    year = award.award_list.edition.year
    assert messages == [
        f"无法恢复{year} 届「十佳账号」第 1 项(「成都发布」):这个位置现在是「锦观新闻」。"
        "请先在榜单页面把「锦观新闻」移到别的位置,再恢复。"
    ]


def test_recycle_bin_award_labels_query_count_constant(
    client, organizer, django_assert_num_queries
):
    AwardFactory().delete()
    one = _count_queries(client, _url("award_deleted"))
    for award in AwardFactory.create_batch(10):
        award.delete()

    with django_assert_num_queries(one):
        client.get(_url("award_deleted"))


def test_case_history_shows_who_changed(client, organizer):
    case = CaseFactory(summary="")
    client.post(
        _url("case_change", case.pk),
        {"nominee": case.nominee_id, "title": case.title, "summary": "一段简介"},
    )

    response = client.get(_url("case_history", case.pk))

    assert response.status_code == 200
    assert Case.history.filter(id=case.pk).latest().history_user == organizer


def test_case_title_typed_with_title_marks_is_stored_without_them(client, organizer):
    award = CaseAwardFactory(case__title="旧标题")

    response = client.post(
        _url("case_change", award.case_id),
        {
            "nominee": award.case.nominee_id,
            "title": " 《“防疫泡泡”经验全国推广》 ",
            "summary": "",
            "change_reason": "补全标题",
        },
    )
    page = client.get(f"/cases/{award.case_id}/")

    assert response.status_code == 302
    assert Case.objects.get(pk=award.case_id).title == "“防疫泡泡”经验全国推广"
    assert texts(page.content, "h1") == ["《“防疫泡泡”经验全国推广》"]


# --- Import / export ----------------------------------------------------------------------


@pytest.mark.parametrize("model", ["edition", "awardlist", "nominee", "case", "award"])
def test_changelists_offer_import_export_and_deleted_records(client, organizer, model):
    content = client.get(_url(f"{model}_changelist")).content.decode()

    assert _url(f"{model}_import") in content
    assert _url(f"{model}_export") in content
    assert _url(f"{model}_deleted") in content


def test_admin_switches_to_english(client, organizer):
    AwardListFactory(announced_count=3)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(_url("awardlist_changelist"))

    content = response.content.decode()
    assert '<html lang="en"' in content
    assert "Recorded/announced" in content
    assert 'name="language"' in content


def test_award_history_page_query_count_constant(client, organizer, django_assert_num_queries):
    award = AwardFactory()
    url = _url("award_history", award.pk)
    one_version = _count_queries(client, url)
    for level in ("一等奖", "二等奖", "三等奖", "优秀奖", "提名"):
        award.level = level
        award.save()

    with django_assert_num_queries(one_version):
        response = client.get(url)

    assert response.content.decode().count('class="history-version"') == 6


@pytest.mark.parametrize(
    ("model_name", "field_name", "term", "expected"),
    [
        ("award", "nominee", "cdfb", "成都发布"),
        ("award", "award_list", "十佳", "十佳账号(2031届)"),
        ("award", "case", "公园", "公园城市"),
        ("case", "nominee", "成都", "成都发布"),
        ("awardlist", "edition", "2031", "2031峰会"),
    ],
)
def test_autocomplete_finds_choices(client, organizer, model_name, field_name, term, expected):
    NomineeFactory(name="成都发布")
    AwardListFactory(name="十佳账号", edition=EditionFactory(year=2031, name="2031峰会"))
    CaseFactory(title="公园城市", nominee=NomineeFactory(name="锦观新闻"))

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "awards", "model_name": model_name, "field_name": field_name, "term": term},
    )

    assert [r["text"] for r in response.json()["results"]] == [expected]


def test_award_list_kind_change_refused_under_awards(client, organizer):
    award = AwardFactory()
    award_list = award.award_list
    data = _inline_data(award_list, [award]) | {"kind": "cases", "change_reason": "改类型"}

    response = client.post(_url("awardlist_change", award_list.pk), data)

    assert response.context["adminform"].form.errors == {
        "kind": ["榜单中已有奖项,不能更改类型;请新建一个榜单,或先删除这些奖项。"]
    }
    award_list.refresh_from_db()
    assert award_list.kind == "nominees"


def test_case_recredit_conflict_explained_in_form(client, organizer):
    case_award = CaseAwardFactory(position=1)
    rival = CaseAwardFactory(award_list=case_award.award_list, position=2)

    response = client.post(
        _url("case_change", case_award.case_id),
        {
            "nominee": rival.nominee_id,
            "title": case_award.case.title,
            "summary": "",
            "change_reason": "改署",
        },
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["nominee"]


def test_case_recredit_in_admin_moves_awards(client, organizer):
    case_award = CaseAwardFactory()
    other = NomineeFactory()

    response = client.post(
        _url("case_change", case_award.case_id),
        {
            "nominee": other.pk,
            "title": case_award.case.title,
            "summary": "简介",
            "change_reason": "改署",
        },
    )

    assert response.status_code == 302
    assert Award.objects.get(pk=case_award.pk).nominee == other
    assert Case.objects.get(pk=case_award.case_id).summary == "简介"


def test_create_next_action_reports_existing_year(client, organizer):
    first, taken = EditionFactory(year=2040), EditionFactory(year=2041)

    response = _action(client, "edition", "create_next", [first, taken], follow=True)

    messages = sorted(str(m) for m in response.context["messages"])
    assert messages == ["2041 年的届次已经存在。", "已创建草稿「2042成都市政务新媒体峰会」。"]
    assert Edition.objects.filter(year=2042).exists()


def test_spreadsheet_import_records_history():
    dataset = tablib.Dataset(headers=["name", "kind"])
    dataset.append(["成都发布", "account"])

    result = NomineeResource().import_data(dataset, dry_run=False)

    assert not result.has_errors()
    nominee = Nominee.objects.get(name="成都发布")
    assert list(nominee.history.values_list("history_type", flat=True)) == ["+"]
