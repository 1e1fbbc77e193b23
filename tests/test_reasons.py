"""The 修改原因 rule: which records touch a published edition, and how a reason is stored."""

import pytest

from awards.models import Nominee
from awards.reasons import REASON_MAX_LENGTH, clip_reason, touches_published_edition
from tests.factories import AwardFactory, CaseAwardFactory, EditionFactory, NomineeFactory


def test_clip_reason_keeps_a_short_reason_and_marks_a_cut_one():
    short, long = "更正笔误", "原" * (REASON_MAX_LENGTH + 5)

    clipped = clip_reason(long)

    assert clip_reason(short) == short
    assert clipped == "原" * (REASON_MAX_LENGTH - 1) + "…"
    assert len(clipped) == REASON_MAX_LENGTH


@pytest.mark.django_db
def test_records_of_a_published_edition_touch_it_and_a_draft_s_do_not():
    public = CaseAwardFactory(award_list__edition=EditionFactory(year=2040))
    draft = CaseAwardFactory(award_list__edition=EditionFactory(year=2041, draft=True))

    def touches(award):
        records = [award, award.award_list, award.award_list.edition, award.nominee, award.case]
        return [touches_published_edition(record) for record in records]

    assert touches(public) == [True] * 5
    assert touches(draft) == [False] * 5


@pytest.mark.django_db
def test_nominees_touch_a_published_edition_when_one_of_them_is_shown():
    shown = AwardFactory(award_list__edition=EditionFactory(year=2042)).nominee
    unshown = NomineeFactory()

    assert touches_published_edition(Nominee.objects.filter(pk__in=[shown.pk, unshown.pk]))
    assert not touches_published_edition(Nominee.objects.filter(pk=unshown.pk))
    assert not touches_published_edition(Nominee(name="新的"))
