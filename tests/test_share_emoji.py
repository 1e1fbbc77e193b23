"""Emoji in a name are left out of share images, never drawn as empty boxes."""

import pytest

from awards.sharing import drawing, fonts
from tests.factories import AwardFactory, NomineeFactory
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.system_packages("fonts-noto-cjk")

EMOJI = "\U0001f389"  # 🎉
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # 👨‍👩‍👧, joined with U+200D


@pytest.fixture
def pair(settings):
    settings.SHARE_IMAGE_FONT = ""
    return fonts.cjk_fonts()


def test_drawable_text_leaves_out_emoji_joiners_and_selectors(pair):
    text = f"成都发布{EMOJI} 2022 {FAMILY} ❤\ufe0f 榜单"

    assert drawing.drawable(text, pair.bold) == "成都发布 2022 榜单"


def test_share_card_with_emoji_is_the_card_without_them(pair):
    with_emoji = drawing.share_card(
        pair, event=f"峰会{EMOJI}", title=f"成都发布{EMOJI}", details=[f"优秀{FAMILY}政务新媒体"]
    )
    without = drawing.share_card(pair, event="峰会", title="成都发布", details=["优秀政务新媒体"])

    assert with_emoji == without


@pytest.mark.django_db
def test_nominee_share_image_with_an_emoji_name_is_drawn(client, pair):
    nominee = NomineeFactory(name=f"成都发布{EMOJI}")
    AwardFactory(nominee=nominee)

    response = client.get(f"/nominees/{nominee.slug}/share.png")

    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
