"""Every data rule, both paths: the database refuses it, and full_clean() explains it."""

import datetime
import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from awards.models import Award, AwardList, Case, Edition, Nominee
from awards.pinyin import pinyin_slug
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    CaseFactory,
    EditionFactory,
    NomineeFactory,
)

pytestmark = pytest.mark.django_db


def _refused_by_database(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def _clean_errors(instance) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


# --- Edition ------------------------------------------------------------------------


def test_edition_year_unique_in_database():
    EditionFactory(year=2022)

    _refused_by_database(
        lambda: Edition.objects.create(year=2022, name="重复", held_on=datetime.date(2022, 1, 1))
    )


def test_edition_year_unique_in_clean():
    EditionFactory(year=2022)
    duplicate = Edition(year=2022, name="重复", held_on=datetime.date(2022, 1, 1))

    errors = _clean_errors(duplicate)

    assert list(errors) == ["year"]


def test_edition_implausible_year_refused_by_database():
    _refused_by_database(
        lambda: Edition.objects.create(year=22, name="笔误", held_on=datetime.date(2022, 1, 1))
    )


def test_edition_implausible_year_refused_by_clean():
    edition = Edition(year=22, name="笔误", held_on=datetime.date(2022, 1, 1))

    errors = _clean_errors(edition)

    assert list(errors) == ["year"]


@pytest.mark.parametrize(
    ("published_at", "status"),
    [
        (None, "draft"),
        (timezone.now() + datetime.timedelta(days=1), "scheduled"),
        (timezone.now() - datetime.timedelta(seconds=1), "published"),
    ],
)
def test_edition_status_follows_published_at(published_at, status):
    edition = Edition(year=2030, published_at=published_at)

    assert edition.status == status


def test_published_editions_exclude_drafts_and_scheduled():
    EditionFactory(year=2021)
    EditionFactory(year=2022, draft=True)
    EditionFactory(year=2023, published_at=timezone.now() + datetime.timedelta(hours=1))

    years = list(Edition.objects.published().values_list("year", flat=True))

    assert years == [2021]


# --- AwardList ----------------------------------------------------------------------


def test_award_list_slug_unique_within_edition_in_database():
    existing = AwardListFactory(slug="top-cases")

    _refused_by_database(
        lambda: AwardList.objects.create(edition=existing.edition, name="另一个", slug="top-cases")
    )


def test_award_list_same_slug_allowed_in_another_edition():
    AwardListFactory(slug="top-cases", edition=EditionFactory(year=2022))

    other = AwardListFactory(slug="top-cases", edition=EditionFactory(year=2023))

    assert other.pk is not None


def test_award_list_slug_unique_within_edition_in_clean():
    existing = AwardListFactory(slug="top-cases")
    duplicate = AwardList(edition=existing.edition, name="另一个", slug="top-cases", position=9)

    errors = _clean_errors(duplicate)

    assert list(errors) == ["__all__"]


def test_award_list_unknown_kind_refused_by_database():
    _refused_by_database(lambda: AwardListFactory(kind="prizes"))


def test_award_list_kind_change_under_awards_refused_by_database():
    award = AwardFactory()

    _refused_by_database(
        lambda: AwardList.objects.filter(pk=award.award_list_id).update(kind="cases")
    )


# --- Nominee ------------------------------------------------------------------------


def test_nominee_name_unique_in_database():
    NomineeFactory(name="成都发布")

    _refused_by_database(lambda: Nominee.objects.create(name="成都发布", kind="account"))


def test_nominee_name_unique_in_clean():
    NomineeFactory(name="成都发布")

    errors = _clean_errors(Nominee(name="成都发布", kind="account"))

    assert list(errors) == ["name"]


def test_nominee_unknown_kind_refused_by_database():
    _refused_by_database(lambda: Nominee.objects.create(name="某账号", kind="robot"))


def test_nominee_unknown_kind_refused_by_clean():
    errors = _clean_errors(Nominee(name="某账号", kind="robot"))

    assert list(errors) == ["kind"]


def test_nominee_slug_is_pinyin():
    nominee = NomineeFactory(name="成都发布")

    assert nominee.slug == "chengdu-fabu"


def test_nominee_slug_collision_gets_a_suffix():
    NomineeFactory(name="成都发布")

    homophone = NomineeFactory(name="成都發布")

    assert homophone.slug == "chengdu-fabu-2"


def test_nominee_slug_survives_a_rename():
    nominee = NomineeFactory(name="成都发布")

    nominee.name = "成都发布官微"
    nominee.save()
    nominee.refresh_from_db()

    assert nominee.slug == "chengdu-fabu"


def test_nominee_refresh_derived_gives_what_save_stores():
    saved = NomineeFactory(name="成都发布", aliases=["成都发布微博"])
    unsaved = Nominee(name="成都发布", aliases=["成都发布微博"])

    unsaved.refresh_derived()

    assert (unsaved.search_text, unsaved.sort_key) == (saved.search_text, saved.sort_key)
    assert saved.sort_key == "chengdufabu"


@pytest.mark.parametrize("year", [1989, 2201])
def test_review_year_outside_the_plausible_years_refused_by_clean(year):
    award_list = AwardListFactory.build(edition=EditionFactory(year=2022), review_year=year)

    with pytest.raises(ValidationError) as caught:
        award_list.full_clean()

    assert list(caught.value.message_dict) == ["review_year"]


def test_nominee_slug_of_latin_name_is_readable():
    nominee = NomineeFactory(name="王大山Sanmei")

    assert nominee.slug == "wang-dashan-sanmei"


def test_nominee_slug_follows_words_of_a_traditional_name():
    nominee = NomineeFactory(name="甘肅省衛生計生委")

    assert nominee.slug == "gansu-sheng-weisheng-jishengwei"


def _fixture_slugs(model: str) -> dict:
    records = json.loads((settings.BASE_DIR / "fixtures" / "summit_2022.json").read_text())
    return {
        r["fields"]["name"]: r["fields"]["slug"] for r in records if r["model"] == f"awards.{model}"
    }


def test_fixture_slugs_never_change_on_load_or_save(edition_2022):
    for row in [*Nominee.objects.all(), *AwardList.objects.all()]:
        row.save()

    nominee_slugs = dict(Nominee.objects.values_list("name", "slug"))
    list_slugs = dict(AwardList.objects.values_list("name", "slug"))
    assert (nominee_slugs, list_slugs) == (_fixture_slugs("nominee"), _fixture_slugs("awardlist"))


def test_saved_slug_never_follows_the_rule(edition_2022):
    nominee = Nominee.objects.get(name="微成都")
    Nominee.objects.filter(pk=nominee.pk).update(slug="weicheng-du")  # minted by an older rule

    nominee.refresh_from_db()
    nominee.save()
    nominee.refresh_from_db()

    assert (nominee.slug, pinyin_slug("微成都")) == ("weicheng-du", "weichengdu")


def test_nominee_clean_trims_names_and_aliases():
    nominee = Nominee(name="\u3000成都发布 ", kind="account", aliases=[" 成都发布微博\u3000", ""])

    nominee.full_clean()

    assert (nominee.name, nominee.aliases) == ("成都发布", ["成都发布微博"])


def test_nominee_clean_rejects_a_bad_link():
    nominee = Nominee(name="成都发布", kind="account", links=["javascript:alert(1)"])

    errors = _clean_errors(nominee)

    assert list(errors) == ["links"]


@pytest.mark.parametrize("query", ["成都", "chengdu fabu", "chengdufabu", "cdfb", "CDFB", "微博"])
def test_nominee_search_matches_name_pinyin_initials_and_aliases(query):
    NomineeFactory(name="成都发布", aliases=["成都发布微博"])
    NomineeFactory(name="锦观新闻")

    names = list(Nominee.objects.search(query).values_list("name", flat=True))

    assert names == ["成都发布"]


# --- Case ---------------------------------------------------------------------------


def test_case_title_unique_per_nominee_in_database():
    case = CaseFactory()

    _refused_by_database(lambda: Case.objects.create(nominee=case.nominee, title=case.title))


def test_case_title_unique_per_nominee_in_clean():
    case = CaseFactory()

    errors = _clean_errors(Case(nominee=case.nominee, title=case.title))

    assert list(errors) == ["__all__"]


# --- Award --------------------------------------------------------------------------


def test_award_position_unique_in_list_in_database():
    award = AwardFactory()

    _refused_by_database(lambda: AwardFactory(award_list=award.award_list, position=award.position))


def test_award_position_unique_in_list_in_clean():
    award = AwardFactory()
    duplicate = Award(
        award_list=award.award_list, position=award.position, nominee=NomineeFactory()
    )

    errors = _clean_errors(duplicate)

    assert list(errors) == ["__all__"]


def test_award_nominee_once_per_list_in_database():
    award = AwardFactory()

    _refused_by_database(
        lambda: AwardFactory(award_list=award.award_list, nominee=award.nominee, position=99)
    )


def test_award_nominee_once_per_list_in_clean():
    award = AwardFactory()
    duplicate = Award(award_list=award.award_list, nominee=award.nominee, position=99)

    errors = _clean_errors(duplicate)

    assert list(errors) == ["__all__"]


def test_award_case_once_per_list_in_database():
    award = CaseAwardFactory()

    _refused_by_database(
        lambda: Award.objects.create(
            award_list=award.award_list, nominee=award.nominee, case=award.case, position=99
        )
    )


def test_award_case_list_without_case_refused_by_database():
    award_list = AwardListFactory(cases=True)

    _refused_by_database(lambda: AwardFactory(award_list=award_list, case=None))


def test_award_case_list_without_case_refused_by_clean():
    award = Award(award_list=AwardListFactory(cases=True), nominee=NomineeFactory(), position=1)

    errors = _clean_errors(award)

    assert errors == {"case": ["案例榜单中的每个奖项都必须指定案例。"]}


def test_award_nominee_list_with_case_refused_by_database():
    case = CaseFactory()

    _refused_by_database(lambda: AwardFactory(nominee=case.nominee, case=case))


def test_award_nominee_list_with_case_refused_by_clean():
    case = CaseFactory()
    award = Award(award_list=AwardListFactory(), nominee=case.nominee, case=case, position=1)

    errors = _clean_errors(award)

    assert errors == {"case": ["这是获奖名单,奖项不能指定案例。"]}


def test_award_case_of_another_nominee_refused_by_database():
    case = CaseFactory()
    award_list = AwardListFactory(cases=True)

    _refused_by_database(
        lambda: Award.objects.create(
            award_list=award_list, nominee=NomineeFactory(), case=case, position=1
        )
    )


def test_award_case_of_another_nominee_refused_by_clean():
    case = CaseFactory(nominee=NomineeFactory(name="市体育局"), title="运动让生活更美好")
    award = Award(
        award_list=AwardListFactory(cases=True),
        nominee=NomineeFactory(name="成都发布"),
        case=case,
        position=1,
    )

    errors = _clean_errors(award)

    assert errors == {"case": ["案例「运动让生活更美好」属于「市体育局」,与获奖对象不一致。"]}


def test_award_case_recredited_carries_its_awards_along():
    award = CaseAwardFactory()
    new_owner = NomineeFactory()

    Case.objects.filter(pk=award.case_id).update(nominee=new_owner)
    award.refresh_from_db()

    assert award.nominee_id == new_owner.pk


def test_award_withdrawn_without_reason_refused_by_database():
    award = AwardFactory()

    _refused_by_database(
        lambda: Award.objects.filter(pk=award.pk).update(withdrawn_at=timezone.now())
    )


def test_award_withdrawn_without_reason_refused_by_clean():
    award = AwardFactory()
    award.withdrawn_at = timezone.now()

    errors = _clean_errors(award)

    assert errors == {"withdrawal_reason": ["撤销奖项时必须填写原因。"]}


def test_award_rank_zero_refused_by_database():
    _refused_by_database(lambda: AwardFactory(rank=0))


def test_award_ranks_may_tie():
    first = AwardFactory(rank=3)

    tied = AwardFactory(award_list=first.award_list, rank=3)

    assert (first.rank, tied.rank) == (3, 3)


def test_award_rank_zero_refused_by_clean():
    award = AwardFactory()
    award.rank = 0

    errors = _clean_errors(award)

    assert list(errors) == ["__all__"]
