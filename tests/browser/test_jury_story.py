"""The jury story (issue 19): an organizer sets a scoresheet of 3 criteria and assigns 3 judges
to 12 cases, one judge's declared affiliation keeping one case from them; each judge scores on a
360 px phone and submits; the organizer watches progress, turns on normalisation, sets w = 70 %,
ranks and promotes the top 10 (the evaluation's promote step); the public method shows the jury.
"""

import datetime
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from awards.evaluation.models import Candidate, Evaluation
from awards.jury import services
from awards.jury.models import Assignment, JuryResult, PanelMember
from awards.models import Award, AwardList, Case, Edition, Nominee
from tests.browser.test_organizer_story import browser_context_args  # noqa: F401

PASSWORD = "judge-passphrase-19"
PHONE = {"width": 360, "height": 740}
CRITERIA = [("创新性", 40, 0, 10), ("传播效果", 35, 0, 10), ("社会影响", 25, 1, 5)]


@pytest.fixture
def jury_groups(organizer_group):
    """The migration's 评委 group and the organizers' jury rights (flushed by live tests)."""
    import importlib

    migration = importlib.import_module("awards.jury.migrations.0002_judge_group")
    judges, _ = Group.objects.get_or_create(name=migration.JUDGE_GROUP)
    judges.permissions.set(
        Permission.objects.filter(content_type__app_label="jury", codename="score_candidates")
    )
    organizer_group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="jury", codename__in=migration.ORGANIZER_CODENAMES
        )
    )
    organizer_group.permissions.add(
        *Permission.objects.filter(content_type__app_label="evaluation")
    )
    return judges


@pytest.fixture
def twelve_cases(jury_groups):
    edition = Edition.objects.create(
        year=2048, name="2048成都市政务新媒体峰会", held_on="2048-12-10"
    )
    award_list = AwardList.objects.create(
        edition=edition,
        name="十佳案例",
        slug="top-cases",
        kind=AwardList.Kind.CASES,
        announced_count=10,
    )
    evaluation = Evaluation.objects.create(award_list=award_list)
    for i in range(12):
        nominee = Nominee.objects.create(name=f"成都市第{i + 1}融媒体中心", kind="organization")
        case = Case.objects.create(
            nominee=nominee, title=f"社区治理短视频第{i + 1}季", summary="以短视频讲述社区治理。"
        )
        Candidate.objects.create(
            evaluation=evaluation, nominee=nominee, case=case, data_score=40.0 + 4 * i
        )
    judges = [
        services.create_judge(username=f"judge{i}", password=PASSWORD, name=name, title=title)
        for i, (name, title) in enumerate(
            [("王教授", "四川大学"), ("李研究员", "社科院"), ("张主任", "某融媒体中心")], start=1
        )
    ]
    # 张主任 works at the 5th centre: its case must never reach them.
    judges[2].affiliated_nominees.add(Nominee.objects.get(name="成都市第5融媒体中心"))
    return evaluation, judges


