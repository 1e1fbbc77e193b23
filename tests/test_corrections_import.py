"""Correcting a published edition through its exported workbook: stable keys, true old → new,
the probable-correction rule for case rows without a key, and the reason on confirmation."""

import datetime

import pytest
from django.utils import timezone

from awards import codes
from awards.corrections.models import Correction
from awards.importing import services, workbook
from awards.models import Award, Case, Edition, Nominee
from awards.pinyin import search_blob, sort_key
from tests.factories import AwardListFactory, CaseAwardFactory, CaseFactory, EditionFactory
from tests.test_import_workbook import edit

pytestmark = pytest.mark.django_db

SHEET = "十佳案例"


@pytest.fixture
def published_cases():
    """A published edition whose case list holds 網路理政平台 (entered before publication)."""
    edition = EditionFactory(year=2046, published_at=None)
    award_list = AwardListFactory(edition=edition, name=SHEET, slug="top-cases", cases=True)
    award = CaseAwardFactory(
        award_list=award_list,
        position=1,
        case__title="網路理政平台",
        case__nominee__name="成都市网络理政办",
        level="优秀案例",
    )
    Edition.objects.filter(pk=edition.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=1)
    )
    edition.refresh_from_db()
    return edition, award


def _changed(plan):
    return [(o.row, o.changes) for o in plan.outcomes if o.action in ("create", "update")]


def test_export_carries_the_case_number_and_nominee_key(published_cases):
    edition, award = published_cases

    data = workbook.export_workbook(edition)

    from tests.test_import_workbook import sheets

    header, row = sheets(data)[SHEET][:2]
    keys = header.index("对象网址标识")
    assert header[keys : keys + 2] == ["对象网址标识", "案例编号"]
    assert row[keys : keys + 2] == [award.nominee.slug, codes.grouped(award.case.key)]


def test_corrected_case_title_updates_the_case_in_place_and_is_logged(published_cases, client):
    edition, award = published_cases
    url = award.case.get_absolute_url()
    data = edit(workbook.export_workbook(edition), SHEET, 2, "案例标题", "網絡理政平台")

    preview = services.plan_import(data, "x.xlsx")
    services.apply_import(data, "x.xlsx", reason="标题错字", require_reason=True)

    assert _changed(preview) == [(2, ["案例标题:網路理政平台 → 網絡理政平台"])]
    assert list(Case.objects.values_list("pk", "title")) == [(award.case_id, "網絡理政平台")]
    assert Award.objects.get().pk == award.pk
    response = client.get(url)
    assert response.status_code == 200 and "網絡理政平台" in response.content.decode()
    assert list(
        Correction.objects.values_list("kind", "old_value", "new_value", "reason", "path")
    ) == [("case_renamed", "網路理政平台", "網絡理政平台", "标题错字", url)]


def test_case_row_without_number_corrects_the_case_its_nominee_holds_in_the_list(
    published_cases,
):
    edition, award = published_cases
    data = edit(workbook.export_workbook(edition), SHEET, 2, "案例标题", "網絡理政平台")
    data = edit(data, SHEET, 2, "案例编号", None)

    preview = services.plan_import(data, "x.xlsx")
    services.apply_import(data, "x.xlsx", reason="标题错字")

    assert _changed(preview) == [
        (
            2,
            [
                "案例标题:網路理政平台 → 網絡理政平台",
                "同一获奖对象在本榜单已有案例,视为更正其标题(网址不变)",
            ],
        )
    ]
    assert list(Case.objects.values_list("pk", "title")) == [(award.case_id, "網絡理政平台")]


def test_case_row_naming_another_existing_case_shows_the_true_old_title(published_cases):
    edition, award = published_cases
    other = CaseFactory(nominee=award.nominee, title="12345市民服务热线")
    data = edit(workbook.export_workbook(edition), SHEET, 2, "案例标题", "12345市民服务热线")
    data = edit(data, SHEET, 2, "案例编号", None)

    preview = services.plan_import(data, "x.xlsx")

    assert _changed(preview) == [(2, ["案例标题:網路理政平台 → 12345市民服务热线"])]
    assert other.pk != award.case_id


def test_case_number_of_another_nominee_is_refused(published_cases):
    edition, _award = published_cases
    stranger = CaseFactory(title="别人的案例")
    data = edit(workbook.export_workbook(edition), SHEET, 2, "案例编号", stranger.pk)

    plan = services.plan_import(data, "x.xlsx")

    assert plan.issue_lines() == [
        f"工作表「{SHEET}」第2行「案例编号」:案例编号 {stranger.pk} 是『{stranger.nominee.name}』"
        "的案例,不是『成都市网络理政办』的。"
    ]


def test_corrected_title_that_another_case_has_is_refused(published_cases):
    edition, award = published_cases
    CaseFactory(nominee=award.nominee, title="網絡理政平台")
    data = edit(workbook.export_workbook(edition), SHEET, 2, "案例标题", "網絡理政平台")

    plan = services.plan_import(data, "x.xlsx")

    assert not plan.ok
    assert plan.issue_lines()[0].endswith(
        "『成都市网络理政办』已有标题为「網絡理政平台」的案例(编号 "
        f"{codes.grouped(Case.objects.get(title='網絡理政平台').key)})。"
    )


