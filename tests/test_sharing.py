"""Share images (og:image) and the default icons."""

import io

import pytest
from django.core import checks
from PIL import Image, ImageStat

from awards.sharing import fonts
from tests.factories import AwardFactory, AwardListFactory, EditionFactory
from tests.pagetext import metas
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def award():
    return AwardFactory(
        award_list__edition=EditionFactory(year=2040),
        award_list__slug="gov",
        award_list__name="2040年优秀政务新媒体",
        nominee__name="成都发布",
        rank=1,
    )


def _image(response) -> Image.Image:
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    return Image.open(io.BytesIO(response.content))


SHARE_URLS = ["/2040/share.png", "/2040/gov/share.png", "/nominees/chengdu-fabu/share.png"]


@pytest.mark.parametrize("url", SHARE_URLS)
def test_share_image_is_a_1200x630_png_with_drawn_text(award, client, url):
    image = _image(client.get(url))

    assert (image.format, image.size) == ("PNG", (1200, 630))
    # The title area (right of the red band, above the footer band) holds dark ink: text.
    title_area = image.convert("L").crop((96, 140, 1100, 240))
    assert title_area.getextrema()[0] < 60
    assert ImageStat.Stat(title_area).stddev[0] > 20


@pytest.mark.parametrize(
    ("page", "image"),
    [
        ("/2040/", "/2040/share.png"),
        ("/2040/gov/", "/2040/gov/share.png"),
        ("/nominees/chengdu-fabu/", "/nominees/chengdu-fabu/share.png"),
    ],
)
def test_pages_point_og_image_at_their_share_image(award, client, page, image):
    tags = metas(client.get(page).content)

    assert (tags["og:image"], tags["og:image:width"], tags["og:image:height"]) == (
        f"http://testserver{image}",
        "1200",
        "630",
    )


# Real commits: the page cache learns of a change when it commits (awards/caching.py).
@pytest.mark.django_db(transaction=True)
def test_share_image_is_redrawn_when_its_data_changes(award, client):
    before = client.get("/nominees/chengdu-fabu/share.png").content
    again = client.get("/nominees/chengdu-fabu/share.png").content

    AwardFactory(nominee=award.nominee, award_list__edition=EditionFactory(year=2041))
    after = client.get("/nominees/chengdu-fabu/share.png").content

    assert before == again
    assert after != before


def test_share_images_of_unpublished_things_are_404(client):
    draft = EditionFactory(year=2041, draft=True)
    AwardFactory(award_list__edition=draft, award_list__slug="gov", nominee__name="保密号")

    statuses = [
        client.get(url).status_code
        for url in ("/2041/share.png", "/2041/gov/share.png", "/nominees/baomi-hao/share.png")
    ]

    assert statuses == [404, 404, 404]


def test_without_a_cjk_font_images_say_so_and_pages_drop_og_image(award, client, settings):
    settings.SHARE_IMAGE_FONT = "/nonexistent/font.ttc"

    image = client.get("/2040/share.png")
    page = metas(client.get("/2040/").content)
    warnings = fonts.check_cjk_font()

    assert image.status_code == 503
    assert "fonts-noto-cjk" in image.content.decode()
    assert "og:image" not in page
    assert [w.id for w in warnings] == ["awards.W001"]
    assert isinstance(warnings[0], checks.Warning)


def test_cjk_font_is_found_through_fontconfig(settings):
    settings.SHARE_IMAGE_FONT = ""

    found = fonts.cjk_fonts()

    assert found is not None
    assert "CJK" in found.bold.path or "cjk" in found.bold.path.lower()


def test_favicon_and_touch_icon_are_served(db, client):
    ico = client.get("/favicon.ico")
    touch = _image(client.get("/apple-touch-icon.png"))

    assert (ico.status_code, ico["Content-Type"]) == (200, "image/x-icon")
    assert Image.open(io.BytesIO(ico.content)).format == "ICO"
    assert touch.size == (180, 180)


@pytest.mark.parametrize("size", [1, 30])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # state token + the edition + its lists with counts
        ("/2040/share.png", 1 + 2),
        # state token + the list with its edition + the first names
        ("/2040/gov/share.png", 1 + 2),
        # state token + the nominee + its awards
        ("/nominees/chengdu-fabu/share.png", 1 + 2),
    ],
)
def test_share_image_query_count_is_constant(
    award, client, django_assert_num_queries, url, queries, size
):
    for n in range(size):
        AwardFactory(award_list=award.award_list, nominee__name=f"号{n}")
        AwardFactory(
            nominee=award.nominee, award_list=AwardListFactory(edition=award.award_list.edition)
        )

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
