"""Service functions: publication, next edition, ordering, withdrawals, merges, restores."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards import services
from awards.models import Award, AwardList, Case, Edition, Nominee
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    CaseFactory,
    EditionFactory,
    NomineeFactory,
)

pytestmark = pytest.mark.django_db


def _positions(award_list):
    return list(award_list.awards.order_by("position").values_list("nominee__name", "position"))


# --- Publication ------------------------------------------------------------------------


def test_publish_edition_makes_draft_public():
    edition = EditionFactory(draft=True)

    services.publish_edition(edition=edition)

    edition.refresh_from_db()
    assert edition.status == "published"
    assert list(Edition.objects.published()) == [edition]


def test_publish_edition_records_history_with_reason():
    edition = EditionFactory(draft=True)

    services.publish_edition(edition=edition)

    latest = edition.history.latest()
    assert (latest.history_type, latest.history_change_reason) == ("~", "立即发布")


def test_publish_edition_keeps_moment_of_published_edition():
    edition = EditionFactory()
    moment = edition.published_at

    services.publish_edition(edition=edition)

    edition.refresh_from_db()
    assert edition.published_at == moment
    assert edition.history.count() == 1


def test_publish_edition_brings_scheduled_edition_forward():
    edition = EditionFactory(published_at=timezone.now() + datetime.timedelta(days=1))

    services.publish_edition(edition=edition)

    edition.refresh_from_db()
    assert edition.status == "published"


def test_schedule_edition_hides_until_moment():
    edition = EditionFactory(draft=True)
    at = timezone.now() + datetime.timedelta(hours=2)

    services.schedule_edition(edition=edition, at=at)

    edition.refresh_from_db()
    assert edition.status == "scheduled"
    assert list(Edition.objects.published()) == []
    assert list(Edition.objects.published(now=at + datetime.timedelta(seconds=1))) == [edition]


def test_schedule_edition_refuses_past_moment():
    edition = EditionFactory(draft=True)

    with pytest.raises(ValidationError) as error:
        services.schedule_edition(edition=edition, at=timezone.now() - datetime.timedelta(1))

    assert error.value.messages == ["定时发布的时间必须在将来;要马上发布,请用“立即发布”。"]
    edition.refresh_from_db()
    assert edition.published_at is None


def test_unpublish_edition_returns_to_draft():
    edition = EditionFactory()

    services.unpublish_edition(edition=edition)

    edition.refresh_from_db()
    assert (edition.status, list(Edition.objects.published())) == ("draft", [])


# --- Consistency ------------------------------------------------------------------------


def test_edition_problems_lists_short_lists_repeats_and_bare_cases():
    edition = EditionFactory(draft=True)
    short = AwardListFactory(edition=edition, name="十佳账号", announced_count=3)
    other = AwardListFactory(edition=edition, name="优秀账号")
    twice = NomineeFactory(name="成都发布")
    AwardFactory(award_list=short, nominee=twice, position=1)
    AwardFactory(award_list=other, nominee=twice, position=1)
    case_list = AwardListFactory(edition=edition, cases=True, name="十佳案例")
    CaseAwardFactory(award_list=case_list, case=CaseFactory(title="无简介案例", summary=""))

    problems = [p.message for p in services.edition_problems(edition=edition)]

    assert problems == [
        "「十佳账号」已录入 1 项,公布数量为 3 项。",
        "「成都发布」出现在本届 2 个获奖名单中,请确认不是重复录入。",
        "案例「无简介案例」还没有简介。",
    ]


def test_edition_problems_empty_when_complete():
    edition = EditionFactory()
    award_list = AwardListFactory(edition=edition, announced_count=1)
    AwardFactory(award_list=award_list)

    assert services.edition_problems(edition=edition) == []


def test_edition_problems_count_withdrawn_awards_as_recorded():
    # A withdrawn award stays part of the record: a list of 1 with it withdrawn is complete.
    award_list = AwardListFactory(announced_count=1, name="十佳账号")
    award = AwardFactory(award_list=award_list)
    services.withdraw_award(award=award, reason="违规")

    problems = [p.message for p in services.edition_problems(edition=award_list.edition)]

    assert problems == []


def test_edition_problems_query_count_does_not_grow(django_assert_num_queries):
    small, large = EditionFactory(), EditionFactory()
    AwardFactory(award_list=AwardListFactory(edition=small, announced_count=5))
    for _ in range(4):
        award_list = AwardListFactory(edition=large, announced_count=5)
        for position in range(1, 4):
            AwardFactory(award_list=award_list, position=position)

    with django_assert_num_queries(3):
        services.edition_problems(edition=small)
    with django_assert_num_queries(3):
        services.edition_problems(edition=large)


# --- Next edition -----------------------------------------------------------------------


def test_create_next_edition_copies_lists_as_draft_without_awards():
    edition = EditionFactory(year=2022, name="2022成都市政务新媒体峰会")
    award_list = AwardListFactory(
        edition=edition, name="2022年十佳政务新媒体", slug="top-2022", announced_count=10
    )
    AwardListFactory(edition=edition, name="十佳案例", slug="top-cases", cases=True)
    AwardFactory(award_list=award_list)

    successor = services.create_next_edition(edition=edition)

    assert (successor.year, successor.name, successor.status) == (
        2023,
        "2023成都市政务新媒体峰会",
        "draft",
    )
    assert successor.held_on == datetime.date(2023, 12, 15)
    assert list(
        successor.award_lists.order_by("position").values_list(
            "name", "slug", "kind", "announced_count"
        )
    ) == [
        ("2023年十佳政务新媒体", "top-2023", "nominees", 10),
        ("十佳案例", "top-cases", "cases", None),
    ]
    assert Award.objects.filter(award_list__edition=successor).count() == 0


def test_create_next_edition_from_2022_keeps_organizers_not_the_source(edition_2022):
    successor = services.create_next_edition(edition=edition_2022)

    copied = ("guided_by", "hosted_by", "organized_by", "venue")
    assert [getattr(successor, f) for f in copied] == [getattr(edition_2022, f) for f in copied]
    # The source article and summary describe 2022 only.
    assert (successor.summary, successor.source_title, successor.source_url) == ("", "", "")
    assert successor.award_lists.count() == edition_2022.award_lists.count() == 5


def test_create_next_edition_refuses_existing_year():
    edition = EditionFactory(year=2040)
    EditionFactory(year=2041)

    with pytest.raises(ValidationError) as error:
        services.create_next_edition(edition=edition)

    assert error.value.messages == ["2041 年的届次已经存在。"]


# --- Ordering ---------------------------------------------------------------------------


def _three_awards():
    award_list = AwardListFactory()
    awards = [
        AwardFactory(award_list=award_list, position=p, nominee=NomineeFactory(name=name))
        for p, name in ((1, "甲"), (2, "乙"), (3, "丙"))
    ]
    return award_list, awards


def test_reorder_awards_renumbers_without_unique_clash():
    award_list, (a, b, c) = _three_awards()

    services.reorder_awards(award_list=award_list, award_ids=[c.pk, a.pk, b.pk])

    assert _positions(award_list) == [("丙", 1), ("甲", 2), ("乙", 3)]


def test_reorder_awards_refuses_foreign_or_missing_ids():
    award_list, (a, b, _c) = _three_awards()

    with pytest.raises(ValidationError):
        services.reorder_awards(award_list=award_list, award_ids=[b.pk, a.pk])

    assert _positions(award_list) == [("甲", 1), ("乙", 2), ("丙", 3)]


def test_move_award_up_swaps_with_previous():
    award_list, (_a, _b, c) = _three_awards()

    services.move_award(award=c, offset=-1)

    assert _positions(award_list) == [("甲", 1), ("丙", 2), ("乙", 3)]


def test_move_award_at_top_stays():
    award_list, (a, _b, _c) = _three_awards()

    services.move_award(award=a, offset=-1)

    assert _positions(award_list) == [("甲", 1), ("乙", 2), ("丙", 3)]


def test_move_award_closes_gaps_in_positions():
    award_list = AwardListFactory()
    first = AwardFactory(award_list=award_list, position=5, nominee=NomineeFactory(name="甲"))
    AwardFactory(award_list=award_list, position=9, nominee=NomineeFactory(name="乙"))

    services.move_award(award=first, offset=1)

    assert _positions(award_list) == [("乙", 1), ("甲", 2)]


# --- Withdrawals ------------------------------------------------------------------------


def test_withdraw_award_keeps_record_with_reason():
    award = AwardFactory()

    services.withdraw_award(award=award, reason="  经核查不符合评选条件 ")

    award.refresh_from_db()
    assert award.withdrawal_reason == "经核查不符合评选条件"
    assert award.withdrawn_at is not None
    assert list(Award.objects.current()) == []
    assert list(Award.objects.withdrawn()) == [award]


def test_withdraw_award_refuses_blank_reason():
    award = AwardFactory()

    with pytest.raises(ValidationError) as error:
        services.withdraw_award(award=award, reason="   ")

    assert error.value.message_dict == {"withdrawal_reason": ["撤销奖项时必须填写原因。"]}
    award.refresh_from_db()
    assert award.withdrawn_at is None


def test_reinstate_award_clears_withdrawal_and_keeps_history():
    award = AwardFactory()
    services.withdraw_award(award=award, reason="误报")

    services.reinstate_award(award=award)

    award.refresh_from_db()
    assert (award.withdrawn_at, award.withdrawal_reason) == (None, "")
    reasons = list(award.history.order_by("history_date").values_list("history_change_reason"))
    assert reasons == [(None,), ("误报",), ("恢复奖项",)]


def test_awards_may_tie_on_rank():
    award_list = AwardListFactory()

    AwardFactory(award_list=award_list, position=1, rank=3)
    AwardFactory(award_list=award_list, position=2, rank=3)

    assert list(award_list.awards.values_list("rank", flat=True)) == [3, 3]


# --- Merging nominees -------------------------------------------------------------------


def test_merge_nominees_moves_awards_cases_and_records_aliases():
    keep = NomineeFactory(name="成都发布", aliases=["成都市政府新闻办"])
    duplicate = NomineeFactory(name="成都发布 ", kind=Nominee.Kind.ACCOUNT)
    duplicate.name = "成都发布微博"
    duplicate.aliases = ["@成都发布"]
    duplicate.save()
    award = AwardFactory(nominee=duplicate)
    case_award = CaseAwardFactory(case=CaseFactory(nominee=duplicate, title="雪山下的公园城市"))

    services.merge_nominees(keep=keep, duplicates=[duplicate])

    keep.refresh_from_db()
    assert keep.aliases == ["成都市政府新闻办", "成都发布微博", "@成都发布"]
    assert not Nominee.objects.filter(pk=duplicate.pk).exists()
    assert Award.objects.get(pk=award.pk).nominee == keep
    assert Award.objects.get(pk=case_award.pk).nominee == keep
    assert Case.objects.get(pk=case_award.case_id).nominee == keep


def test_merge_nominees_records_history_of_moved_awards():
    keep, duplicate = NomineeFactory(name="成都发布"), NomineeFactory(name="成都发布2")
    case_award = CaseAwardFactory(case=CaseFactory(nominee=duplicate))

    services.merge_nominees(keep=keep, duplicates=[duplicate])

    latest = Award.history.filter(id=case_award.pk).latest()
    assert (latest.nominee_id, latest.history_change_reason) == (keep.pk, "合并「成都发布2」")


def test_merge_nominees_refuses_when_both_in_same_list():
    award_list = AwardListFactory(name="十佳账号")
    keep, duplicate = NomineeFactory(name="甲"), NomineeFactory(name="乙")
    AwardFactory(award_list=award_list, nominee=keep, position=1)
    AwardFactory(award_list=award_list, nominee=duplicate, position=2)

    with pytest.raises(ValidationError) as error:
        services.merge_nominees(keep=keep, duplicates=[duplicate])

    year = award_list.edition.year
    assert error.value.messages == [
        f"无法合并:它们同时出现在 {year}「十佳账号」 中,合并后同一榜单会有重复的获奖对象。"
    ]
    assert Nominee.objects.filter(pk=duplicate.pk).exists()
    assert award_list.awards.filter(nominee=duplicate).count() == 1


def test_merge_nominees_refuses_same_case_title_and_changes_nothing():
    keep, duplicate = NomineeFactory(name="甲"), NomineeFactory(name="乙")
    CaseFactory(nominee=keep, title="同名案例")
    moved = CaseFactory(nominee=duplicate, title="同名案例")

    with pytest.raises(ValidationError) as error:
        services.merge_nominees(keep=keep, duplicates=[duplicate])

    assert error.value.messages == [
        "无法合并:它们都有标题为「同名案例」的案例,请先合并或改名这些案例。"
    ]
    assert Case.objects.get(pk=moved.pk).nominee == duplicate
    assert Nominee.objects.get(pk=keep.pk).aliases == []


def test_merge_nominees_refuses_without_duplicates():
    keep = NomineeFactory()

    with pytest.raises(ValidationError):
        services.merge_nominees(keep=keep, duplicates=[keep])


# --- Restoring --------------------------------------------------------------------------


def _snapshot(award_list_pk):
    award_list = AwardList.objects.get(pk=award_list_pk)
    awards = list(
        Award.objects.filter(award_list_id=award_list_pk)
        .order_by("position")
        .values(
            "pk",
            "position",
            "nominee_id",
            "case_id",
            "rank",
            "level",
            "withdrawn_at",
            "withdrawal_reason",
        )
    )
    fields = ("pk", "edition_id", "name", "slug", "position", "kind", "announced_count")
    return {f: getattr(award_list, f) for f in fields}, awards


def test_restore_deleted_award_list_brings_back_exact_awards():
    award_list = AwardListFactory(announced_count=4, description="说明")
    AwardFactory(award_list=award_list, position=1, rank=1, level="一等奖")
    AwardFactory(award_list=award_list, position=2, rank=1, level="一等奖")
    withdrawn = AwardFactory(award_list=award_list, position=3)
    services.withdraw_award(award=withdrawn, reason="违规")
    before = _snapshot(award_list.pk)
    pk = award_list.pk

    award_list.delete()
    assert not Award.objects.filter(award_list_id=pk).exists()
    services.restore_deleted(model=AwardList, pk=pk)

    assert _snapshot(pk) == before


def test_restore_deleted_award_list_leaves_earlier_single_deletion_alone():
    award_list = AwardListFactory()
    AwardFactory(award_list=award_list, position=1)
    earlier = AwardFactory(award_list=award_list, position=2)
    earlier_pk = earlier.pk
    earlier.delete()
    Award.history.filter(id=earlier_pk, history_type="-").update(
        history_date=timezone.now() - datetime.timedelta(hours=1)
    )
    pk = award_list.pk
    award_list.delete()

    services.restore_deleted(model=AwardList, pk=pk)

    assert list(Award.objects.filter(award_list_id=pk).values_list("position", flat=True)) == [1]


def test_restore_deleted_edition_restores_lists_and_awards():
    edition = EditionFactory()
    award_list = AwardListFactory(edition=edition)
    AwardFactory(award_list=award_list)
    before = _snapshot(award_list.pk)
    pk = edition.pk

    edition.delete()
    services.restore_deleted(model=Edition, pk=pk)

    assert Edition.objects.filter(pk=pk).exists()
    assert _snapshot(award_list.pk) == before


def test_restore_deleted_nominee_keeps_slug():
    nominee = NomineeFactory(name="锦观新闻", aliases=["锦观"])
    pk, slug = nominee.pk, nominee.slug
    nominee.delete()

    restored = services.restore_deleted(model=Nominee, pk=pk)

    assert (restored.pk, restored.slug, Nominee.objects.get(pk=pk).aliases) == (pk, slug, ["锦观"])


def test_restore_deleted_award_refuses_when_position_taken():
    award_list = AwardListFactory(name="十佳账号")
    award = AwardFactory(award_list=award_list, position=1, nominee__name="成都发布")
    pk = award.pk
    award.delete()
    AwardFactory(award_list=award_list, position=1, nominee__name="锦观新闻")

    with pytest.raises(ValidationError) as error:
        services.restore_deleted(model=Award, pk=pk)

    assert error.value.messages == [
        f"无法恢复{award_list.edition.year} 届「十佳账号」第 1 项(「成都发布」):"
        "这个位置现在是「锦观新闻」。请先在榜单页面把「锦观新闻」移到别的位置,再恢复。"
    ]
    assert not Award.objects.filter(pk=pk).exists()


def test_restore_deleted_award_refuses_when_list_is_gone():
    award = AwardFactory()
    pk = award.pk
    award.delete()
    award.award_list.delete()

    with pytest.raises(ValidationError) as error:
        services.restore_deleted(model=Award, pk=pk)

    assert error.value.messages == [
        "无法恢复「第 1 项奖项」:它所属的榜单已被删除,请先恢复榜单。".replace(
            "第 1 项", f"第 {award.position} 项"
        )
    ]


def test_restore_deleted_refuses_object_that_exists():
    nominee = NomineeFactory()

    with pytest.raises(ValidationError) as error:
        services.restore_deleted(model=Nominee, pk=nominee.pk)

    assert error.value.messages == ["没有找到这条已删除的记录,或者它已经恢复。"]


# --- Re-crediting a case ----------------------------------------------------------------


def test_recredit_case_moves_its_awards_and_records_history():
    case_award = CaseAwardFactory()
    other = NomineeFactory(name="锦观新闻")

    services.recredit_case(case=case_award.case, nominee=other)

    assert Award.objects.get(pk=case_award.pk).nominee == other
    latest = Award.history.filter(id=case_award.pk).latest()
    assert (latest.nominee_id, latest.history_change_reason) == (other.pk, "案例改署「锦观新闻」")


def test_recredit_case_refuses_when_new_nominee_already_in_list():
    case_award = CaseAwardFactory(position=1)
    other_case = CaseFactory(title="另一个案例")
    CaseAwardFactory(award_list=case_award.award_list, case=other_case, position=2)

    with pytest.raises(ValidationError) as error:
        services.recredit_case(case=case_award.case, nominee=other_case.nominee)

    assert error.value.message_dict == {
        "nominee": [
            f"「{other_case.nominee.name}」已在「{case_award.award_list.name}」中获奖,"
            "这个案例的奖项不能转到它名下。"
        ]
    }
    assert Case.objects.get(pk=case_award.case_id).nominee == case_award.nominee
