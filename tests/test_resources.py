"""Per-model import-export resources: natural keys, Chinese messages, safe formats."""

import pytest
import tablib

from awards.importing.formats import CSV, XLSX
from awards.importing.storage import DatabaseStorage
from awards.models import Award, Case, Nominee
from awards.resources import (
    AwardListResource,
    AwardResource,
    CaseResource,
    EditionResource,
    NomineeResource,
)
from tests.factories import NomineeFactory

RESOURCES = [EditionResource, AwardListResource, NomineeResource, CaseResource, AwardResource]


def run(resource_class, dataset, dry_run=True):
    return resource_class().import_data(dataset, dry_run=dry_run, use_transactions=True)


def row_messages(result) -> list:
    messages = []
    for row in result.invalid_rows:
        for field_messages in row.error_dict.values():
            messages.extend(str(m) for m in field_messages)
    for _number, errors in result.row_errors():
        messages.extend(str(e.error) for e in errors)
    messages.extend(str(e.error) for e in result.base_errors)
    return messages


def nominee_rows(*rows):
    return tablib.Dataset(*rows, headers=["名称", "类型"])


@pytest.mark.parametrize("resource_class", RESOURCES)
@pytest.mark.parametrize("file_format", [CSV, XLSX])
@pytest.mark.django_db
def test_export_then_import_of_each_model_changes_nothing(
    edition_2022, resource_class, file_format
):
    exported = file_format().export_data(resource_class().export())
    dataset = file_format().create_dataset(exported)

    result = run(resource_class, dataset, dry_run=False)

    assert row_messages(result) == []
    assert result.totals["new"] == result.totals["update"] == 0
    assert result.totals["skip"] == len(dataset)


@pytest.mark.django_db
def test_export_headers_are_chinese_and_keys_are_natural(edition_2022):
    dataset = AwardResource().export(Award.objects.filter(award_list__slug="top-cases"))

    assert dataset.headers == [
        "年份",
        "榜单",
        "顺序",
        "获奖对象",
        "获奖时名称",
        "案例标题",
        "名次",
        "等级",
        "等级(英文)",
        "撤销时间",
        "撤销原因",
    ]
    assert dataset[0][:6] == (
        2022,
        "2022年新媒体十佳案例",
        1,
        "成都发布",
        "成都发布",
        "“我家门前——殷殷嘱托,民心答卷”主题报道",
    )


@pytest.mark.django_db
def test_csv_export_starts_with_a_bom_and_neutralises_formulas(db):
    NomineeFactory(name='=HYPERLINK("http://x")')

    data = CSV().export_data(NomineeResource().export())

    assert data.startswith("\ufeff名称,名称(英文),类型".encode())
    assert b"'=HYPERLINK" in data


@pytest.mark.django_db
def test_formula_names_round_trip_through_xlsx_exactly(db):
    NomineeFactory(name="=1+1")
    NomineeFactory(name="@成都")
    exported = XLSX().export_data(NomineeResource().export())
    Nominee.objects.all().delete()

    run(NomineeResource, XLSX().create_dataset(exported), dry_run=False)

    assert sorted(Nominee.objects.values_list("name", flat=True)) == ["=1+1", "@成都"]


@pytest.mark.django_db
def test_gbk_csv_is_imported_without_garbling(db):
    data = "名称,类型\n成都发布,政务新媒体账号\n".encode("gbk")

    run(NomineeResource, CSV().create_dataset(data), dry_run=False)

    assert list(Nominee.objects.values_list("name", "kind")) == [("成都发布", "account")]


@pytest.mark.django_db
def test_name_with_spaces_and_full_width_letters_updates_existing_and_stores_trimmed(db):
    NomineeFactory(name="成都发布ABC", kind="account")
    dataset = nominee_rows(["\u3000成都发布ＡＢＣ ", "媒体"])

    result = run(NomineeResource, dataset, dry_run=False)

    assert result.totals["update"] == 1
    assert list(Nominee.objects.values_list("name", "kind")) == [("成都发布ABC", "media")]
    assert result.totals["new"] == 0


@pytest.mark.django_db
def test_new_name_is_stored_as_typed_but_trimmed(db):
    run(NomineeResource, nominee_rows(["\u3000“成都”发布 ", "媒体"]), dry_run=False)

    assert list(Nominee.objects.values_list("name", flat=True)) == ["“成都”发布"]


@pytest.mark.django_db
def test_duplicate_key_in_one_file_is_an_error_not_last_wins(db):
    dataset = nominee_rows(["成都发布", "媒体"], ["成都发布 ", "单位"])

    result = run(NomineeResource, dataset, dry_run=False)

    assert row_messages(result) == ["「名称」与第2行重复:同一文件中不能出现两次。"]
    assert Nominee.objects.count() == 0


@pytest.mark.django_db
def test_unknown_foreign_key_suggests_name(edition_2022):
    dataset = tablib.Dataset(
        [2022, "2022年优秀自媒体", 1, "李伯青"], headers=["年份", "榜单", "顺序", "获奖对象"]
    )

    result = run(AwardResource, dataset)

    assert row_messages(result) == ["找不到『李伯青』,你是不是要找『李伯清』?"]


