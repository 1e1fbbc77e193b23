"""Corrections after publication: the public log, lasting links, restores, feed and sitemap."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards import caching, services
from awards.corrections.models import Correction, MovedPath
from awards.models import Award, Case, Nominee
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    EditionFactory,
    NomineeFactory,
)
from tests.pagetext import texts

pytestmark = pytest.mark.django_db


DRAFT = {"award_list__edition__published_at": None}


def _publish(*records):
    """Publish the editions of these awards or lists as of yesterday, without a history row:
    what was entered before publication is not a correction."""
    for record in records:
        edition = getattr(record, "award_list", record).edition
        edition.published_at = timezone.now() - datetime.timedelta(days=1)
        type(edition).objects.filter(pk=edition.pk).update(published_at=edition.published_at)
    return records[0]


def _log(edition):
    return list(
        Correction.objects.filter(edition=edition)
        .order_by("recorded_at", "pk")
        .values_list("kind", "list_name", "subject", "old_value", "new_value", "reason")
    )


def _save(instance, reason, **changes):
    for name, value in changes.items():
        setattr(instance, name, value)
    instance._change_reason = reason
    instance.save()


# --- What is recorded ---------------------------------------------------------------


def test_changes_to_a_published_edition_are_logged_with_old_new_and_reason():
    award = _publish(
        AwardFactory(
            award_list__name="十佳账号", nominee__name="成都发布", rank=3, level="二等奖", **DRAFT
        )
    )
    edition = award.award_list.edition

    _save(award, "名次录错", rank=2)
    _save(award, "等级录错", level="一等奖")
    services.withdraw_award(award=award, reason="账号违规")
    services.reinstate_award(award=award, reason="复核后恢复")
    _save(award.nominee, "主办方更名", name="成都发布2")

    assert _log(edition) == [
        ("rank", "十佳账号", "成都发布", "3", "2", "名次录错"),
        ("level", "十佳账号", "成都发布", "二等奖", "一等奖", "等级录错"),
        ("withdrawn", "十佳账号", "成都发布", "", "账号违规", "账号违规"),
        ("reinstated", "十佳账号", "成都发布", "账号违规", "", "复核后恢复"),
    ]
    # The rename changed no edition: the award still reads 成都发布, as announced.
    award.refresh_from_db()
    assert award.announced_name == "成都发布"


def test_awards_added_and_removed_after_publication_are_logged():
    award_list = AwardListFactory(name="十佳账号", edition__published_at=None)
    award = AwardFactory(award_list=award_list, nominee__name="甲", level="提名")
    _publish(award_list)
    added = Award(award_list=award_list, position=9, nominee=NomineeFactory(name="乙"))
    added._change_reason = "漏录"
    added.save()

    award._change_reason = "重复录入"
    award.delete()

    kinds = [(k, s, o, n, r) for k, _l, s, o, n, r in _log(award_list.edition)]
    assert kinds == [("added", "乙", "", "", "漏录"), ("removed", "甲", "提名", "", "重复录入")]


def test_case_title_correction_is_logged_and_keeps_the_case_url(client):
    award = _publish(
        CaseAwardFactory(
            case__title="網路理政平台", case__nominee__name="成都市网络理政办", **DRAFT
        )
    )
    case = award.case
    url = case.get_absolute_url()

    _save(case, "标题错字", title="網絡理政平台")

    assert _log(award.award_list.edition) == [
        (
            "case_renamed",
            award.award_list.name,
            "成都市网络理政办",
            "網路理政平台",
            "網絡理政平台",
            "标题错字",
        )
    ]
    assert client.get(url).status_code == 200


def test_draft_changes_are_never_logged():
    award = AwardFactory(award_list__edition=EditionFactory(draft=True), rank=3)

    _save(award, "草稿修改", rank=1)
    services.withdraw_award(award=award, reason="草稿阶段撤销")
    _save(award.nominee, "草稿改名", name="草稿改名号")

    assert Correction.objects.count() == 0


def test_changes_before_a_scheduled_publication_are_not_logged():
    later = timezone.now() + datetime.timedelta(days=3)
    award = AwardFactory(award_list__edition=EditionFactory(published_at=later), rank=3)

    _save(award, "发布前修改", rank=1)

    assert Correction.objects.count() == 0


def test_deleting_a_whole_edition_logs_nothing_and_leaves_no_dangling_entry():
    award = AwardFactory()
    edition = award.award_list.edition

    edition.delete()

    assert Correction.objects.count() == 0


# --- Merges: old URLs answer 301 ----------------------------------------------------


def _merge(keep_name="成都发布", dup_name="成都发布政务微博"):
    keep = NomineeFactory(name=keep_name)
    duplicate = NomineeFactory(name=dup_name)
    award = _publish(AwardFactory(nominee=duplicate, award_list__name="十佳账号", **DRAFT))
    old_slug = duplicate.slug
    services.merge_nominees(keep=keep, duplicates=[duplicate], reason="同一账号")
    return keep, old_slug, award


def test_merged_away_nominee_page_and_api_answer_301_to_the_survivor(client):
    keep, old_slug, _award = _merge()

    page = client.get(f"/nominees/{old_slug}/")
    api = client.get(f"/api/v1/nominees/{old_slug}/")

    english = client.get(f"/en/nominees/{old_slug}/")
    image = client.get(f"/nominees/{old_slug}/share.png")

    assert (page.status_code, page["Location"]) == (301, f"/nominees/{keep.slug}/")
    assert (english.status_code, english["Location"]) == (301, f"/en/nominees/{keep.slug}/")
    assert (api.status_code, api["Location"]) == (301, f"/api/v1/nominees/{keep.slug}/")
    assert (image.status_code, image["Location"]) == (301, f"/nominees/{keep.slug}/share.png")
    assert client.get(page["Location"]).status_code == 200


def test_a_merge_of_a_merge_redirects_in_one_hop(client):
    keep, first_slug, _award = _merge("甲号", "乙号")
    final = NomineeFactory(name="丙号")
    AwardFactory(nominee=final)

    services.merge_nominees(keep=final, duplicates=[keep], reason="再合并")

    assert client.get(f"/nominees/{first_slug}/")["Location"] == f"/nominees/{final.slug}/"
    assert client.get(f"/nominees/{keep.slug}/")["Location"] == f"/nominees/{final.slug}/"


def test_merge_is_no_correction_of_the_edition_which_keeps_the_announced_name():
    keep, _slug, award = _merge()

    award.refresh_from_db()
    keep.refresh_from_db()
    assert _log(award.award_list.edition) == []
    assert (award.nominee_id, award.announced_name) == (keep.pk, "成都发布政务微博")
    assert keep.aliases == ["成都发布政务微博"]


def test_changed_list_slug_answers_301(client):
    award = AwardFactory(award_list__slug="old-slug")
    award_list = award.award_list

    _save(award_list, "网址更正", slug="new-slug")

    response = client.get(f"/{award_list.edition.year}/old-slug/")
    assert response.status_code == 301
    assert response["Location"] == f"/{award_list.edition.year}/new-slug/"


def test_changed_edition_year_keeps_its_pages_answering(client):
    award = AwardFactory(award_list__slug="top", award_list__edition__year=2061)
    edition = award.award_list.edition

    _save(edition, "年份录错", year=2062)

    moved = {
        path: client.get(path)["Location"]
        for path in ("/2061/", "/2061/top/", "/api/v1/editions/2061/", "/2061/corrections/")
    }
    assert moved == {
        "/2061/": "/2062/",
        "/2061/top/": "/2062/top/",
        "/api/v1/editions/2061/": "/api/v1/editions/2062/",
        "/2061/corrections/": "/2062/corrections/",
    }


def test_a_live_page_is_never_redirected(client):
    award = AwardFactory()
    MovedPath.objects.create(old_path=award.nominee.get_absolute_url(), new_path="/elsewhere/")

    assert client.get(award.nominee.get_absolute_url()).status_code == 200


# --- Undo that never surprises ------------------------------------------------------


def test_restoring_an_award_that_a_merge_made_redundant_names_edition_list_and_nominee():
    award_list = AwardListFactory(name="十佳账号")
    keep = NomineeFactory(name="成都发布")
    deleted = AwardFactory(award_list=award_list, nominee=keep, position=1)
    deleted_pk = deleted.pk
    deleted.delete()
    duplicate = AwardFactory(award_list=award_list, nominee__name="成都发布微博", position=2)
    services.merge_nominees(keep=keep, duplicates=[duplicate.nominee], reason="同一账号")

    with pytest.raises(ValidationError) as error:
        services.restore_deleted(model=Award, pk=deleted_pk)

    year = award_list.edition.year
    assert error.value.messages == [
        f"无法恢复{year} 届「十佳账号」第 1 项:「成都发布」已在{year} 届「十佳账号」中(第 2 项),"
        "同一榜单不能有两次。若现有那一项就是要恢复的内容,无需恢复;否则请先删除它。"
    ]
    assert not Award.objects.filter(pk=deleted_pk).exists()


def test_restoring_a_merged_away_nominee_is_refused_with_the_survivor():
    keep = NomineeFactory(name="成都发布")
    duplicate = NomineeFactory(name="成都发布政务微博")
    AwardFactory(nominee=duplicate)
    pk = duplicate.pk
    services.merge_nominees(keep=keep, duplicates=[duplicate])

    with pytest.raises(ValidationError) as error:
        services.restore_deleted(model=Nominee, pk=pk)

    assert error.value.survivor == keep
    assert error.value.messages[0].startswith(
        "无法恢复「成都发布政务微博」:它已并入「成都发布」(现为其别名)"
    )
    assert list(Nominee.objects.values_list("name", flat=True)) == ["成都发布"]
    assert Nominee.objects.get(pk=keep.pk).aliases == ["成都发布政务微博"]


def test_restoring_a_case_whose_title_exists_again_is_explained():
    award = CaseAwardFactory(case__title="網路理政平台")
    case = award.case
    award.delete()
    pk = case.pk
    case.delete()
    Case.objects.create(nominee=case.nominee, title="網路理政平台")

    with pytest.raises(ValidationError) as error:
        services.restore_deleted(model=Case, pk=pk)

    assert error.value.messages == [
        f"无法恢复案例「網路理政平台」:「{case.nominee.name}」已有同名案例。请直接修改现有的案例。"
    ]


# --- Feed and sitemap ---------------------------------------------------------------


def _entry_updated(client, year):
    feed = client.get("/feed/").content.decode()
    entry = re.search(
        rf"<entry>(?:(?!</entry>).)*?/{year}/</link>.*?</entry>|<entry>(?:(?!</entry>).)*?"
        rf'href="http://testserver/{year}/".*?</entry>',
        feed,
        re.S,
    ).group(0)
    return re.search(r"<updated>(.*?)</updated>", entry).group(1), entry


def test_feed_updated_and_sitemap_lastmod_follow_a_correction(client):
    published = timezone.now() - datetime.timedelta(days=30)
    edition = EditionFactory(year=2044, published_at=None)
    award = AwardFactory(award_list__edition=edition, nominee__name="成都发布")
    type(edition).objects.filter(pk=edition.pk).update(updated_at=published, published_at=published)
    before, _entry = _entry_updated(client, 2044)

    services.withdraw_award(award=award, reason="账号违规")
    caching.bump()  # what the commit does; this test's transaction never commits

    after, entry = _entry_updated(client, 2044)
    sitemap = client.get("/sitemap.xml").content.decode()
    moment = Correction.objects.get().recorded_at
    assert datetime.datetime.fromisoformat(before) == published
    assert datetime.datetime.fromisoformat(after) == moment
    assert "撤销奖项" in entry and "账号违规" in entry
    lastmod = re.search(
        r"<loc>http://testserver/2044/</loc><lastmod>(.*?)</lastmod>",
        re.sub(r"\s+", "", sitemap),
    ).group(1)
    assert lastmod == timezone.localtime(moment).date().isoformat()
    assert "<loc>http://testserver/2044/corrections/</loc>" in sitemap


def test_feed_summary_is_plain_text_and_escaped(client):
    EditionFactory(year=2045, summary="<script>alert(1)</script>")

    feed = client.get("/feed/").content.decode()

    summaries = re.findall(r"<summary([^>]*)>(.*?)</summary>", feed, re.S)
    assert summaries == [(' type="text"', "&lt;script&gt;alert(1)&lt;/script&gt;")]
    assert "<script>" not in feed


# --- The public log: page, API, JSON download ---------------------------------------


def test_corrections_page_lists_changes_newest_first(client):
    award = _publish(
        AwardFactory(award_list__name="十佳账号", nominee__name="成都发布", rank=3, **DRAFT)
    )
    year = award.award_list.edition.year
    _save(award, "名次录错", rank=2)
    services.withdraw_award(award=award, reason="账号违规")

    html = client.get(f"/{year}/corrections/").content.decode()

    assert texts(html, "strong", "correction__kind") == ["撤销奖项", "名次更正"]
    assert texts(html, "p", "correction__change") == [
        "原内容 — → 新内容 账号违规",
        "原内容 3 → 新内容 2",
    ]
    assert texts(html, "p", "correction__reason") == ["原因:账号违规", "原因:名次录错"]
    assert f'href="/{year}/corrections/"' in client.get(f"/{year}/").content.decode()


def test_corrections_page_in_english(client):
    award = _publish(AwardFactory(nominee__name="成都发布", **DRAFT))
    services.withdraw_award(award=award, reason="违规")

    html = client.get(f"/en/{award.award_list.edition.year}/corrections/").content.decode()

    assert texts(html, "h1") == ["Corrections"]
    assert texts(html, "strong", "correction__kind") == ["Award withdrawn"]


def test_corrections_in_api_and_json_download(client):
    award = _publish(AwardFactory(nominee__name="成都发布", award_list__name="十佳账号", **DRAFT))
    year = award.award_list.edition.year
    services.withdraw_award(award=award, reason="账号违规")

    api = client.get(f"/api/v1/editions/{year}/").json()
    log = client.get(f"/api/v1/editions/{year}/corrections/").json()
    download = client.get(f"/{year}.json").json()

    expected = {
        "kind": "withdrawn",
        "kind_label": "撤销奖项",
        "list": "十佳账号",
        "subject": "成都发布",
        "old": None,
        "new": "账号违规",
        "reason": "账号违规",
        "url": f"http://testserver/{year}/{award.award_list.slug}/",
    }
    for document in (api, log, download):
        (entry,) = document["corrections"]
        assert {k: v for k, v in entry.items() if k != "recorded_at"} == expected
        assert entry["recorded_at"].endswith("+08:00")
    assert api["corrections_url"] == f"http://testserver/{year}/corrections/"


# --- Counts: a withdrawn award stays part of the record ------------------------------


def _list_of_ten_with_one_withdrawn():
    award_list = AwardListFactory(name="十佳账号", announced_count=10)
    awards = [AwardFactory(award_list=award_list) for _ in range(10)]
    services.withdraw_award(award=awards[0], reason="违规")
    return award_list


def test_withdrawn_award_is_counted_the_same_on_pages_and_in_the_api(client):
    award_list = _list_of_ten_with_one_withdrawn()
    year = award_list.edition.year

    zh = texts(client.get(f"/{year}/").content, "p", "completeness")
    zh_list = texts(client.get(f"/{year}/{award_list.slug}/").content, "p", "completeness")
    en = texts(client.get(f"/en/{year}/").content, "p", "completeness")
    api = client.get(f"/api/v1/editions/{year}/").json()["lists"][0]

    assert zh == zh_list == ["公布10个,其中1个已撤销"]
    assert en == ["10 announced, 1 of them withdrawn"]
    assert (api["recorded_count"], api["withdrawn_count"], api["current_count"]) == (10, 1, 9)
    assert services.edition_problems(edition=award_list.edition) == []


def test_after_a_refused_restore_an_import_row_with_the_old_name_finds_the_survivor(
    edition_2022,
):
    from awards.importing import services as importing
    from awards.importing import workbook
    from tests.test_import_workbook import edit

    keep = Nominee.objects.get(name="成都发布")
    duplicate = NomineeFactory(name="成都发布政务微博")
    AwardFactory(nominee=duplicate)
    pk = duplicate.pk
    services.merge_nominees(keep=keep, duplicates=[duplicate], reason="同一账号")
    with pytest.raises(ValidationError):
        services.restore_deleted(model=Nominee, pk=pk)
    sheet = "2022年优秀政务新媒体"
    data = edit(workbook.export_workbook(edition_2022), sheet, 2, "获奖对象", "成都发布政务微博")

    plan = importing.plan_import(data, "x.xlsx")

    assert plan.ok
    assert [o.action for o in plan.outcomes if o.action in ("create", "update")] == []


def test_a_correction_to_data_loaded_from_the_fixture_is_logged(edition_2022):
    award = Award.objects.get(award_list__slug="top-cases", position=1)
    award._change_reason = "等级补录"
    award.level = "一等奖"

    award.save()

    assert _log(edition_2022) == [
        ("level", "2022年新媒体十佳案例", f"{award.case.title}(成都发布)", "", "一等奖", "等级补录")
    ]