def test_keyed_row_with_a_new_name_renames_the_nominee_in_place(published_cases, client):
    edition, award = published_cases
    nominee = award.nominee
    data = edit(workbook.export_workbook(edition), SHEET, 2, "获奖对象", "成都市网络理政服务中心")

    preview = services.plan_import(data, "x.xlsx")
    services.apply_import(data, "x.xlsx", reason="单位更名")

    assert _changed(preview) == [(2, ["获奖对象:成都市网络理政办 → 成都市网络理政服务中心"])]
    nominee.refresh_from_db()
    assert (nominee.name, Nominee.objects.count()) == ("成都市网络理政服务中心", 1)
    assert client.get(nominee.get_absolute_url()).status_code == 200
    assert nominee.search_text == search_blob("成都市网络理政服务中心")
    # Renaming the nominee corrects no edition: its award keeps the name it was announced under.
    assert list(Correction.objects.values_list("kind", "old_value", "new_value", "reason")) == []
    assert award.__class__.objects.get(pk=award.pk).announced_name == "成都市网络理政办"


def test_level_corrected_by_import_is_logged_with_the_reason(published_cases):
    edition, award = published_cases
    data = edit(workbook.export_workbook(edition), SHEET, 2, "等级", "一等奖")

    services.apply_import(data, "x.xlsx", reason="等级录错")

    assert award.history.latest().history_change_reason == "等级录错"
    assert list(Correction.objects.values_list("kind", "old_value", "new_value", "reason")) == [
        ("level", "优秀案例", "一等奖", "等级录错")
    ]


def test_import_into_a_published_edition_needs_a_reason(published_cases):
    edition, _award = published_cases
    data = edit(workbook.export_workbook(edition), SHEET, 2, "等级", "一等奖")

    with pytest.raises(services.ReasonRequired):
        services.apply_import(data, "x.xlsx", reason=" ", require_reason=True)

    assert Award.objects.get().level == "优秀案例"
    assert Correction.objects.count() == 0


def test_import_into_a_draft_needs_no_reason_and_logs_nothing():
    award = CaseAwardFactory(award_list__edition__published_at=None, level="优秀案例")
    edition = award.award_list.edition
    data = edit(workbook.export_workbook(edition), award.award_list.name[:31], 2, "等级", "一等奖")

    plan = services.apply_import(data, "x.xlsx", require_reason=True)

    assert plan.ok and Award.objects.get().level == "一等奖"
    assert Correction.objects.count() == 0


def test_admin_confirmation_asks_for_the_reason(published_cases, client, organizer):
    edition, _award = published_cases
    data = edit(workbook.export_workbook(edition), SHEET, 2, "案例标题", "網絡理政平台")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = client.post(
        "/admin/awards/edition/workbook/import/",
        {"file": SimpleUploadedFile("2046.xlsx", data)},
    )
    preview = client.get(upload["Location"])
    fingerprint = preview.context["confirm_form"].initial["fingerprint"]
    refused = client.post(upload["Location"], {"fingerprint": fingerprint})
    done = client.post(
        upload["Location"], {"fingerprint": fingerprint, "change_reason": "标题错字"}, follow=True
    )

    assert preview.context["confirm_form"].fields["change_reason"].required
    assert "案例标题:網路理政平台 → 網絡理政平台" in preview.content.decode()
    assert refused.context["confirm_form"].errors["change_reason"] == [
        "本届已发布,导入的修改会列入公开的更正记录,请填写修改原因。"
    ]
    assert next(str(m) for m in done.context["messages"]).startswith("导入完成")
    assert Correction.objects.get().reason == "标题错字"


def test_keyed_row_corrects_names_and_sets_english_names_in_one_go(published_cases):
    """h9's stable keys and h10's English columns on the same row: all written, all shown."""
    edition, award = published_cases
    data = workbook.export_workbook(edition)
    data = edit(data, SHEET, 2, "获奖对象", "成都市网络理政服务中心")
    data = edit(data, SHEET, 2, "获奖对象(英文)", "Chengdu Online Governance Center")
    data = edit(data, SHEET, 2, "案例标题", "網絡理政平台")
    data = edit(data, SHEET, 2, "案例标题(英文)", "Online Governance Platform")

    preview = services.plan_import(data, "x.xlsx")
    services.apply_import(data, "x.xlsx", reason="更正并补充英文")

    assert _changed(preview) == [
        (
            2,
            [
                "获奖对象:成都市网络理政办 → 成都市网络理政服务中心",
                "案例标题:網路理政平台 → 網絡理政平台",
                "案例标题(英文):(空) → Online Governance Platform",
                "获奖对象(英文):(空) → Chengdu Online Governance Center",
            ],
        )
    ]
    nominee, case = Nominee.objects.get(), Case.objects.get()
    assert (nominee.pk, nominee.name, nominee.name_en) == (
        award.nominee_id,
        "成都市网络理政服务中心",
        "Chengdu Online Governance Center",
    )
    assert nominee.sort_key == sort_key("成都市网络理政服务中心")
    assert (case.pk, case.title, case.title_en) == (
        award.case_id,
        "網絡理政平台",
        "Online Governance Platform",
    )
    assert Nominee.objects.search("online governance").get() == nominee
    assert Case.objects.search("governance platform").get() == case
