"""An organizer uploads a workbook and sees, before confirming, everything each row will write."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from awards.importing import workbook
from awards.models import Edition

CASES = "2022年新媒体十佳案例"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.mark.django_db(transaction=True)
def test_preview_shows_titles_ranks_levels_and_the_year_warning(
    page,
    live_server,
    organizer,
    organizer_password,
    screenshot,
    tmp_path,
):
    call_command("loaddata", "summit_2022", verbosity=0)
    book = load_workbook(io.BytesIO(workbook.export_workbook(Edition.objects.get(year=2022))))
    headers = [cell.value for cell in book[CASES][1]]
    row = {
        "顺序": 6,
        "获奖对象": "天府新区融媒体中心",
        "对象类型": "单位",
        "案例标题": "天府之声融媒体报道",
        "案例简介": "新案例简介",
        "名次": 1,
        "等级": "一等奖",
    }
    book[CASES].append([row.get(header) for header in headers])
    for cells in book["届次"].iter_rows(min_row=2):
        if cells[0].value == "举办日期":
            cells[1].value = "2021-12-15"  # in another year than 年份
    path = tmp_path / "summit-2022.xlsx"
    book.save(path)

    page.goto(live_server.url + reverse("admin:index"))
    page.get_by_label("用户名").fill("organizer")
    page.get_by_label("密码").fill(organizer_password)
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + reverse("admin:awards_workbook_import"))
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="上传并预览").click()

    screenshot("import-preview")
    new_row = page.locator("tr.import-create", has_text="第6位 天府新区融媒体中心")
    expect(new_row).to_contain_text("案例标题:天府之声融媒体报道")
    expect(new_row).to_contain_text("名次:1")
    expect(new_row).to_contain_text("等级:一等奖")
    expect(page.locator("li.warning")).to_contain_text("「举办日期」却是 2021-12-15")
