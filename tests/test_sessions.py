"""The public page cache tells a real session by its signed key, not by any session cookie."""

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards import sessions
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, must-revalidate"


def _forged() -> str:
    """A signed key with one character of its signature changed."""
    key = sessions.signed_key()
    return key[:-1] + ("1" if key[-1] == "0" else "0")


@pytest.mark.parametrize(
    "cookie",
    ["made-up-by-a-visitor", "a" * 40, _forged()],
    ids=["made-up", "right-length", "bad-signature"],
)
def test_made_up_session_cookie_gets_the_cached_page_without_a_query(edition_2022, client, cookie):
    client.get("/2022/")  # stored
    client.cookies["sessionid"] = cookie

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/2022/")

    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    assert "csrftoken" not in response.cookies
    assert [q["sql"] for q in queries if "django_session" in q["sql"]] == []


def test_login_makes_a_signed_session_key_and_previews_bypass_the_cache(client):
    EditionFactory(year=2031, draft=True, name="2031草稿届次")
    User.objects.create_user("staff", password="x-secret-42", is_staff=True, is_superuser=True)

    client.post("/admin/login/", {"username": "staff", "password": "x-secret-42"})
    preview = client.get("/2031/")

    key = client.cookies["sessionid"].value
    assert sessions.is_genuine(key)
    assert Session.objects.filter(session_key=key).exists()
    assert preview.status_code == 200
    assert preview["Cache-Control"] == "private, no-store"


def test_signed_keys_differ_and_only_their_own_signature_passes():
    first, second = sessions.signed_key(), sessions.signed_key()

    assert first != second
    assert (sessions.is_genuine(first), sessions.is_genuine(first[:24] + second[24:])) == (
        True,
        False,
    )
