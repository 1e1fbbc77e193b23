"""A first-time organizer, with only the admin home to guide them, publishes an edition from
the template workbook: log in → admin home → download template → fill it → import → check
the preview → confirm → preview the edition → publish. No page scrolls sideways at 1280 or
1024 px; every step is photographed at both widths."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from awards.models import Award, Edition

YEAR = 2035
WIDTHS = (1280, 1024)


@pytest.fixture
def browser_context_args(browser_context_args):
    # Organizers' browsers ask for Chinese; the admin then speaks it.
    return {**browser_context_args, "locale": "zh-CN", "accept_downloads": True}


def _append(sheet, **by_header):
    """A row as the organizer types it: each value under its column's header (row 1)."""
    headers = [cell.value for cell in sheet[1]]
    sheet.append([by_header.get(header) for header in headers])


def _fill_template(data: bytes) -> bytes:
    """What the organizer types into the template in Excel: the edition, two lists, awards."""
    book = load_workbook(io.BytesIO(data))
    edition = {"年份": YEAR, "名称": f"{YEAR}成都市政务新媒体峰会", "举办日期": f"{YEAR}-12-16"}
    for row in book["届次"].iter_rows(min_row=2):
        if row[0].value in edition:
            row[1].value = edition[row[0].value]
    lists = book["榜单"]
    _append(
        lists,
        工作表="获奖名单(改成榜单名称)",
        榜单名称="优秀政务新媒体",
        顺序=1,
        类型="获奖名单",
        公布数量=2,
    )
    _append(
        lists,
        工作表="案例名单(改成榜单名称)",
        榜单名称="十佳案例",
        顺序=2,
        类型="案例名单",
        公布数量=1,
    )
    accounts = book["获奖名单(改成榜单名称)"]
    _append(accounts, 顺序=1, 获奖对象="成都发布", 对象类型="政务新媒体账号", 名次=1, 等级="一等奖")
    _append(accounts, 顺序=2, 获奖对象="成都地铁", 对象类型="政务新媒体账号", 名次=2, 等级="二等奖")
    _append(
        book["案例名单(改成榜单名称)"],
        顺序=1,
        获奖对象="市网络理政办",
        对象类型="单位",
        案例标题="網路理政平台上線",
        案例简介="一张网办成群众的事",
        名次=1,
        等级="优秀奖",
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check_layout(page, folder, name: str):
    """No sideways scrolling at either width; a screenshot of each for review."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} at {width}px scrolls sideways ({scroll_width}px)"
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def _edition_card(page):
    return page.locator(f'article.edition-card[data-year="{YEAR}"]')


@pytest.mark.django_db(transaction=True)
def test_first_time_organizer_publishes_an_edition_from_the_template(
    page, browser, live_server, organizer, organizer_password, screenshot, tmp_path
):
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    folder = screenshot("00-start").parent

    # Log in; the admin home says how to start.
    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_label("用户名").fill("organizer")
    page.get_by_label("密码").fill(organizer_password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#start-heading")).to_have_text("从这里开始")
    expect(page.locator(".edition-overview__empty")).to_contain_text("还没有届次")
    _check_layout(page, folder, "01-admin-home-empty")

    # Download the template from the home page and fill it in (as in Excel).
    with page.expect_download() as download:
        page.locator(".start-buttons").get_by_role("link", name="下载模板").click()
    filled = tmp_path / "峰会榜单.xlsx"
    filled.write_bytes(_fill_template(download.value.path().read_bytes()))

    # Import it: the preview lists every row, with its title, rank and level, before anything
    # is written.
    page.locator(".start-buttons").get_by_role("link", name="导入工作簿").click()
    _check_layout(page, folder, "02-import-upload")
    page.locator("input[type=file]").set_input_files(str(filled))
    page.get_by_role("button", name="上传并预览").click()
    preview = page.locator("table.import-preview")
    rows = preview.locator("tbody tr")
    expect(rows.nth(3)).to_contain_text("第1位 成都发布")
    expect(rows.nth(3)).to_contain_text("名次:1")
    expect(rows.nth(3)).to_contain_text("等级:一等奖")
    expect(rows.nth(4)).to_contain_text("名次:2")
    expect(rows.nth(4)).to_contain_text("等级:二等奖")
    expect(rows.nth(5)).to_contain_text("案例标题:網路理政平台上線")
    expect(rows.nth(5)).to_contain_text("等级:优秀奖")
    expect(rows.nth(1)).to_contain_text("网址标识:youxiu-zhengwu-xinmeiti")
    expect(page.locator(".import-summary")).to_contain_text("新增")
    _check_layout(page, folder, "03-import-preview")
    assert Edition.objects.filter(year=YEAR).exists() is False  # nothing written yet

    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messagelist")).to_contain_text("导入完成")
    edition = Edition.objects.get(year=YEAR)
    assert list(
        Award.objects.order_by("award_list__position", "position").values_list(
            "nominee__name", "rank", "level"
        )
    ) == [("成都发布", 1, "一等奖"), ("成都地铁", 2, "二等奖"), ("市网络理政办", 1, "优秀奖")]

    # Back home: the new draft, its state, and the next steps as buttons.
    page.goto(live_server.url + reverse("admin:index"))
    card = _edition_card(page)
    expect(card.locator(".state-badge")).to_have_text("草稿")
    expect(card.locator(".edition-card__actions a")).to_have_text(
        ["导入工作簿", "下载模板", "预览", "发布", "创建下一届", "导出工作簿"]
    )
    _check_layout(page, folder, "04-admin-home-draft")

    # Preview the edition as the public will see it (only staff can).
    with page.expect_popup() as popup:
        card.get_by_role("link", name="预览").click()
    public_preview = popup.value
    public_preview.set_viewport_size({"width": WIDTHS[0], "height": 900})
    expect(public_preview.locator("body")).to_contain_text("预览")
    expect(public_preview.locator("body")).to_contain_text("網路理政平台上線")
    _check_layout(public_preview, folder, "05-edition-preview")
    public_preview.close()

    # Publish, confirming on the page that says what will happen.
    card.get_by_role("link", name="发布").click()
    _check_layout(page, folder, "06-publish-confirm")
    page.locator("form").get_by_role("button", name="发布").click()
    expect(page.locator(".messagelist")).to_contain_text("已发布")
    edition.refresh_from_db()
    assert edition.status == "published"

    # The public sees it; the home page now offers the next edition.
    visitor = browser.new_context(locale="zh-CN")
    public_page = visitor.new_page()
    assert public_page.goto(live_server.url + edition.get_absolute_url()).status == 200
    expect(public_page.locator("body")).to_contain_text("成都发布")
    visitor.close()
    page.goto(live_server.url + reverse("admin:index"))
    expect(_edition_card(page).locator(".state-badge")).to_have_text("已发布")
    expect(_edition_card(page).locator("a.default")).to_have_text("创建下一届")
    _check_layout(page, folder, "07-admin-home-published")
