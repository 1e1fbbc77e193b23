"""Open data downloads: CSV with BOM, XLSX, JSON, one row per award, formulas neutralised."""

import csv
import io
import json

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from awards.models import Award
from tests.factories import AwardFactory, AwardListFactory, CaseAwardFactory, EditionFactory
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db

HEADER = [
    "年份",
    "榜单",
    "顺序",
    "名次",
    "等级",
    "获奖对象",
    "对象类型",
    "案例标题",
    "已撤销",
    "撤销原因",
    "榜单(英文)",
    "等级(英文)",
    "获奖对象(英文)",
    "案例标题(英文)",
    "对象网址标识",
    "案例简介",
    "案例简介(英文)",
    "第二单位",
    "第二单位角色",
    "榜单网址标识",
    "评选年度",
    "公布数量",
    "已录入数量",
    "已撤销数量",
    "来源未公布名单",
    "榜单说明",
    "榜单说明(英文)",
]


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_is_utf8_with_bom_and_one_row_per_award(edition_2022, client):
    response = client.get("/2022.csv")

    rows = _csv_rows(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="summit-awards-2022.csv"'
    assert rows[0] == HEADER
    assert len(rows) == 1 + Award.objects.filter(award_list__edition__year=2022).count()
    assert rows[1] == [
        "2022",
        "2022年优秀政务新媒体",
        "1",
        "",
        "",
        "成都发布",
        "政务新媒体账号",
        "",
        "否",
        "",
        "2022 Outstanding Government New Media",
        "",
        "",
        "",
        "chengdu-fabu",
        "",
        "",
        "",
        "",
        "gov-new-media",
        "2022",
        "20",
        "20",
        "0",
        "否",
        "",
        "",
    ]


def test_csv_case_rows_carry_case_title(edition_2022, client):
    rows = _csv_rows(client.get("/2022.csv"))

    case_rows = [row for row in rows if row[1] == "2022年新媒体十佳案例"]
    assert (case_rows[0][5], case_rows[0][7]) == (
        "成都发布",
        "“我家门前——殷殷嘱托,民心答卷”主题报道",
    )
    assert len(case_rows) == 5


def test_csv_marks_withdrawn_award_with_reason(client):
    award = AwardFactory(award_list__edition=EditionFactory(year=2033), rank=2, level="一等奖")
    Award.objects.filter(pk=award.pk).update(withdrawn_at=timezone.now(), withdrawal_reason="违规")

    rows = _csv_rows(client.get("/2033.csv"))

    assert rows[1][3:10] == ["2", "一等奖", award.nominee.name, "政务新媒体账号", "", "是", "违规"]


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)"])
def test_csv_neutralises_formula_like_cells(client, dangerous):
    AwardFactory(award_list__edition=EditionFactory(year=2034), nominee__name=dangerous)

    rows = _csv_rows(client.get("/2034.csv"))

    assert rows[1][5] == "'" + dangerous


def test_xlsx_opens_with_header_and_neutralised_cells(client):
    award_list = AwardListFactory(edition=EditionFactory(year=2035), name="=最佳")
    AwardFactory(award_list=award_list, position=1, nominee__name="=cmd|' /C calc'!A0")

    response = client.get("/2035.xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["2035"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert response["Content-Disposition"] == 'attachment; filename="summit-awards-2035.xlsx"'
    assert rows[0] == HEADER
    assert rows[1] == [
        2035,
        "'=最佳",
        1,
        None,
        None,
        "'=cmd|' /C calc'!A0",
        "政务新媒体账号",
        None,
        "否",
        None,
        None,
        None,
        None,
        None,
        award_list.awards.get().nominee.slug,
        None,
        None,
        None,
        None,
        award_list.slug,
        2035,
        None,
        1,
        0,
        "否",
        None,
        None,
    ]
    assert sheet["F2"].data_type == "s"


def test_xlsx_of_2022_has_every_award(edition_2022, client):
    response = client.get("/2022.xlsx")

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["2022", "榜单"]
    sheet = book["2022"]
    assert sheet.max_row == 1 + Award.objects.filter(award_list__edition__year=2022).count()


def test_json_download_nests_edition_lists_and_awards(edition_2022, client):
    response = client.get("/2022.json")

    document = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="summit-awards-2022.json"'
    assert document["url"] == "http://testserver/2022/"
    assert (document["fields"]["name"], document["fields"]["guided_by"]) == (
        "2022成都市政务新媒体峰会",
        "四川省委网信办",
    )
    first = document["lists"][0]
    assert {key: first[key] for key in ("list", "list_en", "review_year", "announced_count")} == {
        "list": "2022年优秀政务新媒体",
        "list_en": "2022 Outstanding Government New Media",
        "review_year": 2022,
        "announced_count": 20,
    }
    assert first["awards"][0] == {
        "position": 1,
        "rank": None,
        "level": None,
        "level_en": None,
        "nominee": "成都发布",
        "nominee_en": None,
        "nominee_key": "chengdu-fabu",
        "nominee_kind": "政务新媒体账号",
        "case_title": None,
        "case_title_en": None,
        "case_summary": None,
        "case_summary_en": None,
        "second_unit": None,
        "second_unit_role": None,
        "withdrawn": False,
        "withdrawal_reason": None,
    }


def test_download_files_do_not_depend_on_visitor_language(edition_2022, client):
    chinese = client.get("/2022.csv").content
    client.cookies["django_language"] = "en"

    english = client.get("/2022.csv").content

    assert english == chinese


@pytest.mark.parametrize("extension", ["csv", "xlsx", "json"])
def test_download_of_unknown_year_is_404(db, client, extension):
    response = client.get(f"/1999.{extension}")

    assert response.status_code == 404


# The JSON file also carries the corrections log, the evaluation method and the jury method.
JSON_EXTRA_QUERIES = 3


@pytest.mark.parametrize("size", [1, 50])
@pytest.mark.parametrize("extension", ["csv", "xlsx", "json"])
def test_download_query_count_is_constant(client, django_assert_num_queries, extension, size):
    edition = EditionFactory(year=2036)
    award_list = AwardListFactory(edition=edition, cases=True)
    for _ in range(size):
        CaseAwardFactory(award_list=award_list)

    # Edition, lists, awards; the JSON file also carries the corrections log and the lists'
    # published methods (awards/evaluation, awards/jury): one more query each.
    with django_assert_num_queries(1 + 3 + JSON_EXTRA_QUERIES * (extension == "json")):
        response = client.get(f"/2036.{extension}")

    assert response.status_code == 200


@pytest.mark.parametrize("extension", ["csv", "xlsx", "json"])
def test_download_from_cache_keeps_type_and_filename(edition_2022, client, extension):
    first = client.get(f"/2022.{extension}")

    cached = client.get(f"/2022.{extension}")

    assert (cached["Content-Type"], cached["Content-Disposition"]) == (
        first["Content-Type"],
        first["Content-Disposition"],
    )
    assert cached.content == first.content
