"""Every admin page a superuser and an organizer can reach answers below 500.

The URL list comes from the admin site's URLconf (tests/crawling.py), filled with the ids of
real records: the 2022 fixture, a draft edition, a withdrawn award, a merged nominee, a deleted
list, a certificate design, a pending workbook import. Each changelist is also requested with
every choice of each of its filters and with a search, and the links of every page are followed
once per kind (path and query names), which reaches the certificate batch downloads and the
sort orders. A new admin page is crawled without anyone adding it here.
"""

import io
import uuid

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from awards import services
from awards.certificates.models import CertificateDesign
from awards.importing.models import PendingImport
from awards.models import Award, AwardList, Edition, Nominee
from tests.crawling import expand, failure, fetch, links, regex_choices, routes, shape
from tests.factories import AwardFactory, AwardListFactory, EditionFactory, NomineeFactory

pytestmark = pytest.mark.django_db

ADMIN = "admin"
# Wrong ids every object page must refuse politely: unknown, not a number, hostile.
WRONG_IDS = ("999999", "abc", "%00")
# Each object's newest history rows (enough to cover "created" and "changed").
HISTORY_ROWS = 2
# Certificates render with WeasyPrint; keep the batches small so the crawl stays quick
# (a larger batch answers 413 with the command to run instead).
CERTIFICATE_LIMIT = 12


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (200, 0, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def record(edition_2022, settings, tmp_path):
    """The states an admin page must cope with, beside the 2022 record."""
    settings.MEDIA_ROOT = tmp_path
    draft = EditionFactory(year=2031, draft=True, name="2031草稿届次")
    AwardFactory(award_list=AwardListFactory(edition=draft, slug="draft-list"))
    award = Award.objects.filter(award_list__edition=edition_2022).first()
    services.withdraw_award(award=award, reason="抄袭")
    keep, duplicate = NomineeFactory(name="合并保留"), NomineeFactory(name="合并重复")
    AwardFactory(award_list=AwardList.objects.get(slug="draft-list"), nominee=duplicate)
    services.merge_nominees(keep=keep, duplicates=[duplicate], reason="重复录入")
    AwardListFactory(edition=draft, slug="deleted-list").delete()
    CertificateDesign.objects.create(
        edition=draft, seal=SimpleUploadedFile("seal.png", _png(), content_type="image/png")
    )
    return {"edition": edition_2022, "draft": draft}


@pytest.fixture
def superuser():
    return User.objects.create_superuser("root", password="x-secret-42")


@pytest.fixture
def organizer(organizer_group):
    user = User.objects.create_user("organizer", password="x-secret-42", is_staff=True)
    user.groups.add(organizer_group)
    return user


def _model_of(route):
    """The registered model an admin route belongs to (admin/<app>/<model>/…), if any."""
    parts = route.text.split("/")
    if len(parts) < 3:
        return None
    for model in admin.site._registry:
        if (model._meta.app_label, model._meta.model_name) == (parts[1], parts[2]):
            return model
    return None


def _filler(user):
    def ids(model):
        pks = model._default_manager.order_by("-pk").values_list("pk", flat=True)[:4]
        return [str(pk) for pk in pks]

    def fill(route, param):
        model = _model_of(route) or (Edition if route.name == "view_on_site" else None)
        if param in ("object_id", "id", "_0") and model is not None:
            return [*ids(model), *WRONG_IDS]
        if param in ("history_id", "_1") and model is not None and hasattr(model, "history"):
            rows = model.history.order_by("-history_id").values_list("history_id", flat=True)
            return [*[str(pk) for pk in rows[:HISTORY_ROWS]], "999999"]
        if param == "app_label":
            return regex_choices(route, param) or ["awards"]
        if param == "content_type_id":
            return [str(ContentType.objects.get_for_model(Edition).pk), "999999"]
        if param == "pending_id":
            pending = PendingImport.objects.filter(user=user).values_list("pk", flat=True)
            return [*[str(pk) for pk in pending], str(uuid.uuid4())]
        if param == "url":  # the admin's catch-all
            return ["no-such-page/"]
        return None

    return fill


def _pending_workbook(client, user, edition):
    """A previewed workbook waiting for confirmation: the 2022 edition exported and uploaded."""
    export = client.get(f"/{ADMIN}/awards/edition/workbook/export/?year={edition.year}")
    content = b"".join(export) if export.streaming else export.content
    PendingImport.objects.create(
        kind=PendingImport.Kind.WORKBOOK, user=user, filename="2022.xlsx", content=content
    )


def _filter_queries(response) -> list[str]:
    """Every choice of every filter of a changelist, and a search."""
    changelist = response.context.get("cl") if response.context else None
    if changelist is None:
        return []
    queries = ["?q=成都", "?q=%00", "?q=" + "长" * 300]
    for spec in changelist.filter_specs:
        queries += [choice["query_string"] for choice in spec.choices(changelist)]
    return queries


def crawl(client, user):
    """GET every admin URL and the links found on them; (url, status, error) of each answer
    >= 500 (collected, not raised, so that one run names every broken page)."""
    client.raise_request_exception = False
    prefix = f"{ADMIN}/"
    fill = _filler(user)
    queue = []
    for route in routes():
        if route.namespace == "admin" and route.text.startswith(prefix):
            if route.name in ("logout",):
                continue
            queue += expand(route, fill)
    seen_urls, seen_shapes, failures = set(), set(), []
    while queue:
        url = queue.pop(0)
        if url in seen_urls:
            continue
        seen_urls.add(url)
        response = fetch(client, url)
        if response.status_code >= 500:
            failures.append(failure(url, response))
        if response.status_code != 200:
            continue
        if "?" in url:
            continue  # a filtered or sorted page links to more of the same: a leaf
        queue += [url + query for query in _filter_queries(response)]
        for link in links(response, url):
            if not link.startswith(f"/{prefix}") or "logout" in link:
                continue
            if shape(link) not in seen_shapes:
                seen_shapes.add(shape(link))
                queue.append(link)
    return seen_urls, failures


def _crawl_as(client, user, record):
    client.force_login(user)
    _pending_workbook(client, user, record["edition"])
    with override_settings(CERTIFICATE_WEB_LIMIT=CERTIFICATE_LIMIT):
        return crawl(client, user)


def test_admin_crawl_as_superuser_finds_no_server_error(client, record, superuser):
    seen, failures = _crawl_as(client, superuser, record)

    assert failures == [], "\n".join(map(str, failures))
    # The crawl reached every kind of page (a broken URL expansion would pass vacuously).
    draft, merged_into = record["draft"], Nominee.objects.get(name="合并保留")
    expected = {
        "/admin/",
        "/admin/certificates/certificatedesign/",
        f"/admin/awards/edition/{draft.pk}/certificates/",
        "/admin/awards/edition/workbook/import/",
        f"/admin/awards/edition/{draft.pk}/change/",
        f"/admin/awards/edition/{draft.pk}/history/",
        "/admin/awards/edition/deleted/",
        f"/admin/awards/edition/{draft.pk}/acknowledge/",
        f"/admin/awards/nominee/{merged_into.pk}/delete/",
    }
    assert expected - seen == set()
    assert any("/certificates/?format=zip" in url for url in seen)
    pending = PendingImport.objects.get(user=superuser).pk
    assert f"/admin/awards/edition/workbook/import/{pending}/" in seen


def test_admin_crawl_as_organizer_finds_no_server_error(client, record, organizer):
    seen, failures = _crawl_as(client, organizer, record)

    assert failures == [], "\n".join(map(str, failures))
    assert f"/admin/awards/edition/{record['edition'].pk}/delete/" in seen