def _login_admin(page, base, organizer, password):
    page.goto(f"{base}{reverse('admin:login')}")
    page.fill("#id_username", organizer.username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def _set_scoresheet(page, base, evaluation, screenshot):
    page.goto(f"{base}{reverse('admin:jury_scoresheet_add')}")
    page.select_option("#id_evaluation", str(evaluation.pk))
    page.click("input[name=_save]")
    expect(page.get_by_role("heading", level=1)).to_contain_text("评分表")
    for i, (name, weight, low, high) in enumerate(CRITERIA):
        page.fill(f"#id_criteria-{i}-name", name)
        page.fill(f"#id_criteria-{i}-weight", str(weight))
        page.fill(f"#id_criteria-{i}-scale_min", str(low))
        page.fill(f"#id_criteria-{i}-scale_max", str(high))
        page.fill(f"#id_criteria-{i}-description", f"{name}:请按 {low}–{high} 分打分。")
    page.check("#id_publish_panel")
    screenshot("1-organizer-scoresheet")
    page.click("text=保存评分表")
    expect(page.get_by_role("status")).to_contain_text("评分表已保存。")


def _assign(page, base, evaluation, screenshot):
    page.goto(f"{base}{reverse('jury:assign', kwargs={'evaluation': evaluation.pk})}")
    for label in ("王教授", "李研究员", "张主任"):
        page.get_by_label(label).check()
    page.get_by_label("每位评委评全部候选").check()
    screenshot("2-organizer-assign")
    page.click("button:text('分配')")
    expect(page.get_by_role("status")).to_contain_text("已分配 35 份评审;1 份因申报关联未分配。")


def _judge_scores(browser, base, username, seed, screenshot_dir):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}{reverse('jury:login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.click("text=十佳案例")
    page.click("text=开始评分")
    scored = 0
    while "/jury/" in page.url and page.locator("input[type=number]").count():
        inputs = page.locator("input[type=number]")
        for i in range(3):
            low, high = CRITERIA[i][2], CRITERIA[i][3]
            inputs.nth(i).fill(str(low + (seed + scored * (i + 1)) % (high - low + 1)))
        if scored == 0:
            page.locator("textarea").first.fill("选题好,执行一般")
            # The draft is saved as the judge types (autosave.js), before any button.
            expect(page.locator(".draft-status")).to_have_text("草稿已自动保存")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"horizontal scroll at 360 px: {width}"
            page.screenshot(path=f"{screenshot_dir}/3-{username}-phone-score.png", full_page=True)
        page.click("text=保存并评下一个")
        scored += 1
        if page.locator("text=提交全部评分").count():
            break
    page.screenshot(path=f"{screenshot_dir}/4-{username}-phone-list.png", full_page=True)
    page.click("text=提交全部评分")
    expect(page.get_by_role("status")).to_contain_text("已提交")
    context.close()
    return scored


@pytest.mark.django_db(transaction=True)
def test_jury_scores_normalises_and_promotes_top_ten(
    page, browser, live_server, organizer, organizer_password, twelve_cases, screenshot
):
    evaluation, judges = twelve_cases
    base = live_server.url
    _login_admin(page, base, organizer, organizer_password)
    _set_scoresheet(page, base, evaluation, screenshot)
    _assign(page, base, evaluation, screenshot)
    conflicted = Assignment.objects.get(
        member__judge=judges[2], candidate__nominee__name="成都市第5融媒体中心"
    )
    assert conflicted.recusal == "declared"

    folder = screenshot("0-start").parent
    counts = [
        _judge_scores(browser, base, f"judge{i}", seed, folder)
        for i, seed in ((1, 3), (2, 7), (3, 1))
    ]

    assert counts == [12, 12, 11]
    assert PanelMember.objects.filter(submitted_at__isnull=False).count() == 3
    page.goto(f"{base}{reverse('jury:progress', kwargs={'evaluation': evaluation.pk})}")
    expect(page.locator("text=所有评委都已提交。")).to_be_visible()
    screenshot("5-organizer-progress")

    page.goto(f"{base}{reverse('jury:result', kwargs={'evaluation': evaluation.pk})}")
    page.check("#id_normalised")
    page.fill("#id_jury_weight", "70")
    page.click("text=计算评审分并更新排名")
    expect(page.get_by_role("status")).to_contain_text("已计算 12 个候选的评审分")
    screenshot("6-organizer-result")
    assert JuryResult.objects.filter(candidate__evaluation=evaluation).count() == 12
    evaluation.refresh_from_db()
    assert evaluation.jury_weight == 70

    page.click("text=到评估页面排名并提交为榜单")
    screenshot("7-ranking")
    page.goto(f"{base}{reverse('admin:evaluation_evaluation_promote', args=(evaluation.pk,))}")
    page.fill("#id_count", "10")
    page.click("input[value='预览变化']")
    page.click("input[value='确认提交为榜单']")
    top = list(
        Candidate.objects.filter(evaluation=evaluation)
        .order_by("rank", "pk")[:10]
        .values_list("case_id", flat=True)
    )
    assert sorted(
        Award.objects.filter(award_list=evaluation.award_list).values_list("case_id", flat=True)
    ) == sorted(top)

    Evaluation.objects.filter(pk=evaluation.pk).update(publish_method=True)
    edition = evaluation.award_list.edition
    edition.published_at = timezone.now() - datetime.timedelta(minutes=1)
    edition.save()
    page.goto(f"{base}{evaluation.award_list.get_absolute_url()}")
    method = page.locator("section.jury-method")
    expect(method).to_contain_text("由 3 位评委按下列评分项打分,评审分占综合得分的 70%。")
    expect(method).to_contain_text("因利益冲突回避 1 次。")
    expect(method).to_contain_text("王教授(四川大学)")
    assert not re.search(r"选题好", page.content())
    screenshot("8-public-method")


@pytest.mark.django_db(transaction=True)
def test_scores_typed_before_the_autosave_script_starts_are_saved(
    browser, live_server, twelve_cases
):
    # On a slow phone a judge can type before the deferred script has run: the script is held
    # back here until the fields are filled, then loaded, and must save what was typed.
    evaluation, judges = twelve_cases
    sheet = services.scoresheet_for(evaluation)
    for position, (name, weight, low, high) in enumerate(CRITERIA):
        sheet.criteria.create(
            name=name, weight=weight, scale_min=low, scale_max=high, position=position
        )
    services.assign(sheet=sheet, judges=judges[:1], candidates=evaluation.candidates.all())
    assignment = Assignment.objects.filter(member__judge=judges[0]).first()
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('jury:login')}")
    page.fill("#id_username", "judge1")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    script = None

    def hold(route):
        nonlocal script
        script = route.request.url
        route.abort()

    page.route("**/autosave*.js", hold)
    page.goto(
        f"{live_server.url}"
        + reverse("jury:score", kwargs={"evaluation": evaluation.pk, "assignment": assignment.pk})
    )
    page.locator("input[type=number]").first.fill("7")
    page.locator("textarea").first.fill("选题好")
    expect(page.locator(".draft-status")).to_have_text("")
    assert script, "the score page loads autosave.js"

    page.unroute("**/autosave*.js")
    page.add_script_tag(url=script)

    expect(page.locator(".draft-status")).to_have_text("草稿已自动保存")
    score = assignment.scores.get(criterion__name="创新性")
    assert score.value == 7
    context.close()
