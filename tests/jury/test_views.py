"""The judge's and the organizer's pages: what they show, what they accept, in fixed queries."""

import pytest
from django.urls import reverse

from awards import datastate
from awards.evaluation.models import Candidate
from awards.jury import services
from awards.jury.models import Assignment, JuryResult, PanelMember, Score
from tests.jury.conftest import make_evaluation, make_judges, score_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(jury, judges):
    evaluation, sheet, candidates = jury
    services.assign(sheet=sheet, judges=judges, candidates=candidates)
    return evaluation, sheet, candidates


def _mine(judge, candidate):
    return Assignment.objects.get(member__judge=judge, candidate=candidate)


def test_judge_logs_in_on_the_judging_page(client, assigned, judges):
    response = client.post(
        reverse("jury:login"), {"username": "judge1", "password": "x-secret-42-jury"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("jury:home")
    home = client.get(reverse("jury:home"))
    assert home.status_code == 200
    assert str(assigned[0]) in home.content.decode()


def test_score_page_shows_candidate_and_criteria(client, assigned, judges):
    _evaluation, _sheet, candidates = assigned
    case = candidates[0].case
    case.summary = "以短视频讲述社区治理"
    case.save()
    assignment = _mine(judges[0], candidates[0])
    client.force_login(judges[0].user)

    response = client.get(assignment.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert case.title in page and "以短视频讲述社区治理" in page
    assert [c.name for c in response.context["criteria"]] == ["创新性", "传播效果", "社会影响"]
    assert response.context["data_index"] is None  # the organizer did not allow it


def test_data_index_shown_only_when_allowed(client, assigned, judges):
    _evaluation, sheet, candidates = assigned
    sheet.show_data_index = True
    sheet.save()
    client.force_login(judges[0].user)

    response = client.get(_mine(judges[0], candidates[2]).get_absolute_url())

    assert response.context["data_index"] == 52.0


def test_form_post_saves_and_goes_to_next(client, assigned, judges):
    _evaluation, sheet, candidates = assigned
    c1, c2, c3 = sheet.criteria.all()
    first = _mine(judges[0], candidates[0])
    client.force_login(judges[0].user)

    response = client.post(
        first.get_absolute_url(),
        {f"value-{c1.pk}": "8", f"value-{c2.pk}": "7", f"value-{c3.pk}": "4", "next": "1"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == _mine(judges[0], candidates[1]).get_absolute_url()
    first.refresh_from_db()
    assert first.complete is True


def test_bad_value_is_refused_with_message_and_typed_values_kept(client, assigned, judges):
    _evaluation, sheet, candidates = assigned
    c1, c2, _c3 = sheet.criteria.all()
    first = _mine(judges[0], candidates[0])
    client.force_login(judges[0].user)

    response = client.post(
        first.get_absolute_url(), {f"value-{c1.pk}": "99", f"value-{c2.pk}": "3"}
    )

    assert response.status_code == 400
    assert "「创新性」的分数须在 0 到 10 之间。" in response.content.decode()
    assert response.context["criteria"][0].value == "99"
    assert Score.objects.count() == 0


def test_draft_endpoint_answers_json(client, assigned, judges):
    evaluation, sheet, candidates = assigned
    c1 = sheet.criteria.first()
    first = _mine(judges[0], candidates[0])
    client.force_login(judges[0].user)
    url = reverse("jury:draft", kwargs={"evaluation": evaluation.pk, "assignment": first.pk})

    ok = client.post(url, {f"value-{c1.pk}": "6.5", f"comment-{c1.pk}": "稍显平淡"})
    bad = client.post(url, {f"value-{c1.pk}": "x"})

    assert (ok.status_code, ok.json()) == (200, {"ok": True, "complete": False})
    assert bad.status_code == 400 and bad.json()["ok"] is False
    assert list(first.scores.values_list("value", "comment")) == [(6.5, "稍显平淡")]


def test_recuse_and_submit_through_pages(client, assigned, judges):
    evaluation, _sheet, candidates = assigned
    member = PanelMember.objects.get(judge=judges[0])
    score_all(member)
    recused = _mine(judges[0], candidates[3])
    client.force_login(judges[0].user)

    client.post(
        reverse("jury:recuse", kwargs={"evaluation": evaluation.pk, "assignment": recused.pk}),
        {"reason": "本人参与了该案例策划"},
    )
    client.post(reverse("jury:submit", kwargs={"evaluation": evaluation.pk}))

    recused.refresh_from_db()
    member.refresh_from_db()
    assert (recused.recusal, recused.recusal_reason) == ("self", "本人参与了该案例策划")
    assert member.submitted_at is not None


def _progress_queries(client, organizer, n_judges, n_cases, prefix):
    judges = make_judges(n_judges, prefix=prefix)
    evaluation, sheet, _candidates = make_evaluation(n_cases=n_cases)
    services.assign(sheet=sheet, judges=judges, candidates=evaluation.candidates.all())
    score_all(PanelMember.objects.filter(scoresheet=sheet).first())
    client.force_login(organizer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    datastate.invalidate()  # each measured page reads the data state (the site's identity)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("jury:progress", kwargs={"evaluation": evaluation.pk}))
    assert response.status_code == 200
    return len(queries), response


def test_progress_page_runs_constant_queries(
    client, organizer, judge_group, django_assert_max_num_queries
):
    small, _ = _progress_queries(client, organizer, 1, 1, "a")
    large, response = _progress_queries(client, organizer, 4, 9, "b")

    assert small == large
    members = response.context["members"]
    assert [(m.tally.done, m.tally.missing) for m in members] == [(9, 0), (0, 9), (0, 9), (0, 9)]
    assert "@评委2 还有 9 个候选待评分" in response.context["reminder"]


def test_score_page_runs_constant_queries(client, judge_group):
    counts = []
    for n, prefix in ((1, "p"), (8, "q")):
        (judge,) = make_judges(1, prefix=prefix)
        evaluation, sheet, _c = make_evaluation(n_cases=n)
        services.assign(sheet=sheet, judges=[judge], candidates=evaluation.candidates.all())
        assignment = Assignment.objects.filter(member__judge=judge).first()
        client.force_login(judge.user)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        datastate.invalidate()  # each measured page reads the data state (the site's identity)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(assignment.get_absolute_url()).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_organizer_sets_scoresheet_weights_must_sum_to_100(client, organizer, jury):
    evaluation, sheet, _candidates = jury
    client.force_login(organizer)
    url = reverse("jury:manage", kwargs={"evaluation": evaluation.pk})
    criteria = list(sheet.criteria.all())
    data = {
        "criteria-TOTAL_FORMS": "3",
        "criteria-INITIAL_FORMS": "3",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
        "publish_panel": "on",
    }
    for i, c in enumerate(criteria):
        data.update(
            {
                f"criteria-{i}-id": str(c.pk),
                f"criteria-{i}-name": c.name,
                f"criteria-{i}-weight": "30",
                f"criteria-{i}-scale_min": "0",
                f"criteria-{i}-scale_max": "10",
                f"criteria-{i}-position": str(i),
            }
        )

    refused = client.post(url, data)
    data["criteria-0-weight"] = "40"
    accepted = client.post(url, data)

    assert refused.status_code == 400
    assert "各评分项权重之和须为 100%,现在是 90%。" in refused.content.decode()
    assert accepted.status_code == 302
    sheet.refresh_from_db()
    assert sheet.publish_panel is True
    assert sorted(sheet.criteria.values_list("weight", flat=True)) == [30, 30, 40]


def test_organizer_assigns_k_per_candidate_on_one_screen(client, organizer, jury, judges):
    evaluation, sheet, _candidates = jury
    client.force_login(organizer)

    response = client.post(
        reverse("jury:assign", kwargs={"evaluation": evaluation.pk}),
        {"judges": [j.pk for j in judges], "mode": "k", "per_candidate": "2"},
    )

    assert response.status_code == 302
    assert Assignment.objects.filter(member__scoresheet=sheet).count() == 8


def test_organizer_recomputes_with_weight_and_normalisation(client, organizer, assigned, judges):
    evaluation, sheet, _candidates = assigned
    for i, member in enumerate(PanelMember.objects.filter(scoresheet=sheet)):
        score_all(member, value=5 + i)
        services.submit(member=member)
    client.force_login(organizer)

    response = client.post(
        reverse("jury:result", kwargs={"evaluation": evaluation.pk}),
        {"normalised": "on", "jury_weight": "70"},
    )

    assert response.status_code == 302
    evaluation.refresh_from_db()
    sheet.refresh_from_db()
    assert (evaluation.jury_weight, sheet.normalised) == (70, True)
    assert JuryResult.objects.count() == 4
    assert Candidate.objects.filter(evaluation=evaluation, rank__isnull=False).count() == 4
    page = client.get(reverse("jury:result", kwargs={"evaluation": evaluation.pk}))
    assert page.status_code == 200 and len(page.context["results"]) == 4


def test_organizer_reopens_a_submitted_sheet(client, organizer, assigned, judges):
    evaluation, _sheet, _candidates = assigned
    member = PanelMember.objects.get(judge=judges[0])
    score_all(member)
    services.submit(member=member)
    client.force_login(organizer)

    client.post(reverse("jury:reopen", kwargs={"evaluation": evaluation.pk, "member": member.pk}))

    member.refresh_from_db()
    assert member.submitted_at is None


def test_score_page_in_english_under_en(client, assigned, judges):
    _evaluation, _sheet, candidates = assigned
    client.force_login(judges[0].user)

    response = client.get("/en" + _mine(judges[0], candidates[0]).get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "Save and score the next" in page and "Comment (optional)" in page


def test_organizer_amends_a_score_after_publication_with_reason(client, organizer, assigned):
    evaluation, sheet, candidates = assigned
    member = PanelMember.objects.filter(scoresheet=sheet).first()
    score_all(member, value=6)
    services.submit(member=member)
    edition = evaluation.award_list.edition
    edition.published_at = edition.updated_at
    edition.save()
    assignment = member.assignments.get(candidate=candidates[0])
    c1, c2, c3 = sheet.criteria.all()
    client.force_login(organizer)
    url = reverse(
        "jury:candidate", kwargs={"evaluation": evaluation.pk, "candidate": candidates[0].pk}
    )
    data = {
        "assignment": assignment.pk,
        f"value-{c1.pk}": "9",
        f"value-{c2.pk}": "6",
        f"value-{c3.pk}": "5",
    }

    page = client.get(url)
    refused = client.post(url, data)
    accepted = client.post(url, {**data, "reason": "评委来函更正笔误"})

    assert page.status_code == 200 and len(page.context["assignments"]) == 3
    assert (refused.status_code, accepted.status_code) == (302, 302)
    score = assignment.scores.get(criterion=c1)
    assert score.value == 9
    assert [
        (str(h.value), h.history_change_reason) for h in score.history.order_by("history_date")
    ] == [
        ("6.0", None),
        ("9.0", "评委来函更正笔误"),
    ]
