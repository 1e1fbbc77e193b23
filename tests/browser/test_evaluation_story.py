"""An organizer decides a list from account data: evaluation, import, WCI, ranking, promote."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from awards.models import AwardList, Edition

YEAR = 2033
MONTHS = ("2024-01", "2024-02", "2024-03")
NAMES = [f"评估账号{i:02d}" for i in range(30)]


def _workbook(path):
    """30 accounts × 3 months × 2 platforms. More posts for higher numbers: they lead on total
    reach (整体) and trail per article (篇均), so moving weight between the two moves the ranking.
    """
    book = Workbook()
    sheet = book.active
    sheet.append(["账号名称", "平台", "月份", "发文量", "阅读量", "在看", "点赞", "转发数",
                  "头条阅读数", "最高阅读数"])  # fmt: skip
    for i, name in enumerate(NAMES):
        for month in MONTHS:
            peak = "10万+" if i == 7 else 50_000
            sheet.append([name, "公众号", month, 2 + 4 * i, 20_000 + 3_000 * i, 300, 600, 100,
                          5_000, peak])  # fmt: skip
            sheet.append([name, "微博", month, 10, "1.2万", None, 80, 40, None, None])
    book.save(path)


def _gb18030_csv(path):
    """A corrected March on Weibo, as a Chinese Excel saves CSV."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["名称", "平台", "周期", "发文数", "阅读数", "点赞数", "转发数"])
    for name in NAMES:
        writer.writerow([name, "微博", "2024年3月", 12, 15_000, 90, 45])
    path.write_bytes(buffer.getvalue().encode("gb18030"))


def _public_ranking(page):
    return page.locator("table.evaluation-ranking tbody tr:not(.cut-label) td:nth-child(2)")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture
def evaluating_organizer(organizer):
    """The organizer with the evaluation permissions evaluation/0002 grants the group."""
    group = organizer.groups.get()
    group.permissions.add(*Permission.objects.filter(content_type__app_label="evaluation"))
    return organizer


