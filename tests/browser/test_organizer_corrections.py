"""An organizer corrects a case title in the exported workbook of a published edition: the case
keeps its URL, and readers learn of it on the corrections page, in the feed and the sitemap."""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from awards import codes
from awards.models import Award, AwardList, Case, Edition, Nominee
from tests.browser.test_organizer_story import browser_context_args  # noqa: F401

YEAR = 2046
SHEET = "十佳案例"
OLD, NEW = "網路理政平台", "網絡理政平台"


@pytest.fixture
def published_case_list(db):
    """2046 published a month ago with one case list; nothing touched it since."""
    edition = Edition.objects.create(
        year=YEAR, name=f"{YEAR}成都市政务新媒体峰会", held_on="2046-12-15"
    )
    award_list = AwardList.objects.create(
        edition=edition, name=SHEET, slug="top-cases", kind=AwardList.Kind.CASES, position=1
    )
    nominee = Nominee.objects.create(name="成都市网络理政办", kind=Nominee.Kind.ORGANIZATION)
    case = Case.objects.create(nominee=nominee, title=OLD, summary="群众诉求一网通办。")
    Award.objects.create(award_list=award_list, position=1, nominee=nominee, case=case)
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Edition.objects.filter(pk=edition.pk).update(published_at=month_ago, updated_at=month_ago)
    return case


def _feed_updated(page, base):
    # Fetched as a feed reader does (Chromium would render the XML into a viewer page).
    feed = page.request.get(f"{base}/feed/").text()
    entry = re.search(r"<entry>.*?</entry>", feed, re.S).group(0)
    return re.search(r"<updated>(.*?)</updated>", entry).group(1)


def _sitemap_lastmod(page, base):
    text = re.sub(r"\s+", "", page.request.get(f"{base}/sitemap.xml").text())
    return re.search(rf"<loc>{re.escape(base)}/{YEAR}/</loc><lastmod>(.*?)</lastmod>", text).group(
        1
    )


@pytest.mark.django_db(transaction=True)
def test_organizer_corrects_a_case_title_through_the_workbook(
    page,
    browser,
    live_server,
    organizer,
    organizer_password,
    published_case_list,
    screenshot,
    tmp_path,
):
    base = live_server.url
    admin = base + reverse("admin:index")
    case = published_case_list
    case_url = f"{base}/cases/{case.pk}/"
    page.set_default_timeout(15_000)
    reader = browser.new_context(locale="zh-CN").new_page()
    feed_before = _feed_updated(reader, base)
    lastmod_before = _sitemap_lastmod(reader, base)

    # The organizer logs in and exports the published edition.
    page.goto(admin)
    page.get_by_label("用户名").fill("organizer")
    page.get_by_label("密码").fill(organizer_password)
    page.get_by_role("button", name="登录").click()
    page.goto(admin + "awards/edition/workbook/export/")
    with page.expect_download() as download:
        page.get_by_role("row", name=re.compile(str(YEAR))).get_by_role(
            "link", name="下载 XLSX"
        ).click()
    exported = tmp_path / "2046.xlsx"
    download.value.save_as(exported)

    # In Excel: the title is corrected; the 案例编号 the export wrote stays in its column.
    book = load_workbook(exported)
    sheet = book[SHEET]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("案例编号") + 1).value == codes.grouped(case.key)
    sheet.cell(row=2, column=header.index("案例标题") + 1).value = NEW
    corrected = tmp_path / "2046-corrected.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    corrected.write_bytes(buffer.getvalue())

    # Upload: the preview shows the true old → new, and asks why.
    page.goto(admin + "awards/edition/workbook/import/")
    page.locator("input[type=file]").set_input_files(str(corrected))
    page.locator("form.import-upload [type=submit]").click()
    row = page.locator("table.import-preview tr.import-update")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"案例标题:{OLD} → {NEW}")
    expect(page.get_by_label("修改原因")).to_have_attribute("required", "")
    page.get_by_label("修改原因").fill("案例标题错字,以主办方原文为准")
    screenshot("01-preview-with-reason")
    page.locator("form.import-confirm input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("导入完成")

    # The case keeps its URL and shows the corrected title.
    assert list(Case.objects.values_list("pk", "title")) == [(case.pk, NEW)]
    response = reader.goto(case_url)
    assert response.status == 200
    expect(reader.locator("h1")).to_contain_text(NEW)
    reader.screenshot(path=str(screenshot("02-admin-after").parent / "03-case.png"), full_page=True)

    # The edition page links to its corrections, which list this one with the reason.
    reader.goto(f"{base}/{YEAR}/")
    folder = screenshot("02-admin-after").parent
    reader.screenshot(path=str(folder / "03-edition.png"), full_page=True)
    reader.get_by_role("link", name="更正记录").click()
    entry = reader.locator("li.correction")
    expect(entry).to_have_count(1)
    expect(entry.locator(".correction__kind")).to_have_text("案例标题更正")
    expect(entry.locator(".correction__change")).to_contain_text(f"{OLD} → 新内容 {NEW}")
    expect(entry.locator(".correction__reason")).to_contain_text("案例标题错字,以主办方原文为准")
    reader.screenshot(path=str(folder / "04-corrections.png"))
    reader.set_viewport_size({"width": 360, "height": 740})
    reader.screenshot(path=str(folder / "05-corrections-360.png"), full_page=True)

    # Feed readers and crawlers learn of it.
    feed_after = _feed_updated(reader, base)
    lastmod_after = _sitemap_lastmod(reader, base)
    today = timezone.localdate().isoformat()
    assert datetime.datetime.fromisoformat(feed_after) > datetime.datetime.fromisoformat(
        feed_before
    )
    assert (lastmod_before < today, lastmod_after) == (True, today)
    feed = reader.request.get(f"{base}/feed/").text()
    assert f"案例标题更正:{SHEET} · 成都市网络理政办「{OLD}」→「{NEW}」" in feed
    assert User.objects.get(username="organizer") == case.history.latest().history_user
