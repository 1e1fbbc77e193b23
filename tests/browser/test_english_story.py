"""A visitor reads a list in English, shares its link, and the receiver sees English too."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(live_server):
    call_command("loaddata", "summit_2022", verbosity=0)
    call_command("loaddata", "site_chengdu", verbosity=0)
    return live_server.url


def test_visitor_switches_a_list_to_english_and_shares_the_link(browser, page, site, screenshot):
    page.goto(site + "/2022/top-cases/")
    expect(page.locator('link[hreflang="en"]')).to_have_attribute(
        "href", site + "/en/2022/top-cases/"
    )

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(site + "/en/2022/top-cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("2022 Top Ten New Media Cases")
    expect(page.locator('link[hreflang="zh-Hans"]')).to_have_attribute(
        "href", site + "/2022/top-cases/"
    )
    screenshot("list-en")
    shared = page.url

    # Someone else opens the link: no cookie, a Chinese browser.
    other = browser.new_context(extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    try:
        receiver = other.new_page()
        receiver.goto(shared)
        expect(receiver.locator("html")).to_have_attribute("lang", "en")
        expect(receiver.get_by_role("heading", level=1)).to_have_text(
            "2022 Top Ten New Media Cases"
        )
        expect(receiver.locator(".award__credit").first).to_have_text("成都发布 (Chengdu Fabu)")
    finally:
        other.close()


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/en/2022/",
        "/en/2022/gov-new-media/",
        "/en/nominees/chengdu-fabu/",
        "/en/search/?q=cd",
    ],
)
def test_english_pages_have_no_axe_violations(page, site, screenshot, path):
    response = page.goto(site + path)
    results = Axe().run(page)
    screenshot(re.sub(r"\W+", "-", path).strip("-") or "home")

    assert response.status == 200
    assert results.violations_count == 0, results.generate_report()
