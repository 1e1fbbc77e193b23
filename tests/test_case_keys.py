"""Case keys (案例编号): random, typeable, checked, and read back from workbooks (issue 22)."""

import pytest

from awards import codes
from awards.importing import services, workbook
from awards.importing.cells import CellError, as_case_key
from awards.models import Case
from tests.factories import AwardListFactory, CaseAwardFactory, CaseFactory, EditionFactory
from tests.test_import_workbook import edit

SHEET = "十佳案例"


def test_case_key_new_keys_are_random_and_pass_their_check():
    keys = [codes.new_case_key() for _ in range(200)]

    assert len(set(keys)) == 200
    assert [codes.case_key(codes.grouped(key).lower()) for key in keys] == keys


@pytest.mark.parametrize(
    "typed", ["7q2m 4k9x hc34", "7Q2M-4K9X-HC34", "７Ｑ２Ｍ－４Ｋ９Ｘ－ＨＣ３４"]
)
def test_case_key_typed_forms_read_as_the_canonical_key(typed):
    assert codes.case_key(typed) == "7Q2M4K9XHC34"


@pytest.mark.parametrize("typed", ["7Q2M-4K9X-HC35", "7Q2M-4K9X-CH34", "Q72M-4K9X-HC34", "7Q2M"])
def test_case_key_one_wrong_or_swapped_character_fails_the_check(typed):
    assert codes.case_key(typed) == ""


def test_case_key_cell_reads_a_key_an_old_id_or_nothing():
    assert [as_case_key(v) for v in ("7Q2M-4K9X-HC34", 17, 17.0, " 17 ", None, "")] == [
        "7Q2M4K9XHC34",
        17,
        17,
        17,
        None,
        None,
    ]


def test_case_key_cell_refuses_a_mistyped_key_saying_what_a_key_looks_like():
    with pytest.raises(CellError) as refused:
        as_case_key("7Q2M-4K9X-HC35")

    assert str(refused.value) == (
        "『7Q2M-4K9X-HC35』不是有效的案例编号:案例编号是导出时写入的 12 位字母和数字"
        "(例如 7Q2M-4K9X-HC34),最后一位是校验位,输错一位就对不上。"
        "请从导出的文件中原样复制;新增的案例留空。"
    )


@pytest.fixture
def case_award(db):
    edition = EditionFactory(year=2046)
    award_list = AwardListFactory(edition=edition, name=SHEET, slug="top-cases", cases=True)
    return CaseAwardFactory(
        award_list=award_list, position=1, case__title="網路理政平台", case__nominee__name="理政办"
    )


@pytest.mark.django_db
def test_case_key_every_case_gets_one_of_its_own():
    cases = CaseFactory.create_batch(3)

    assert len({codes.case_key(case.key) for case in cases} - {""}) == 3


@pytest.mark.django_db
def test_workbook_mistyped_case_key_is_refused_and_nothing_is_written(case_award):
    typo = codes.grouped(case_award.case.key)[:-1] + (
        "0" if case_award.case.key[-1] != "0" else "1"
    )
    data = edit(workbook.export_workbook(case_award.award_list.edition), SHEET, 2, "案例编号", typo)

    plan = services.plan_import(data, "x.xlsx")

    assert plan.issue_lines() == [
        f"工作表「{SHEET}」第2行「案例编号」:『{typo}』不是有效的案例编号:案例编号是导出时写入的"
        " 12 位字母和数字(例如 7Q2M-4K9X-HC34),最后一位是校验位,输错一位就对不上。"
        "请从导出的文件中原样复制;新增的案例留空。"
    ]


@pytest.mark.django_db
def test_workbook_case_key_of_another_nominee_is_refused(case_award):
    stranger = CaseFactory(title="别人的案例")
    key = codes.grouped(stranger.key)
    data = edit(workbook.export_workbook(case_award.award_list.edition), SHEET, 2, "案例编号", key)

    plan = services.plan_import(data, "x.xlsx")

    assert plan.issue_lines() == [
        f"工作表「{SHEET}」第2行「案例编号」:案例编号 {key} 是『{stranger.nominee.name}』"
        "的案例,不是『理政办』的。"
    ]


@pytest.mark.django_db
def test_workbook_case_key_corrects_the_title_in_place(case_award):
    data = workbook.export_workbook(case_award.award_list.edition)
    data = edit(data, SHEET, 2, "案例标题", "網絡理政平台")

    services.apply_import(data, "x.xlsx")

    assert list(Case.objects.values_list("pk", "key", "title")) == [
        (case_award.case_id, case_award.case.key, "網絡理政平台")
    ]


@pytest.mark.django_db
def test_workbook_unknown_key_from_another_site_gives_the_new_case_that_key(case_award):
    key = codes.new_case_key()
    data = workbook.export_workbook(case_award.award_list.edition)
    data = edit(data, SHEET, 2, "案例标题", "另一网站的案例")
    data = edit(data, SHEET, 2, "案例编号", codes.grouped(key))

    services.apply_import(data, "x.xlsx")

    assert Case.objects.get(title="另一网站的案例").key == key
    assert Case.objects.get(title="網路理政平台").key == case_award.case.key
