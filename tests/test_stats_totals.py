"""The statistics totals stay equal to a fresh count after every kind of write (issue 21).

/stats/ reads totals kept by database triggers (awards/stats/models.py) instead of
aggregating every award. Each test makes one kind of write through the code path the site
uses and then compares the kept totals, and the archive figures built from them, with a
count made from the awards at that moment. Runs on SQLite and PostgreSQL alike (their
triggers differ: row triggers there, statement triggers with transition tables here).
"""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from awards.importing import services as importing
from awards.importing import workbook
from awards.models import Award, AwardList, Edition, Nominee
from awards.services import awards as award_services
from awards.services import editions as edition_services
from awards.services import nominees as nominee_services
from awards.stats import figures, totals
from awards.stats.models import NomineeTotal
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    EditionFactory,
    NomineeFactory,
)
from tests.test_import_workbook import wipe

pytestmark = pytest.mark.django_db


def _shown(summary):
    return (
        [
            (r["year"], r["lists"], r["awards"], r["winners"], r["new"], r["returning"])
            for r in summary.over_time
        ],
        [(k["kind"], k["awards"], k["winners"]) for k in summary.kinds],
        [(n.pk, n.total, n.rank, n.editions) for n in summary.top],
    )


def assert_exact():
    """Kept totals equal a fresh count, and so do the public figures built from them."""
    assert totals.differences() == []
    assert _shown(figures.aggregate_archive_summary()) == _shown(figures.recount_archive_summary())


@pytest.fixture
def archive():
    """Three published editions and a draft; some winners win in more than one."""
    editions = [EditionFactory(year=year) for year in (2041, 2042, 2043)]
    draft = EditionFactory(year=2044, draft=True)
    nominees = [NomineeFactory(kind=kind) for kind in ("account", "media", "organization") * 2]
    lists = {e.year: [AwardListFactory(edition=e) for _ in range(2)] for e in [*editions, draft]}
    for n, nominee in enumerate(nominees):
        for year in (2041, 2042, 2043, 2044)[n % 3 :]:
            AwardFactory(award_list=lists[year][n % 2], nominee=nominee)
    return {"lists": lists, "nominees": nominees, "draft": draft}


def test_creating_awards_one_by_one_keeps_the_totals(archive):
    assert_exact()

    assert totals.kept() != ({}, {})


def test_saving_an_award_onto_another_winner_or_list_keeps_the_totals(archive):
    award = Award.objects.filter(award_list__edition__year=2042).first()
    award.nominee = NomineeFactory(kind="self_media")
    award.save()
    assert_exact()

    award.award_list = archive["lists"][2041][0]
    award.save()

    assert_exact()


def test_deleting_awards_lists_and_editions_keeps_the_totals(archive):
    Award.objects.filter(award_list__edition__year=2043).first().delete()
    assert_exact()
    archive["lists"][2042][0].delete()
    assert_exact()

    Edition.objects.get(year=2041).delete()

    assert_exact()
    assert not NomineeTotal.objects.filter(first_year=2041).exists()


def test_withdrawing_and_reinstating_keeps_the_totals(archive):
    award = Award.objects.filter(award_list__edition__year=2041).first()

    award_services.withdraw_award(award=award, reason="违规")
    assert_exact()
    award_services.reinstate_award(award=award)
    assert_exact()
    # A bulk write: every award of an edition withdrawn by one UPDATE statement.
    Award.objects.filter(award_list__edition__year=2042).update(
        withdrawn_at=timezone.now(), withdrawal_reason="违规"
    )

    assert_exact()


