"""Judge isolation: by URL, API and form tampering a judge reaches only their own assignments.

Each negative test also asserts the positive (the judge's own page answers 200), so an error
page cannot pass it; the data that could leak exists (another judge's scores, comments).
"""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from awards.jury import services
from awards.jury.models import Assignment, PanelMember, Score
from tests.jury.conftest import make_evaluation, score_all

pytestmark = pytest.mark.django_db

SECRET_COMMENT = "只有评委2知道的评语"


@pytest.fixture
def panel(jury, judges):
    evaluation, sheet, candidates = jury
    services.assign(sheet=sheet, judges=judges[:2], candidates=candidates[:3])
    other = PanelMember.objects.get(judge=judges[1])
    score_all(other, value=9)
    c1, c2, c3 = sheet.criteria.all()
    theirs = other.assignments.get(candidate=candidates[0])
    services.save_scores(
        assignment=theirs,
        values={c1.pk: "9", c2.pk: "9", c3.pk: "5"},
        comments={c1.pk: SECRET_COMMENT},
    )
    mine = Assignment.objects.get(member__judge=judges[0], candidate=candidates[0])
    return evaluation, sheet, candidates, mine, theirs


def _login(client, judge):
    client.force_login(judge.user)


def test_other_judges_assignment_is_404_by_url(client, panel, judges):
    _evaluation, _sheet, _candidates, mine, theirs = panel
    _login(client, judges[0])

    own = client.get(mine.get_absolute_url())
    other = client.get(theirs.get_absolute_url())

    assert own.status_code == 200
    assert other.status_code == 404
    assert SECRET_COMMENT not in other.content.decode()
    assert "9.0" not in own.content.decode()


def test_draft_api_with_another_judges_id_is_refused_and_writes_nothing(client, panel, judges):
    evaluation, sheet, _candidates, mine, theirs = panel
    c1 = sheet.criteria.first()
    _login(client, judges[0])
    url = reverse("jury:draft", kwargs={"evaluation": evaluation.pk, "assignment": theirs.pk})
    own_url = reverse("jury:draft", kwargs={"evaluation": evaluation.pk, "assignment": mine.pk})

    tampered = client.post(url, {f"value-{c1.pk}": "0"})
    own = client.post(own_url, {f"value-{c1.pk}": "3"})

    assert (tampered.status_code, own.status_code) == (404, 200)
    assert Score.objects.get(assignment=theirs, criterion=c1).value == 9


def test_form_post_with_another_evaluations_criterion_is_ignored(client, panel, judges):
    _evaluation, sheet, _candidates, mine, _theirs = panel
    _other_eval, other_sheet, _ = make_evaluation(n_cases=1)
    foreign = other_sheet.criteria.first()
    c1 = sheet.criteria.first()
    _login(client, judges[0])

    response = client.post(
        mine.get_absolute_url(), {f"value-{c1.pk}": "4", f"value-{foreign.pk}": "7"}
    )

    assert response.status_code == 302
    assert list(Score.objects.filter(assignment=mine).values_list("criterion_id", "value")) == [
        (c1.pk, 4)
    ]


def test_recuse_and_submit_for_someone_else_are_refused(client, panel, judges):
    evaluation, _sheet, _candidates, _mine, theirs = panel
    _login(client, judges[0])

    recuse = client.post(
        reverse("jury:recuse", kwargs={"evaluation": evaluation.pk, "assignment": theirs.pk}),
        {"reason": "tamper"},
    )

    assert recuse.status_code == 404
    theirs.refresh_from_db()
    assert theirs.recusal == ""


def test_unassigned_candidate_and_conflict_are_unreachable(client, jury, judges):
    evaluation, sheet, candidates = jury
    judges[0].affiliated_nominees.add(candidates[1].nominee)
    services.assign(sheet=sheet, judges=judges, candidates=candidates[:2])
    services.assign(sheet=sheet, judges=judges[1:], candidates=candidates[2:])
    conflict = Assignment.objects.get(member__judge=judges[0], candidate=candidates[1])
    unassigned = Assignment.objects.get(member__judge=judges[1], candidate=candidates[2])
    _login(client, judges[0])

    listing = client.get(reverse("jury:evaluation", kwargs={"evaluation": evaluation.pk}))

    assert listing.status_code == 200
    assert [a.candidate_id for a in listing.context["assignments"]] == [candidates[0].pk]
    assert client.get(conflict.get_absolute_url()).status_code == 404
    assert client.get(unassigned.get_absolute_url()).status_code == 404


def test_evaluation_not_on_judges_panel_is_404(client, panel, judges):
    other_eval, _sheet, _c = make_evaluation(n_cases=1)
    _login(client, judges[0])

    assert (
        client.get(reverse("jury:evaluation", kwargs={"evaluation": other_eval.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("jury:evaluation", kwargs={"evaluation": panel[0].pk})).status_code
        == 200
    )


@pytest.mark.parametrize("name", ["manage", "assign", "progress", "result"])
def test_judge_cannot_reach_organizer_screens(client, panel, judges, organizer, name):
    url = reverse(f"jury:{name}", kwargs={"evaluation": panel[0].pk})
    client.force_login(organizer)
    assert client.get(url).status_code == 200
    _login(client, judges[0])

    response = client.get(url)

    assert response.status_code == 403


def test_judge_cannot_reopen_own_sheet(client, panel, judges):
    evaluation = panel[0]
    member = PanelMember.objects.get(judge=judges[1])
    services.submit(member=member)
    _login(client, judges[1])

    response = client.post(
        reverse("jury:reopen", kwargs={"evaluation": evaluation.pk, "member": member.pk})
    )

    assert response.status_code == 403
    member.refresh_from_db()
    assert member.submitted_at is not None


def test_judge_cannot_reach_the_admin(client, panel, judges):
    _login(client, judges[0])

    index = client.get(f"/{settings.ADMIN_URL}")
    scores = client.get(reverse("admin:jury_judge_changelist"))

    assert index.status_code == 302 and "/login/" in index["Location"]
    assert scores.status_code == 302
    assert judges[0].user.is_staff is False


def test_judge_cannot_see_draft_editions_public_pages_or_api(client, panel, judges):
    evaluation = panel[0]
    award_list = evaluation.award_list
    edition = award_list.edition
    assert edition.status == "draft"
    _login(client, judges[0])

    pages = [
        reverse("awards:edition", kwargs={"year": edition.year}),
        award_list.get_absolute_url(),
        f"/api/v1/editions/{edition.year}/",
    ]

    assert [client.get(url).status_code for url in pages] == [404, 404, 404]
    assert client.get(panel[3].get_absolute_url()).status_code == 200
    edition.published_at = timezone.now()
    edition.save()
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]


def test_anonymous_visitor_is_sent_to_the_jury_login(client, panel):
    response = client.get(panel[3].get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("jury:login"))
