"""The organizer creates a judge's account in the admin: not staff, in the 评委 group."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from awards.jury.models import Judge, Scoresheet
from tests.factories import NomineeFactory
from tests.jury.conftest import make_evaluation

pytestmark = pytest.mark.django_db


def test_organizer_creates_judge_with_affiliations(client, organizer):
    nominee = NomineeFactory(name="成都发布", kind="account")
    client.force_login(organizer)

    response = client.post(
        reverse("admin:jury_judge_add"),
        {
            "username": "wang",
            "password": "x-secret-42-jury",
            "name": "王教授",
            "title": "四川大学",
            "affiliated_nominees": [nominee.pk],
            "affiliated_names": "成都传媒集团",
        },
    )

    assert response.status_code == 302
    judge = Judge.objects.get(name="王教授")
    assert (judge.user.username, judge.user.is_staff) == ("wang", False)
    assert judge.user.check_password("x-secret-42-jury")
    assert list(judge.affiliated_nominees.all()) == [nominee]
    assert judge.user.has_perm("jury.score_candidates")


def test_taken_username_is_a_form_error(client, organizer):
    User.objects.create_user("wang", password="x")
    client.force_login(organizer)

    response = client.post(
        reverse("admin:jury_judge_add"),
        {"username": "wang", "password": "x-secret-42-jury", "name": "王教授"},
    )

    assert response.status_code == 200
    assert "这个用户名已被使用。" in response.content.decode()
    assert not Judge.objects.exists()


def test_organizer_opens_a_scoresheet_from_the_admin(client, organizer, judge_group):
    evaluation, sheet, _c = make_evaluation(n_cases=1)
    sheet.delete()
    client.force_login(organizer)

    listing = client.get(reverse("admin:jury_scoresheet_changelist"))
    response = client.post(reverse("admin:jury_scoresheet_add"), {"evaluation": evaluation.pk})

    assert listing.status_code == 200
    assert response.status_code == 302
    assert response["Location"] == reverse("jury:manage", kwargs={"evaluation": evaluation.pk})
    assert Scoresheet.objects.filter(evaluation=evaluation).exists()