@pytest.mark.django_db
def test_unknown_list_suggests_list_of_that_year(edition_2022):
    dataset = tablib.Dataset(
        [2022, "2022年优秀自媒", 1, "李伯清"], headers=["年份", "榜单", "顺序", "获奖对象"]
    )

    result = run(AwardResource, dataset)

    assert row_messages(result) == [
        "2022 年没有榜单『2022年优秀自媒』。你是不是要找『2022年优秀自媒体』?"
    ]


@pytest.mark.django_db
def test_headers_with_stray_spaces_are_recognised(db):
    dataset = tablib.Dataset(["成都发布", "媒体"], headers=[" 名\u3000称 ", "类型\u3000"])

    run(NomineeResource, dataset, dry_run=False)

    assert Nominee.objects.get().name == "成都发布"


@pytest.mark.django_db
def test_unknown_and_missing_columns_are_named(db):
    dataset = tablib.Dataset(["成都发布", "x"], headers=["名称", "类别"])

    result = run(NomineeResource, dataset)

    assert row_messages(result) == ["无法识别的列「类别」。你是不是要找「类型」? 缺少列「类型」。"]


@pytest.mark.django_db
def test_header_only_file_is_refused(db):
    result = run(NomineeResource, CSV().create_dataset("名称,类型\n".encode()))

    assert row_messages(result) == ["文件只有表头,没有数据。"]


@pytest.mark.django_db
def test_case_list_award_without_case_is_a_chinese_validation_error(edition_2022):
    award = Award.objects.filter(award_list__slug="top-cases").first()
    dataset = AwardResource().export(Award.objects.filter(pk=award.pk))
    dataset[0] = (*dataset[0][:5], "", *dataset[0][6:])
    dataset.append((2022, "2022年新媒体十佳案例", 9, "成都地铁", "", "", None, "", "", None, ""))
    del dataset[0]

    result = run(AwardResource, dataset)

    assert row_messages(result) == ["案例榜单中的每个奖项都必须指定案例。"]


@pytest.mark.django_db
def test_database_storage_survives_across_instances(db):
    first = DatabaseStorage(read_mode="rb")
    first.save(b"\xef\xbb\xbf\xe5\x90\x8d")

    second = DatabaseStorage(name=first.name, read_mode="rb")
    content = second.read()
    second.remove()

    assert content == b"\xef\xbb\xbf\xe5\x90\x8d"
    with pytest.raises(FileNotFoundError):
        DatabaseStorage(name=first.name, read_mode="rb").read()


@pytest.mark.django_db
def test_award_import_by_natural_keys_updates_level(edition_2022):
    dataset = tablib.Dataset(
        [2022, "self-media", 1, "李伯清", "一等奖"],
        headers=["年份", "榜单", "顺序", "获奖对象", "等级"],
    )

    result = run(AwardResource, dataset, dry_run=False)

    assert result.totals["update"] == 1
    assert Award.objects.get(award_list__slug="self-media", position=1).level == "一等奖"


@pytest.mark.django_db
def test_award_sheet_carries_the_name_as_announced_after_a_rename(edition_2022):
    nominee = Nominee.objects.get(name="李伯清")
    nominee.name = "李伯清工作室"
    nominee.save()
    exported = XLSX().export_data(AwardResource().export())
    dataset = XLSX().create_dataset(exported)
    row = next(r for r in dataset.dict if r["获奖对象"] == "李伯清工作室")

    result = run(AwardResource, dataset, dry_run=False)

    assert row["获奖时名称"] == "李伯清"
    assert result.totals["update"] == result.totals["new"] == 0
    assert Award.objects.get(nominee=nominee).announced_name == "李伯清"


@pytest.mark.django_db
def test_award_sheet_blank_or_missing_announced_name_keeps_the_stored_one(edition_2022):
    award = Award.objects.get(award_list__slug="self-media", position=1)
    Award.objects.filter(pk=award.pk).update(announced_name="李伯清(公布时)")
    blank = tablib.Dataset(
        [2022, "self-media", 1, "李伯清", "", "一等奖"],
        headers=["年份", "榜单", "顺序", "获奖对象", "获奖时名称", "等级"],
    )
    missing = tablib.Dataset(
        [2022, "self-media", 1, "李伯清", "特等奖"],
        headers=["年份", "榜单", "顺序", "获奖对象", "等级"],
    )

    run(AwardResource, blank, dry_run=False)
    after_blank = Award.objects.get(pk=award.pk)
    run(AwardResource, missing, dry_run=False)
    after_missing = Award.objects.get(pk=award.pk)

    assert (after_blank.level, after_blank.announced_name) == ("一等奖", "李伯清(公布时)")
    assert (after_missing.level, after_missing.announced_name) == ("特等奖", "李伯清(公布时)")


@pytest.mark.django_db
def test_case_resource_stores_a_title_without_its_outer_title_marks(db):
    NomineeFactory(name="市经信局")
    dataset = tablib.Dataset(
        ("市经信局", "《“防疫泡泡”经验全国推广》"), headers=["署名单位", "案例标题"]
    )

    first = run(CaseResource, dataset, dry_run=False)
    again = run(CaseResource, dataset, dry_run=False)

    assert (first.has_errors(), again.totals["new"], again.totals["skip"]) == (False, 0, 1)
    assert list(Case.objects.values_list("title", flat=True)) == ["“防疫泡泡”经验全国推广"]
