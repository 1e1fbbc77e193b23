"""Every public URL answers 200, 301, 302, 304, 400 or 404: never a 500.

The URL list comes from the URLconf (tests/crawling.py): every route outside the admin, in
both languages (the API and downloads included), filled with the 2022 fixture's real years,
slugs, case ids and verification codes, and with wrong ones (an unknown slug, year 0, a
25-digit year, a 1,000-character segment, %00). Pages without parameters are also asked with
hostile query strings, and the links and images of every page are followed once per kind.
A route added to any URLconf is crawled without anyone adding it here.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from awards import services
from awards.certificates.models import CertificateDesign
from awards.models import Award, AwardList, Case, Nominee
from awards.sharing.fonts import cjk_fonts
from awards.stats.tables import ARCHIVE_FIGURES, EDITION_FIGURES
from tests.crawling import expand, failure, fetch, links, routes, shape
from tests.factories import AwardFactory, AwardListFactory, EditionFactory, NomineeFactory

pytestmark = pytest.mark.django_db

ALLOWED = {200, 301, 302, 304, 400, 404}
WRONG_YEARS = ["0", "9" * 25]
WRONG_SLUGS = ["no-such-slug", "a" * 1000, "%00"]
# Asked of every page without parameters (indexes, search, the API's lists).
HOSTILE_QUERIES = [
    "?q=%00",
    "?q=" + "长" * 1000,
    "?page=0",
    "?page=abc",
    "?page=99999",
    "?year=null",
    "?year=0",
    "?year=" + "9" * 25,
    "?kind=%00",
    "?letter=%00",
    "?size=narrow",
    "?limit=-1&offset=abc",
]


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (8, 8), (200, 0, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def record(edition_2022, settings, tmp_path):
    """The 2022 record with a withdrawn award, a merged nominee, and a draft edition with a
    certificate design whose seal must stay private."""
    settings.MEDIA_ROOT = tmp_path
    draft = EditionFactory(year=2031, draft=True, name="2031草稿届次")
    draft_award = AwardFactory(award_list=AwardListFactory(edition=draft, slug="draft-list"))
    withdrawn = Award.objects.filter(award_list__edition=edition_2022).first()
    services.withdraw_award(award=withdrawn, reason="抄袭")
    published_list = AwardList.objects.filter(edition=edition_2022, kind="nominees").first()
    keep, duplicate = NomineeFactory(name="合并保留"), NomineeFactory(name="合并重复")
    AwardFactory(award_list=published_list, nominee=duplicate, position=900)
    duplicate_slug = duplicate.slug
    services.merge_nominees(keep=keep, duplicates=[duplicate], reason="重复录入")
    design = CertificateDesign.objects.create(
        edition=draft, seal=SimpleUploadedFile("seal.png", _png(), content_type="image/png")
    )
    return {
        "edition": edition_2022,
        "draft": draft,
        "codes": [
            Award.objects.exclude(pk=withdrawn.pk).first().verification_code,
            withdrawn.verification_code,
            draft_award.verification_code,
        ],
        "nominee_slugs": [
            *Nominee.objects.order_by("pk").values_list("slug", flat=True)[:3],
            keep.slug,
            duplicate_slug,
        ],
        "seal": design.seal.name,
    }


def _filler(record):
    list_slugs = [
        *AwardList.objects.filter(edition=record["edition"]).values_list("slug", flat=True),
        "draft-list",
    ]
    values = {
        "year": [str(record["edition"].year), str(record["draft"].year), *WRONG_YEARS],
        "pk": [*[str(pk) for pk in Case.objects.values_list("pk", flat=True)[:3]], "0", "9" * 25],
        "code": [*record["codes"], "NOPE", "%00", "x" * 1000],
        "path": [record["seal"], "no-such.png", "%00", "..%2F..%2Fsummit%2Fsettings.py"],
    }

    def fill(route, param):
        if param == "slug":
            real = record["nominee_slugs"] if "nominees/" in route.text else list_slugs
            return [*real, *WRONG_SLUGS]
        if param == "name":
            return [*sorted({*ARCHIVE_FIGURES, *EDITION_FIGURES}), "no-such-chart", "%00"]
        return values.get(param)

    return fill


def crawl(client, record):
    """GET every public URL and the links and images found on them; the answers outside
    ALLOWED as (url, status, error)."""
    client.raise_request_exception = False
    fill = _filler(record)
    queue = []
    for route in routes():
        if route.namespace == "admin":
            continue
        urls = expand(route, fill)
        queue += urls
        if not route.params:
            queue += [urls[0] + query for query in HOSTILE_QUERIES]
    seen_urls, seen_shapes, failures = set(), set(), []
    fonts = cjk_fonts() is not None
    while queue:
        url = queue.pop(0)
        if url in seen_urls:
            continue
        seen_urls.add(url)
        response = fetch(client, url)
        status = response.status_code
        # Without a CJK font share images answer 503 with the apt command, by design
        # (README, "Sharing"); with one they must draw.
        # A POST-only action (the judges' logout: a GET must not log anyone out) answers a
        # GET with 405 and says which methods it takes; any other 405 is a failure.
        post_only = status == 405 and "GET" not in response.get("Allow", "")
        if (
            status not in ALLOWED
            and not post_only
            and not (status == 503 and not fonts and url.endswith(".png"))
        ):
            failures.append(failure(url, response))
        if status != 200 or "?" in url:
            continue
        for link in _page_links(response, url):
            if shape(link) not in seen_shapes:
                seen_shapes.add(shape(link))
                queue.append(link)
    return seen_urls, failures


def _page_links(response, url):
    return [
        link
        for link in links(response, url)
        if not link.startswith(("/admin/", "/static/")) and "/i18n/" not in link
    ]


def test_public_crawl_finds_no_server_error(client, record):
    seen, failures = crawl(client, record)

    assert failures == [], "\n".join(map(str, failures))
    # The crawl reached every kind of page, in both languages.
    expected = {
        "/",
        "/en/",
        "/2022/",
        "/en/2022/",
        "/2022.csv",
        "/2022.xlsx",
        "/en/2022.json",
        "/api/v1/cases/?year=null",
        "/api/v1/openapi.json",
        f"/verify/{record['codes'][1]}/",
        f"/nominees/{record['nominee_slugs'][-1]}/",
        f"/media/{record['seal']}",
        "/0/",
    }
    assert expected - seen == set()


def test_public_crawl_answers_wrong_values_with_404(client, record):
    client.raise_request_exception = False

    answers = {
        url: client.get(url).status_code
        for url in (
            "/0/",
            "/2031/",
            "/2022/no-such-slug/",
            f"/2022/{'a' * 1000}/",
            "/nominees/%00/",
            "/api/v1/editions/0/",
            f"/{'9' * 25}/",
        )
    }

    assert answers == dict.fromkeys(answers, 404)
