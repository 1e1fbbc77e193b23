"""Jury services: assignment with conflicts, drafts, submission, reopening, result, locking."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from awards.evaluation.models import Candidate
from awards.jury import services
from awards.jury.models import Assignment, JuryResult, PanelMember, Score
from tests.jury.conftest import make_evaluation, make_judges, score_all

pytestmark = pytest.mark.django_db


def test_assign_all_gives_every_judge_every_candidate(jury, judges):
    _evaluation, sheet, candidates = jury

    counts = services.assign(sheet=sheet, judges=judges, candidates=candidates)

    assert counts == {"assigned": 12, "conflicts": 0, "judges": 3}
    assert Assignment.objects.filter(member__scoresheet=sheet).count() == 12


def test_assign_k_per_candidate_spreads_evenly(judge_group):
    judges = make_judges(5)
    _evaluation, sheet, candidates = make_evaluation(n_cases=10)

    services.assign(sheet=sheet, judges=judges, candidates=candidates, per_candidate=2)

    per_candidate = Counter(Assignment.objects.values_list("candidate_id", flat=True))
    per_judge = Counter(Assignment.objects.values_list("member__judge_id", flat=True))
    assert set(per_candidate.values()) == {2}
    assert sorted(per_judge.values()) == [4, 4, 4, 4, 4]


def test_declared_affiliation_is_never_assigned_and_is_recorded(jury, judges):
    _evaluation, sheet, candidates = jury
    conflicted = judges[0]
    conflicted.affiliated_nominees.add(candidates[1].nominee)

    counts = services.assign(sheet=sheet, judges=judges, candidates=candidates)

    row = Assignment.objects.get(member__judge=conflicted, candidate=candidates[1])
    assert (row.recusal, row.recusal_reason) == (
        "declared",
        f"申报关联:{candidates[1].nominee.name}",
    )
    assert counts == {"assigned": 11, "conflicts": 1, "judges": 3}
    visible = Assignment.objects.of_user(conflicted.user, sheet.evaluation_id)
    assert candidates[1].pk not in set(visible.values_list("candidate_id", flat=True))
    assert visible.count() == 3


def test_affiliated_name_matches_alias_ignoring_width_and_case(jury, judges):
    _evaluation, sheet, candidates = jury
    nominee = candidates[2].nominee
    nominee.aliases = ["成都市ABC传媒"]
    nominee.save()
    judges[1].affiliated_names = "其他单位\n成都市ａｂｃ 传媒"
    judges[1].save()

    services.assign(sheet=sheet, judges=judges, candidates=candidates, per_candidate=3)

    row = Assignment.objects.get(member__judge=judges[1], candidate=candidates[2])
    assert row.recusal == "declared"
    active = Assignment.objects.active().filter(candidate=candidates[2]).count()
    assert active == 2


def test_k_per_candidate_skips_conflicted_judge(judge_group):
    judges = make_judges(3)
    _evaluation, sheet, candidates = make_evaluation(n_cases=3)
    judges[0].affiliated_nominees.add(candidates[0].nominee)

    services.assign(sheet=sheet, judges=judges, candidates=candidates[:1], per_candidate=2)

    assigned = set(Assignment.objects.active().values_list("member__judge__name", flat=True))
    assert assigned == {"评委2", "评委3"}


def test_reassigning_keeps_existing_scores(jury, judges):
    _evaluation, sheet, candidates = jury
    services.assign(sheet=sheet, judges=judges[:1], candidates=candidates)
    score_all(PanelMember.objects.get(judge=judges[0]))

    services.assign(sheet=sheet, judges=judges, candidates=candidates)

    assert Score.objects.count() == 4 * 3
    assert Assignment.objects.count() == 12


def _one_assignment(sheet, judges, candidates):
    services.assign(sheet=sheet, judges=judges, candidates=candidates)
    return Assignment.objects.filter(member__judge=judges[0]).order_by("pk").first()


def test_draft_is_saved_partially_and_completes(jury, judges):
    _evaluation, sheet, candidates = jury
    assignment = _one_assignment(sheet, judges, candidates)
    c1, c2, c3 = sheet.criteria.all()

    first = services.save_scores(
        assignment=assignment, values={c1.pk: "7.5"}, comments={c1.pk: " 有新意 "}
    )
    second = services.save_scores(
        assignment=assignment, values={c1.pk: "7.5", c2.pk: "6", c3.pk: "4"}, comments={}
    )

    assert (first, second) == (False, True)
    assert {s.criterion.name: (str(s.value), s.comment) for s in assignment.scores.all()} == {
        "创新性": ("7.5", ""),
        "传播效果": ("6.0", ""),
        "社会影响": ("4.0", ""),
    }


@pytest.mark.parametrize("raw", ["11", "-1", "abc", "NaN", "Infinity"])
def test_value_off_scale_or_not_a_number_writes_nothing(jury, judges, raw):
    _evaluation, sheet, candidates = jury
    assignment = _one_assignment(sheet, judges, candidates)
    c1, c2, _c3 = sheet.criteria.all()

    with pytest.raises(ValidationError):
        services.save_scores(assignment=assignment, values={c2.pk: "5", c1.pk: raw}, comments={})

    assert assignment.scores.count() == 0


def test_submit_needs_every_candidate_scored_or_recused(jury, judges):
    _evaluation, sheet, candidates = jury
    services.assign(sheet=sheet, judges=judges, candidates=candidates)
    member = PanelMember.objects.get(judge=judges[0])
    score_all(member)
    member.assignments.filter(candidate=candidates[0]).update(complete=False)

    with pytest.raises(ValidationError):
        services.submit(member=member)

    services.recuse(
        assignment=member.assignments.get(candidate=candidates[0]), reason="曾指导该案例"
    )
    services.submit(member=member)
    member.refresh_from_db()
    assert member.submitted_at is not None


def test_submitted_sheet_is_frozen_until_organizer_reopens(jury, judges, organizer):
    _evaluation, sheet, candidates = jury
    services.assign(sheet=sheet, judges=judges, candidates=candidates)
    member = PanelMember.objects.get(judge=judges[0])
    score_all(member)
    services.submit(member=member)
    assignment = member.assignments.first()

    with pytest.raises(ValidationError):
        services.save_scores(assignment=assignment, values={}, comments={})
    with pytest.raises(PermissionDenied):
        services.reopen(member=member, by=judges[1].user)

    services.reopen(member=member, by=organizer)
    score_all(PanelMember.objects.get(pk=member.pk), value=3)
    assert member.assignments.first().scores.first().value == 3


def test_every_score_change_is_in_history(jury, judges):
    _evaluation, sheet, candidates = jury
    assignment = _one_assignment(sheet, judges, candidates)
    c1 = sheet.criteria.first()

    for value in ("5", "6", "7"):
        services.save_scores(assignment=assignment, values={c1.pk: value}, comments={})

    score = assignment.scores.get()
    assert [str(h.value) for h in score.history.order_by("history_date")] == ["5.0", "6.0", "7.0"]


def test_recompute_stores_weighted_mean_spread_and_combined_total(jury, judges, organizer):
    _evaluation, sheet, candidates = jury
    services.assign(sheet=sheet, judges=judges, candidates=candidates)
    c1, c2, c3 = sheet.criteria.all()
    # Candidate 0: judge 1 gives (10, 10, 5) = 100, judge 2 (5, 5, 3) = 50, judge 3 recuses.
    for judge, values in ((judges[0], (10, 10, 5)), (judges[1], (5, 5, 3))):
        member = PanelMember.objects.get(judge=judge)
        score_all(member, value=6)
        services.save_scores(
            assignment=member.assignments.get(candidate=candidates[0]),
            values=dict(zip((c1.pk, c2.pk, c3.pk), values, strict=True)),
            comments={},
        )
        services.submit(member=member)
    third = PanelMember.objects.get(judge=judges[2])
    score_all(third, value=6)
    services.recuse(assignment=third.assignments.get(candidate=candidates[0]), reason="同事")
    services.submit(member=third)

    services.recompute(sheet=sheet, by=organizer, normalised=False, trimmed=False)

    result = JuryResult.objects.get(candidate=candidates[0])
    assert (result.score, result.judges, result.low, result.high, result.recusals) == (
        75.0,
        2,
        50.0,
        100.0,
        1,
    )
    candidate = Candidate.objects.get(pk=candidates[0].pk)
    assert candidate.jury_score == 75.0
    assert round(candidate.total, 4) == round(0.7 * 75.0 + 0.3 * 50.0, 4)
    # 6/10 → 60, 6 on 1–5 clips to 5 → 100: (40×60 + 35×60 + 25×100) / 100 = 70.
    assert JuryResult.objects.get(candidate=candidates[1]).score == 70.0


def test_unsubmitted_sheets_do_not_count(jury, judges, organizer):
    _evaluation, sheet, candidates = jury
    services.assign(sheet=sheet, judges=judges, candidates=candidates)
    score_all(PanelMember.objects.get(judge=judges[0]))

    count = services.recompute(sheet=sheet, by=organizer, normalised=True, trimmed=True)

    assert count == 0
    assert JuryResult.objects.count() == 0


def test_published_edition_locks_scores_unless_a_reason_is_given(jury, judges, organizer):
    evaluation, sheet, candidates = jury
    assignment = _one_assignment(sheet, judges, candidates)
    edition = evaluation.award_list.edition
    edition.published_at = timezone.now() - datetime.timedelta(hours=1)
    edition.save()
    c1 = sheet.criteria.first()

    with pytest.raises(ValidationError):
        services.save_scores(assignment=assignment, values={c1.pk: "5"}, comments={})
    with pytest.raises(ValidationError):
        services.recompute(sheet=sheet, by=organizer, normalised=True, trimmed=False)
    services.recompute(
        sheet=sheet, by=organizer, normalised=True, trimmed=False, reason="评委更正计分错误"
    )

    sheet.refresh_from_db()
    assert sheet.history.first().history_change_reason == "评委更正计分错误"
    assert assignment.scores.count() == 0


def test_create_judge_is_not_staff_and_in_judge_group(judge_group):
    judge = services.create_judge(username="newjudge", password="x-secret-42-jury", name=" 张三 ")

    assert (judge.name, judge.user.is_staff, judge.user.has_perm("jury.score_candidates")) == (
        "张三",
        False,
        True,
    )
    assert not judge.user.has_perm("jury.manage_jury")
