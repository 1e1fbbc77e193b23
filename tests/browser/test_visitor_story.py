"""A visitor on a phone finds out who won what, follows the links, and searches by initials."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_context_args(browser_context_args):
    # A phone in Chengdu asks for Chinese; headless Chromium would otherwise ask for en-US.
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture
def site(live_server):
    call_command("loaddata", "summit_2022", verbosity=0)
    return live_server.url


def test_visitor_goes_home_edition_list_nominee_and_back(page, site, screenshot):
    page.goto(site + "/")
    expect(page.get_by_role("heading", name="2022成都市政务新媒体峰会")).to_be_visible()
    screenshot("1-home")

    page.get_by_role("heading", name="2022成都市政务新媒体峰会").get_by_role("link").click()
    expect(page).to_have_url(site + "/2022/")
    expect(page.get_by_role("heading", level=1)).to_have_text("2022成都市政务新媒体峰会")
    screenshot("2-edition")

    page.get_by_role("link", name="2022年新媒体十佳案例").last.click()
    expect(page).to_have_url(site + "/2022/top-cases/")
    expect(page.get_by_text("公布10个,本页收录5个")).to_be_visible()
    screenshot("3-list")

    page.get_by_role("link", name="成都发布", exact=True).click()
    expect(page).to_have_url(site + "/nominees/chengdu-fabu/")
    expect(page.get_by_role("heading", level=1)).to_have_text("成都发布")
    expect(page.locator(".history__item")).to_have_count(2)
    screenshot("4-nominee")

    page.go_back()
    expect(page).to_have_url(site + "/2022/top-cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("2022年新媒体十佳案例")


def test_visitor_searches_by_pinyin_initials(page, site, screenshot):
    page.goto(site + "/2022/")

    page.get_by_role("searchbox").fill("cdfb")
    page.get_by_role("searchbox").press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=cdfb$"))
    first = page.locator(".result__title").first
    expect(first).to_have_text("成都发布")
    expect(first.locator("mark")).to_have_text("成都发布")
    screenshot("search-cdfb")
    first.click()
    expect(page).to_have_url(site + "/nominees/chengdu-fabu/")


def test_visitor_switches_to_english_and_back(page, site, screenshot):
    page.goto(site + "/2022/")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(site + "/en/2022/")
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_visible()
    expect(page.get_by_text("Guided by")).to_be_visible()
    screenshot("english")

    page.get_by_role("link", name="中文").click()
    expect(page).to_have_url(site + "/2022/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_text("指导单位")).to_be_visible()


def test_visitor_reads_every_page_on_a_360px_phone_without_side_scrolling(page, site, screenshot):
    page.set_viewport_size({"width": 360, "height": 740})
    widths = {}

    for name, path in (
        ("home", "/"),
        ("edition", "/2022/"),
        ("list", "/2022/top-cases/"),
        ("nominee", "/nominees/chengdu-fabu/"),
        ("search", "/search/?q=成都"),
    ):
        page.goto(site + path)
        widths[path] = page.evaluate("document.documentElement.scrollWidth")
        screenshot(f"360-{name}")

    assert widths == dict.fromkeys(widths, 360)


def test_organizer_prints_a_list_without_navigation(page, site, screenshot):
    page.goto(site + "/2022/top-cases/")

    page.emulate_media(media="print")

    expect(page.get_by_role("searchbox")).to_be_hidden()
    expect(page.get_by_role("link", name="English")).to_be_hidden()
    expect(page.get_by_text("《“防疫泡泡”经验全国推广 融媒体传播矩阵功不可没》")).to_be_visible()
    screenshot("print")
