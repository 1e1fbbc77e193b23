"""Metric workbooks into an evaluation: export spellings, GB18030 CSV, bad cells, re-import."""

import io

import pytest
from openpyxl import Workbook

from awards.evaluation.importing import apply, plan, template
from awards.evaluation.models import (
    Candidate,
    Evaluation,
    MetricImport,
    MetricRow,
    MetricRowHistory,
    Period,
)
from awards.models import Nominee
from tests.factories import AwardListFactory, NomineeFactory


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@pytest.fixture
def evaluation(db):
    return Evaluation.objects.create(award_list=AwardListFactory(edition__draft=True))


def test_export_spellings_are_read_as_the_publisher_counts_them(evaluation):
    known = NomineeFactory(name="成都发布", aliases=["成都市政府新闻办"])
    data = _xlsx(
        [
            ["账号名称", "平台", "月份", "阅读量", "在看", "点赞", "发文量"],
            ["成都市政府新闻办", "公众号", "2024年1月", "10万+", "1.2万", "3,456", 31],
            ["新账号", "微博", "2024-01", 12, None, "-", 3],
        ]
    )

    checked = plan.build(evaluation, data, "export.xlsx")
    apply.apply(evaluation, checked)

    rows = {
        (r.candidate.nominee.name, r.platform): (r.reads, r.zaikan, r.likes, r.posts)
        for r in MetricRow.objects.select_related("candidate__nominee")
    }
    assert checked.issues == []
    assert rows == {
        ("成都发布", "wechat"): (100_001, 12_000, 3_456, 31),
        ("新账号", "weibo"): (12, None, None, 3),
    }
    assert Candidate.objects.get(nominee=known).evaluation == evaluation
    assert list(Period.objects.values_list("label", "days")) == [("2024-01", 30)]


def test_gb18030_csv_is_read(evaluation):
    text = "名称,平台,周期,阅读数\r\n成都发布,微信公众号,2024-02,5000\r\n"

    checked = plan.build(evaluation, text.encode("gb18030"), "data.csv")
    apply.apply(evaluation, checked)

    assert checked.issues == []
    assert list(MetricRow.objects.values_list("candidate__nominee__name", "reads")) == [
        ("成都发布", 5000)
    ]


def test_bad_cells_are_named_and_nothing_is_written(evaluation):
    data = _xlsx(
        [
            ["名称", "平台", "周期", "阅读数", "点赞数"],
            ["甲", "微信", "2024-01", "很多", 5],
            ["乙", "脸书", "2024-01", 10, -3],
            ["丙", "微信", "13月", 10, 1.5],
            ["丁", "微信", "2024-01", "5万+", 1],
        ]
    )

    checked = plan.build(evaluation, data, "bad.xlsx")

    assert [str(i) for i in checked.issues] == [
        "第2行「阅读数」:无法识别的数字『很多』:应为数字,例如 12345、1.2万 或 10万+。",
        "第3行「平台」:无法识别的平台『脸书』:"
        "应为 微信公众号、微博、抖音、今日头条、视频号、其他 之一。",
        "第3行「点赞数」:不能为负数,实际是『-3』。",
        "第4行「周期」:无法识别的周期『13月』:应为月份(如 2024-01、2024年1月)"
        "或日期范围(如 2024-01-01~2024-03-31)。",
        "第4行「点赞数」:应为整数,实际是『1.5』。",
        "第5行「阅读数」:无法识别的数字『5万+』:应为数字,例如 12345、1.2万 或 10万+。",
    ]
    assert (Nominee.objects.count(), MetricRow.objects.count()) == (0, 0)


def test_unknown_and_missing_columns_are_named(evaluation):
    data = _xlsx([["名称", "周期", "阅读数字"], ["甲", "2024-01", 1]])

    checked = plan.build(evaluation, data, "cols.xlsx")

    assert [str(i) for i in checked.issues] == [
        "第1行:无法识别的列「阅读数字」。如果这是自定义指标,请先在评估中添加它。"
        "你是不是要找「总阅读数」?",
        "第1行:缺少列「平台」。",
    ]


def test_reimport_replaces_those_periods_and_keeps_history(evaluation):
    header = ["名称", "平台", "周期", "阅读数"]
    first = _xlsx([header, ["甲", "微信", "2024-01", 100], ["甲", "微信", "2024-02", 200]])
    apply.apply(evaluation, plan.build(evaluation, first, "v1.xlsx"))
    corrected = _xlsx([header, ["甲", "微信", "2024-02", 250]])

    source = apply.apply(evaluation, plan.build(evaluation, corrected, "v2.xlsx"))

    current = dict(MetricRow.objects.values_list("period__label", "reads"))
    assert current == {"2024-01": 100, "2024-02": 250}
    assert list(MetricRowHistory.objects.values_list("period__label", "reads", "replaced_by")) == [
        ("2024-02", 200, source.pk)
    ]
    assert (source.row_count, source.replaced_count) == (1, 1)
    assert MetricImport.objects.count() == 2
    evaluation.refresh_from_db()
    assert evaluation.data_version == 2


def test_template_lists_the_columns_the_import_reads(evaluation):
    data = template.workbook(evaluation)

    checked = plan.build(evaluation, data + b"", "template.xlsx")

    assert template.headers(evaluation)[:4] == ["名称", "平台", "周期", "发文数"]
    assert [str(i) for i in checked.issues] == ["文件里没有数据行。"]


def test_case_list_rows_name_their_case_and_create_it_when_new(db):
    evaluation = Evaluation.objects.create(
        award_list=AwardListFactory(edition__draft=True, cases=True)
    )
    data = _xlsx(
        [
            ["名称", "案例", "平台", "周期", "阅读数"],
            ["成都发布", "我家门前", "微信", "2024-01", 10],
            ["成都发布", "雪山下的公园城市", "微信", "2024-01", 20],
            ["锦观新闻", "", "微信", "2024-01", 30],
        ]
    )

    checked = plan.build(evaluation, data, "cases.xlsx")
    issues = [str(i) for i in checked.issues]
    checked.rows = [r for r in checked.rows if r.case]
    checked.issues = []
    apply.apply(evaluation, checked)

    assert issues == ["第4行:这是案例榜单的评估,必须填写案例。"]
    assert sorted(Candidate.objects.values_list("nominee__name", "case__title")) == [
        ("成都发布", "我家门前"),
        ("成都发布", "雪山下的公园城市"),
    ]
