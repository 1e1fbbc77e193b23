"""An organizer prepares an edition privately, publishes it, withdraws an award and reverts that."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from awards.models import Award, Edition, Nominee

YEAR = 2031


@pytest.fixture
def browser_context_args(browser_context_args):
    # Organizers' browsers ask for Chinese; the admin then speaks it.
    return {**browser_context_args, "locale": "zh-CN"}


@pytest.fixture
def nominees(db):
    return [
        Nominee.objects.create(name=name, kind=Nominee.Kind.ACCOUNT)
        for name in ("成都发布", "成都地铁", "锦观新闻")
    ]


def _choose_in_autocomplete(page, row, text):
    """Open the select2 picker of one inline row, type, and take the matching option."""
    row.locator(".field-nominee .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def _public_names(page):
    return page.locator("ol.awards > li.award").all_inner_texts()


@pytest.mark.django_db(transaction=True)
def test_organizer_prepares_publishes_withdraws_and_reverts(
    page, browser, live_server, organizer, organizer_password, nominees, screenshot
):
    admin = live_server.url + reverse("admin:index")
    page.set_default_timeout(10_000)
    anonymous = browser.new_context(locale="zh-CN")
    public = anonymous.new_page()

    # The organizer logs in.
    page.goto(admin)
    page.get_by_label("用户名").fill("organizer")
    page.get_by_label("密码").fill(organizer_password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("#site-name")).to_contain_text("评选榜单管理")
    folder = screenshot("00-admin-home").parent

    # 1. A draft edition with one list.
    page.goto(admin + "awards/edition/add/")
    page.get_by_label("年份").fill(str(YEAR))
    page.locator("#id_name").fill(f"{YEAR}成都市政务新媒体峰会")
    page.get_by_label("举办日期").fill(f"{YEAR}-12-15")
    page.locator("tr.add-row a.addlink").click()
    row = page.locator("#award_lists-group tr.form-row:not(.empty-form)").first
    row.locator("input[name$='-name']").fill(f"{YEAR}年优秀政务新媒体")
    row.locator("input[name$='-slug']").fill("gov-new-media")
    row.locator("input[name$='-announced_count']").fill("3")
    screenshot("01-new-edition")
    page.get_by_role("button", name="保存并继续编辑").first.click()
    expect(page.locator(".messagelist")).to_contain_text("成功")
    expect(page.locator(".field-status_label")).to_contain_text("草稿")
    edition = Edition.objects.get(year=YEAR)

    # 2. Three nominees through autocomplete, then one moves up.
    page.locator("#award_lists-group a.inlinechangelink").first.click()
    for index, nominee in enumerate(nominees):
        if index:
            page.locator("tr.add-row a.addlink").click()
        rows = page.locator("#awards-group tr.form-row:not(.empty-form)")
        _choose_in_autocomplete(page, rows.nth(rows.count() - 1), nominee.name)
    screenshot("02-three-awards")
    page.get_by_role("button", name="保存并继续编辑").first.click()
    expect(page.locator("#awards-group td.field-move button")).to_have_count(6)
    page.locator("#awards-group tr.has_original").nth(2).get_by_role(
        "button", name=re.compile("上移")
    ).click()
    expect(page.locator(".messagelist")).to_contain_text("顺序已调整")
    screenshot("03-reordered")
    award_list = edition.award_lists.get()
    order = ["成都发布", "锦观新闻", "成都地铁"]
    assert list(award_list.awards.order_by("position").values_list("nominee__name", flat=True)) == (
        order
    )

    # 3. Preview: staff see the draft with a banner; an anonymous visitor gets 404.
    page.goto(f"{admin}awards/edition/{edition.pk}/change/")
    preview_url = page.get_by_role("link", name="预览", exact=True).get_attribute("href")
    assert preview_url == f"/{YEAR}/"
    page.goto(live_server.url + preview_url)
    expect(page.locator("aside.preview-banner[role=status]")).to_contain_text("预览")
    screenshot("04-preview")
    response = public.goto(f"{live_server.url}/{YEAR}/")
    assert response.status == 404

    # 4. Publish (no open problems: 3 of 3 recorded), and the public sees the new order.
    page.goto(f"{admin}awards/edition/{edition.pk}/change/")
    page.get_by_role("link", name="立即发布", exact=True).click()
    page.get_by_role("button", name="发布", exact=True).click()
    expect(page.locator(".field-status_label")).to_contain_text("已发布")
    screenshot("05-published")
    public.goto(f"{live_server.url}/{YEAR}/")
    assert public.locator("ol.awards > li.award a[href*='/nominees/']").all_inner_texts() == order
    public.screenshot(path=str(folder / "05-public.png"), full_page=True)

    # 5. Withdraw one award with a reason; the public page strikes it through.
    page.goto(f"{admin}awards/award/?q=锦观新闻")
    page.locator("input[name=_selected_action]").first.check()
    page.locator("select[name=action]").select_option("withdraw")
    page.locator("button[name=index]").click()
    page.get_by_label("撤销原因").fill("获奖账号已停止更新")
    screenshot("06-withdraw-reason")
    page.get_by_role("button", name="撤销", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("已撤销 1 个奖项")
    public.reload()
    withdrawn = public.locator(".award--withdrawn")
    expect(withdrawn).to_have_count(1)
    expect(withdrawn).to_contain_text("已撤销")
    expect(withdrawn).to_contain_text("获奖账号已停止更新")
    public.screenshot(path=str(folder / "07-public-withdrawn.png"), full_page=True)

    # 6. Revert the withdrawal from the award's history.
    award = Award.objects.get(nominee__name="锦观新闻")
    page.goto(f"{admin}awards/award/{award.pk}/history/")
    versions = page.locator("a.history-version")
    versions.nth(1).click()  # newest first: [withdrawal, reorder, creation]
    # The edition is published: going back is a public correction and needs a reason.
    page.get_by_label("修改原因").fill("撤销有误,恢复原状")
    screenshot("08-revert")
    page.get_by_role("button", name="还原", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("还原到版本")
    award.refresh_from_db()
    assert award.withdrawn_at is None
    public.reload()
    expect(public.locator(".award--withdrawn")).to_have_count(0)
    assert public.locator("ol.awards > li.award a[href*='/nominees/']").all_inner_texts() == order
    anonymous.close()
