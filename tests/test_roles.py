"""Who may do what: organizers curate, only superusers manage accounts, drafts stay private."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from awards.models import Edition
from tests.factories import AwardFactory, AwardListFactory, EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _group(organizer_group):
    """Every test here needs the 组织者 group (tests/conftest.py)."""


def test_organizer_can_add_edition(client, organizer):
    client.force_login(organizer)

    response = client.post(
        reverse("admin:awards_edition_add"),
        {
            "year": 2031,
            "name": "2031成都市政务新媒体峰会",
            "held_on": "2031-12-15",
            "award_lists-TOTAL_FORMS": 0,
            "award_lists-INITIAL_FORMS": 0,
            "award_lists-MIN_NUM_FORMS": 0,
            "award_lists-MAX_NUM_FORMS": 1000,
        },
    )

    assert response.status_code == 302
    assert Edition.objects.get(year=2031).status == "draft"


@pytest.mark.parametrize("model", ["edition", "awardlist", "nominee", "case", "award"])
def test_organizer_can_open_every_award_changelist(client, organizer, model):
    client.force_login(organizer)

    response = client.get(reverse(f"admin:awards_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:axes_accessattempt_changelist",
    ],
)
def test_organizer_cannot_open_account_admin(client, organizer, url_name):
    client.force_login(organizer)

    response = client.get(reverse(url_name))

    assert response.status_code == 403


def test_organizer_index_hides_accounts(client, organizer):
    client.force_login(organizer)

    response = client.get(reverse("admin:index"))

    apps = [app["app_label"] for app in response.context["app_list"]]
    # Award data, its evaluation by data (evaluation/0002 grants the group) and the jury
    # (jury/0002); no accounts.
    assert apps == ["awards", "evaluation", "jury"]


def test_non_staff_user_is_sent_to_login(client):
    user = User.objects.create_user("reader", password="x-secret-42")
    client.force_login(user)

    response = client.get(reverse("admin:awards_edition_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_anonymous_visitor_gets_404_for_draft_edition(client):
    edition = EditionFactory(draft=True, year=2033)
    award_list = AwardListFactory(edition=edition, slug="top")
    award = AwardFactory(award_list=award_list)

    edition_page = client.get("/2033/")
    list_page = client.get("/2033/top/")
    nominee_page = client.get(award.nominee.get_absolute_url())

    assert [edition_page.status_code, list_page.status_code, nominee_page.status_code] == [
        404,
        404,
        404,
    ]


def test_anonymous_home_does_not_mention_draft(client):
    EditionFactory(draft=True, name="未公开的2034峰会", year=2034)
    AwardFactory(award_list__edition=EditionFactory(name="已公开的2033峰会", year=2033))

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "已公开的2033峰会" in html
    assert "未公开的2034峰会" not in html


def test_create_organizer_makes_staff_member_of_group(monkeypatch):
    monkeypatch.setenv("ORGANIZER_PASSWORD", "a-long-passphrase-9")
    out = io.StringIO()

    call_command(
        "create_organizer", "wang", "--password-from-env", "ORGANIZER_PASSWORD", stdout=out
    )

    user = User.objects.get(username="wang")
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert list(user.groups.values_list("name", flat=True)) == ["组织者"]
    assert user.check_password("a-long-passphrase-9")
    assert out.getvalue() == "Created organizer wang (组织者).\n"


def test_create_organizer_refuses_weak_password(monkeypatch):
    monkeypatch.setenv("ORGANIZER_PASSWORD", "123")

    with pytest.raises(CommandError):
        call_command("create_organizer", "wang", "--password-from-env", "ORGANIZER_PASSWORD")

    assert not User.objects.filter(username="wang").exists()


def test_create_organizer_without_terminal_or_env_explains(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    with pytest.raises(CommandError) as error:
        call_command("create_organizer", "wang")

    assert str(error.value) == "No terminal to prompt on; use --password-from-env VARIABLE."


def test_organizer_previews_draft_with_banner_while_anonymous_gets_404(client, organizer):
    EditionFactory(draft=True, year=2035, name="2035峰会")

    anonymous = Client().get("/2035/")
    preview = client.get("/2035/")

    assert anonymous.status_code == 404
    assert preview.status_code == 200
    assert '<aside class="preview-banner" role="status">' in preview.content.decode()
