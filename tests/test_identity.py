"""The event's identity comes from the site settings: every page, the feed, the admin."""

import io
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from awards.identity.models import SiteSettings
from tests.factories import CaseAwardFactory
from tests.pagetext import attrs, metas, texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/admin/identity/sitesettings/"


def png(size=(8, 8), color="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(User.objects.create_superuser("root", password="x-secret-42"))
    return client


def _settings_form(**changes) -> dict:
    form = {
        "name": "2015四川省政务新媒体榜单",
        "name_en": "Sichuan Government New Media Awards",
        "short_name": "四川省政务新媒体评选",
        "short_name_en": "Sichuan Government New Media Awards",
        "tagline": "四川省政务新媒体评选的历年榜单。",
        "tagline_en": "Every list of the Sichuan government new media awards.",
        "footer_text": "本站收录四川省政务新媒体评选公布的榜单。",
        "footer_text_en": "This site records the lists of the Sichuan awards.",
        "contact": "awards@example.org",
        "contact_en": "",
        "search_example": "四川发布",
        "search_example_en": "",
    }
    form.update(changes)
    return form


def _public_pages(award) -> list[str]:
    edition = award.award_list.edition
    return [
        "/",
        f"/{edition.year}/",
        award.award_list.get_absolute_url(),
        award.nominee.get_absolute_url(),
        f"/cases/{award.case_id}/",
        "/search/?q=x",
        "/no-such-page/",
    ]


# Real commits: the admin save invalidates cached pages when its transaction commits.
@pytest.mark.django_db(transaction=True)
def test_changing_name_and_logo_in_admin_shows_everywhere(
    superuser_client, media_root, chengdu_identity
):
    # Another event's list, imported exactly: nothing in it names Chengdu.
    award = CaseAwardFactory(
        award_list__edition__year=2015,
        award_list__edition__name="2015四川省政务新媒体评选",
        award_list__edition__hosted_by="四川省委网信办",
        case__nominee__name="四川发布",
    )
    anonymous = Client()
    before = {path: anonymous.get(path) for path in _public_pages(award)}  # now cached

    response = superuser_client.post(
        SETTINGS_URL,
        {
            **_settings_form(),
            "logo": SimpleUploadedFile("logo.png", png(), content_type="image/png"),
            "favicon": SimpleUploadedFile("icon.png", png((16, 16)), content_type="image/png"),
        },
    )

    assert response.status_code == 302
    stored = SiteSettings.get_solo()
    assert re.fullmatch(r"site/[0-9a-f]{32}\.png", stored.logo.name)
    for path in _public_pages(award):
        for prefix, name in (
            ("", "2015四川省政务新媒体榜单"),
            ("/en", "Sichuan Government New Media Awards"),
        ):
            html = anonymous.get(prefix + path).content.decode()
            assert texts(html, "p", "site-title") == [name], path
            assert metas(html)["og:site_name"] == name, path
            assert attrs(html, "img", "src", "site-logo") == [stored.logo.url], path
            assert f'<link rel="icon" href="{stored.favicon.url}">' in html, path
            assert "成都" not in html, path
    assert "成都市政务新媒体峰会榜单" in before["/"].content.decode()
    feed = anonymous.get("/feed/").content.decode()
    assert "<title>2015四川省政务新媒体榜单</title>" in feed
    assert (
        "<title>Sichuan Government New Media Awards</title>"
        in anonymous.get("/en/feed/").content.decode()
    )


def test_uploaded_logo_is_served_from_media(superuser_client, media_root):
    superuser_client.post(
        SETTINGS_URL,
        {
            **_settings_form(),
            "logo": SimpleUploadedFile("logo.png", png(), content_type="image/png"),
        },
    )
    url = SiteSettings.get_solo().logo.url

    response = Client().get(url)
    body = b"".join(response.streaming_content)

    # Stored under a random name (awards/uploads.py), not the one it was sent with.
    assert re.fullmatch(r"/media/site/[0-9a-f]{32}\.png", url)
    assert response.status_code == 200
    assert body == png()


def test_logo_that_is_not_an_image_is_refused_in_the_users_language(superuser_client, media_root):
    response = superuser_client.post(
        SETTINGS_URL,
        {**_settings_form(), "logo": SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>")},
    )

    assert response.status_code == 200
    assert "请上传一张有效的图片" in response.content.decode()
    assert SiteSettings.get_solo().name == ""


def test_oversized_logo_is_refused(superuser_client, media_root):
    big = png((3000, 3000), "white") + b"\0" * (1024 * 1024)

    response = superuser_client.post(
        SETTINGS_URL,
        {**_settings_form(), "logo": SimpleUploadedFile("logo.png", big, content_type="image/png")},
    )

    assert "图片太大" in response.content.decode()
    assert list(media_root.rglob("*.png")) == []


def test_organizers_cannot_open_site_settings(client, organizer):

    index = client.get("/admin/").content.decode()
    response = client.get(SETTINGS_URL)

    assert SETTINGS_URL not in index
    assert response.status_code == 403


def test_admin_header_names_the_event(superuser_client):
    superuser_client.post(SETTINGS_URL, _settings_form())

    html = superuser_client.get("/admin/").content.decode()

    assert "四川省政务新媒体评选 · 评选榜单管理" in html


def test_missing_english_site_name_is_romanized_not_invented(client):
    SiteSettings.objects.create(name="四川发布榜单", tagline="四川的榜单。")

    html = client.get("/en/").content.decode()

    assert texts(html, "p", "site-title") == ["Sichuan Fabu Bangdan"]
    assert metas(html)["og:site_name"] == "Sichuan Fabu Bangdan"
