"""A visitor browses the archive and reads its statistics, on a phone and on a desktop.

axe-core on every new page in both languages; the charts really render as images under the
site's Content-Security-Policy (a blocked stylesheet inside an SVG would leave them black or
empty), at 360 px and at desktop width; screenshots go to SCREENSHOT_DIR for review.
"""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone

from awards.models import Award, AwardList, Edition, Nominee

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PAGES = {
    "nominee-index": "/nominees/",
    "nominee-index-letter": "/nominees/?letter=C&kind=account",
    "case-index": "/cases/",
    "stats": "/stats/",
    "edition-stats": "/2022/stats/",
}


def _archive():
    """The 2022 fixture and three earlier editions won by some of the same nominees."""
    call_command("loaddata", "summit_2022", verbosity=0)
    nominees = list(Nominee.objects.filter(kind="account").order_by("pk"))
    for offset, year in enumerate((2019, 2020, 2021)):
        edition = Edition.objects.create(
            year=year,
            name=f"{year}成都市政务新媒体峰会",
            held_on=datetime.date(year, 12, 15),
            published_at=timezone.now() - datetime.timedelta(days=1),
        )
        award_list = AwardList.objects.create(
            edition=edition, name=f"{year}年优秀政务新媒体", slug="gov-new-media", position=1
        )
        for position, nominee in enumerate(nominees[offset * 3 : offset * 3 + 8], 1):
            Award.objects.create(award_list=award_list, nominee=nominee, position=position)


def _watch_csp(page) -> list[str]:
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return blocked


def _charts_loaded(page) -> list[tuple[str, int]]:
    """(currentSrc, naturalWidth) of every chart image once it has loaded."""
    page.wait_for_load_state("networkidle")
    return page.eval_on_selector_all(
        ".chart img",
        """imgs => Promise.all(imgs.map(img => { img.loading = 'eager';
            return img.decode().then(() => [img.currentSrc, img.naturalWidth],
                                     () => [img.currentSrc, 0]); }))""",
    )


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("kind", sorted(NEW_PAGES))
def test_new_page_has_no_axe_violations(page, live_server, screenshot, kind, language):
    _archive()
    blocked = _watch_csp(page)
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )

    response = page.goto(live_server.url + NEW_PAGES[kind])
    results = Axe().run(page)
    screenshot(f"{kind}-{language}")

    assert response.status == 200
    assert results.violations_count == 0, results.generate_report()
    assert blocked == []


@pytest.mark.parametrize(("screen", "width"), [("phone", 360), ("desktop", 1280)])
@pytest.mark.parametrize("path", ["/stats/", "/2022/stats/"], ids=["archive", "edition"])
def test_charts_render_as_images_at_phone_and_desktop_width(
    page, live_server, screenshot, screen, width, path
):
    _archive()
    blocked = _watch_csp(page)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(live_server.url + path)
    charts = _charts_loaded(page)
    screenshot(f"charts-{screen}")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    assert len(charts) == 4
    assert all(natural > 0 for _, natural in charts), charts
    expected_size = "size=narrow" if screen == "phone" else ".svg"
    assert all(src.endswith(expected_size) for src, _ in charts), charts
    assert (overflow, blocked) == (False, [])


def test_chart_image_renders_its_style_under_its_own_csp(page, live_server):
    _archive()
    page.set_viewport_size({"width": 900, "height": 700})

    response = page.goto(live_server.url + "/2022/stats/lists.svg")
    bar_fill = page.eval_on_selector(".serie-0 rect", "el => getComputedStyle(el).fill")

    assert response.headers["content-type"] == "image/svg+xml; charset=utf-8"
    assert bar_fill == "rgb(155, 28, 28)"  # summit red from the chart's own stylesheet


def test_statistics_print_with_charts_and_tables(page, live_server, screenshot):
    _archive()
    page.goto(live_server.url + "/stats/")
    _charts_loaded(page)

    page.emulate_media(media="print")
    screenshot("stats-print")

    assert page.is_visible(".chart img")
    assert page.is_visible(".data-table")
    assert not page.is_visible(".site-footer")


def test_visitor_walks_from_index_to_nominee_timeline_and_next_edition(page, live_server):
    _archive()

    page.goto(live_server.url + "/nominees/?letter=C")
    page.click("text=成都发布")
    years = page.locator(".timeline__year").all_inner_texts()
    page.click(".timeline__year >> text=2019")
    page.click("a[rel=next]")

    assert [year.strip() for year in years] == ["2022", "2019"]
    assert page.url.endswith("/2020/")