@pytest.mark.django_db(transaction=True)
def test_organizer_ranks_by_wci_promotes_top_20_and_publishes_the_method(
    page, browser, live_server, evaluating_organizer, organizer_password, screenshot, tmp_path
):
    edition = Edition.objects.create(year=YEAR, name=f"{YEAR}成都市政务新媒体峰会",
                                     held_on=f"{YEAR}-12-15")  # fmt: skip
    award_list = AwardList.objects.create(
        edition=edition, name=f"{YEAR}年优秀政务新媒体", slug="gov-new-media", announced_count=20
    )
    admin = live_server.url + reverse("admin:index")
    page.set_default_timeout(15_000)
    page.goto(admin)
    page.get_by_label("用户名").fill("organizer")
    page.get_by_label("密码").fill(organizer_password)
    page.get_by_role("button", name="登录").click()

    # 1. An evaluation for the list, publishing its method and the winners' scores.
    page.goto(admin + "evaluation/evaluation/add/")
    page.locator(".field-award_list .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("优秀政务新媒体")
    page.locator(".select2-results__option", has_text="优秀政务新媒体").first.click()
    page.get_by_label("数据来源").fill("清博大数据")
    page.get_by_label("公开评选方法").check()
    page.get_by_label("公开获奖者得分").check()
    page.get_by_role("button", name="保存并继续编辑").first.click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    evaluation = award_list.evaluation

    # 2. The workbook (with a "10万+" cell), then a GB18030 CSV correcting one month.
    _workbook(tmp_path / "metrics.xlsx")
    _gb18030_csv(tmp_path / "march-weibo.csv")
    page.get_by_role("link", name="导入数据").first.click()
    page.set_input_files("input[type=file]", str(tmp_path / "metrics.xlsx"))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("ul.import-preview")).to_contain_text("180 行数据")
    folder = screenshot("01-import-preview").parent
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messagelist")).to_contain_text("已导入 180 行")
    page.get_by_role("link", name="导入数据").first.click()
    page.set_input_files("input[type=file]", str(tmp_path / "march-weibo.csv"))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.locator("ul.import-preview")).to_contain_text("替换现有数据 30 行")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".messagelist")).to_contain_text("替换 30 行")

    # 3. WCI V14.2, the ranking, one candidate's explanation.
    page.get_by_role("link", name="选择预设体系").first.click()
    page.get_by_label("评价体系").select_option("wci-14.2")
    page.get_by_role("button", name="采用并重新计算").click()
    expect(page.locator("table.evaluation-ranking")).to_be_visible()
    expect(page.locator("tr.cut-label")).to_contain_text("公布 20 个")
    screenshot("02-ranking-wci")
    before = _public_ranking(page).all_inner_texts()
    assert before[0].startswith("评估账号29")
    page.get_by_role("link", name="得分说明").first.click()
    expect(page.locator("table.evaluation-explain tbody tr")).to_have_count(16)
    screenshot("03-explanation")

    # 4. Weight moves from 整体 (60 → 10) to 篇均 (20 → 70): the ranking turns around.
    page.goto(f"{admin}evaluation/evaluation/{evaluation.pk}/change/")
    page.locator("input[name='dimensions-0-weight']").fill("10")
    page.locator("input[name='dimensions-1-weight']").fill("70")
    page.get_by_role("button", name="保存并继续编辑").first.click()
    expect(page.locator(".messagelist")).to_contain_text("已按新的评价体系重新计算排名")
    expect(page.locator(".evaluation-completeness")).to_contain_text("30 个候选对象")
    screenshot("04-evaluation-page")
    page.get_by_role("link", name="排名").first.click()
    after = _public_ranking(page).all_inner_texts()
    assert after[0].startswith("评估账号00") and after != before
    screenshot("05-ranking-moved")

    # 5. One override with its reason, the top 20 promoted, the edition published.
    page.locator("table.evaluation-ranking tbody tr").first.get_by_role(
        "link", name="评审调整"
    ).click()
    page.get_by_label("调整").select_option("exclude")
    page.get_by_label("原因").fill("经核实存在刷量行为,取消参评资格")
    page.get_by_role("button", name="记录调整").click()
    expect(page.locator(".evaluation-summary")).to_contain_text("经评审调整 1 项")
    page.get_by_role("link", name="提交为榜单").first.click()
    page.get_by_label("入选数量").fill("20")
    page.get_by_role("button", name="预览变化").click()
    expect(page.locator("ol.promote-list > li")).to_have_count(20)
    screenshot("06-promote-preview")
    page.get_by_role("button", name="确认提交为榜单").click()
    expect(page.locator(".messagelist")).to_contain_text("已将前 20 名提交为榜单")
    assert award_list.awards.count() == 20
    assert not award_list.awards.filter(nominee__name="评估账号00").exists()
    page.goto(f"{admin}awards/edition/{edition.pk}/change/")
    page.get_by_role("link", name="立即发布", exact=True).click()
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".field-status_label")).to_contain_text("已发布")

    # The public page shows the method and the winners' scores, never the others.
    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.goto(f"{live_server.url}/{YEAR}/gov-new-media/")
    method = visitor.locator("section.evaluation-method")
    expect(method).to_contain_text("经评审调整 1 项")
    expect(method).to_contain_text("清博大数据")
    expect(method.locator("table.method-scores tbody tr")).to_have_count(20)
    assert "评估账号00" not in visitor.content()
    visitor.screenshot(path=str(folder / "07-public.png"),
                       full_page=True)  # fmt: skip
    visitor.goto(f"{live_server.url}/en/{YEAR}/gov-new-media/")
    expect(visitor.locator("section.evaluation-method h2")).to_have_text("Selection method")
    visitor.screenshot(path=str(folder / "08-public-en.png"),
                       full_page=True)  # fmt: skip