def test_publishing_unpublishing_and_scheduling_show_only_public_editions(archive):
    edition = Edition.objects.get(year=2042)
    edition_services.unpublish_edition(edition=edition)
    hidden = figures.aggregate_archive_summary()
    assert_exact()

    edition_services.publish_edition(edition=archive["draft"])
    assert_exact()
    edition_services.schedule_edition(
        edition=edition, at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert_exact()

    assert [row["year"] for row in hidden.over_time] == [2041, 2043]
    assert [row["year"] for row in figures.aggregate_archive_summary().over_time] == [
        2041,
        2043,
        2044,
    ]


def test_a_scheduled_edition_counts_from_its_moment_without_any_write(archive):
    moment = timezone.now() + datetime.timedelta(hours=1)
    Edition.objects.filter(pk=archive["draft"].pk).update(published_at=moment)
    before = figures.aggregate_archive_summary()

    Edition.objects.filter(pk=archive["draft"].pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert 2044 not in [row["year"] for row in before.over_time]
    assert [row["year"] for row in figures.aggregate_archive_summary().over_time][-1] == 2044
    assert_exact()


def test_merging_nominees_keeps_the_totals(archive):
    keep, duplicate = archive["nominees"][0], archive["nominees"][1]

    nominee_services.merge_nominees(keep=keep, duplicates=[duplicate], reason="同一账号")

    assert_exact()
    assert not NomineeTotal.objects.filter(nominee_id=duplicate.pk).exists()


def test_recrediting_a_case_keeps_the_totals():
    award = CaseAwardFactory(award_list=AwardListFactory(edition=EditionFactory(), kind="cases"))
    other = NomineeFactory()

    award_services.recredit_case(case=award.case, nominee=other)

    assert_exact()
    assert NomineeTotal.objects.filter(nominee_id=other.pk).exists()


def test_renumbering_moving_and_reclassifying_keeps_the_totals(archive):
    Edition.objects.filter(year=2041).update(year=2049)
    assert_exact()
    AwardList.objects.filter(pk=archive["lists"][2042][0].pk).update(
        edition=Edition.objects.get(year=2043)
    )
    assert_exact()

    Nominee.objects.filter(pk=archive["nominees"][0].pk).update(kind="self_media")

    assert_exact()


def test_importing_a_workbook_and_its_correction_keeps_the_totals(edition_2022):
    data = workbook.export_workbook(edition_2022)
    wipe()
    assert totals.kept() == ({}, {})
    user = importing_user()

    importing.apply_import(data, "x.xlsx", user=user)
    assert_exact()
    # A correction: one award's winner replaced by a new nominee, imported over the record.
    award = Award.objects.filter(case__isnull=True).order_by("pk").first()
    award.nominee = NomineeFactory(kind=award.nominee.kind, name="更正后的获奖者")
    award.save()
    corrected = workbook.export_workbook(Edition.objects.get(year=2022))
    Award.objects.filter(pk=award.pk).delete()
    importing.apply_import(corrected, "x.xlsx", user=user)

    assert_exact()
    assert totals.kept()[0] == totals.counted()[0] != {}


def importing_user():
    from django.contrib.auth.models import User

    return User.objects.create_user("importer", is_staff=True)


def test_the_fixture_load_and_the_command_agree(edition_2022):
    assert_exact()

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM stats_nomineetotal")
    assert totals.differences() != []
    call_command("stats_totals", "--rebuild", verbosity=0)

    assert_exact()


def test_the_check_command_fails_on_totals_that_differ(edition_2022):
    NomineeTotal.objects.filter(pk=NomineeTotal.objects.first().pk).update(awards=99)

    with pytest.raises(CommandError, match="stats_totals --rebuild"):
        call_command("stats_totals", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_of_one_winner_keep_the_totals_exact():
    """Two transactions give one winner an award at once, in two editions. On PostgreSQL
    each counts from its own snapshot, so the second waits for the first's commit (the
    advisory lock); without it, the second would recount the winner without the first's
    award (or collide with its row). SQLite writers never overlap."""
    import threading

    first = AwardListFactory(edition=EditionFactory())
    second = AwardListFactory(edition=EditionFactory())
    nominee = NomineeFactory()
    AwardFactory(award_list=first)  # the editions' totals rows exist before the race
    AwardFactory(award_list=second)
    written, finish = threading.Event(), threading.Event()
    errors = []

    def hold_open():
        try:
            with transaction.atomic():
                AwardFactory(award_list=first, nominee=nominee)
                written.set()
                finish.wait(10)
        except Exception as error:  # reported below; a thread's exception is otherwise lost
            errors.append(error)
        finally:
            connection.close()

    def add_second():
        try:
            with transaction.atomic():
                AwardFactory(award_list=second, nominee=nominee)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_open)
    holder.start()
    assert written.wait(10)
    adder = threading.Thread(target=add_second)
    adder.start()
    adder.join(0.5)  # on PostgreSQL it is waiting for the holder's commit by now
    finish.set()
    holder.join(10)
    adder.join(10)

    assert errors == []
    assert totals.differences() == []
    assert totals.kept()[1][nominee.pk][1] == 2


def test_an_import_of_many_batches_keeps_the_totals():
    """2,400 awards: the import writes them in batches of 1,000 (one statement each, and on
    PostgreSQL one run of the statement triggers each), and a winner recurs across lists, so
    batches find winners that earlier batches already counted in the edition."""
    edition = EditionFactory(year=2045, draft=True)
    lists = [AwardListFactory(edition=edition) for _ in range(3)]
    nominees = Nominee.objects.bulk_create(
        Nominee(name=f"批量获奖者{i:04d}", slug=f"batch-{i}", kind="account", search_text="")
        for i in range(1000)
    )
    Award.objects.bulk_create(
        Award(
            award_list=award_list,
            position=position + 1,
            nominee=nominees[(position + 300 * k) % len(nominees)],
            announced_name=nominees[(position + 300 * k) % len(nominees)].name,
        )
        for k, award_list in enumerate(lists)
        for position in range(800)
    )
    data = workbook.export_workbook(edition)
    Award.objects.filter(award_list__edition=edition).delete()
    assert_exact()

    plan = importing.apply_import(data, "x.xlsx", user=importing_user())

    assert plan.ok and plan.counts["create"] == 2400
    assert_exact()
    assert totals.kept()[0] == totals.counted()[0] != {}
