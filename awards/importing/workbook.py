"""Write an edition as a workbook (or CSV / JSON), and the empty template organizers fill in."""

import csv
import datetime
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from awards import codes
from awards.importing import layout
from awards.models import Award, AwardList, Edition
from awards.text import neutralise_formula

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"

HELP_LINES = (
    "本工作簿用于导入一届峰会的全部榜单。请按下面的规则填写,然后在后台“届次”页面点“导入工作簿”。",
    "",
    "「届次」表:每行一个字段,只改“内容”一列。年份、名称、举办日期必填。",
    "    发布时间:新届次留空即为草稿;已有届次留空则保持现状(已发布的仍然发布)。",
    "    要把已发布的届次改回草稿,请填“草稿”:预览顶部会单独警告,并要求单独确认。",
    "「榜单」表:每行一个榜单。“工作表”填写存放该榜单奖项的工作表名称(Excel 限 31 个字,",
    "    不能含 [ ] : * ? / \\),“榜单名称”可以更长。类型选“获奖名单”或“案例名单”。",
    "    网址标识留空时按榜单名称的拼音生成;已有榜单请保留原值。",
    "    来源没有公布榜单名称时,“榜单名称”留空(页面显示“名称未公布的榜单”),不要自拟名称。",
    "    “工作表”留空表示这个榜单没有录入获奖名单;来源只公布了榜单、没有公布名单时,",
    "    “来源未公布名单”填“是”。“评选年度”留空即为届次的年份(例如2021届评选2020年度时填2020)。",
    "每个榜单一张工作表:每行一个奖项,“顺序”是奖项在榜单中的位置(1、2、3……),不可重复。",
    "    “获奖对象”按名称或别名匹配已有对象,全角/半角和空格不影响匹配;",
    "    新的获奖对象必须在“对象类型”中选择类型,否则视为填写错误。",
    "    “获奖时名称”是公布时使用的名称,由导出填写;新的行留空时取“获奖对象”一栏。",
    "    获奖对象日后改名或合并,获奖时名称不变,页面照公布时的名称显示。",
    "    案例名单还要填写“案例标题”;获奖名单的案例列留空。",
    "    案例有第二个单位(制作或报送)时,填“第二单位”并在“第二单位角色”选制作单位或报送单位。",
    "    撤销时间有值时必须填写撤销原因。只填了顺序的行会被跳过。",
    "    “对象网址标识”和“案例编号”由导出填写,请勿改动:有了它们,改过的名称或案例标题会",
    "    更正原记录(网址不变),而不是新建一条。新增的行留空即可。",
    f"    案例编号是 12 位字母和数字(如 {codes.CASE_KEY_EXAMPLE}),各网站通用:",
    "    导入另一网站导出的文件,新建的案例沿用原编号;最后一位是校验位,输错会被指出。",
    "    本站旧文件中的数字编号仍然有效。",
    "    案例名单中没有案例编号的行:若同一获奖对象在本榜单已有另一标题的案例,",
    "    视为更正该案例的标题。",
    "带“(英文)”的列和行填写英文名称或说明,可以留空;留空时英文页面显示中文原文和拼音。",
    "    同一获奖对象在各行的英文名称必须一致。不要填写机器翻译。",
    "",
    "导入前会先预览每一行将新增、修改、不变还是跳过;只要有一处错误,就不会写入任何数据。",
    "同一文件重复导入不会产生变化。文件中没有的奖项不会被删除。",
    "以 = + - @ 开头的文字在导出时前面加了 ' ,防止被当作公式;导入时会自动去掉。",
)


def _cell(value):
    return neutralise_formula(value) if isinstance(value, str) else value


def _style_header(sheet, widths):
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _kind_validation(sheet, column: int, mapping: dict, title: str):
    """A drop-down of the allowed labels for one column (rows 2 to Excel's last row)."""
    options = ",".join(mapping)
    validation = DataValidation(
        type="list",
        formula1=f'"{options}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title,
        error=_("请从下拉列表中选择:%(choices)s") % {"choices": "、".join(mapping)},
    )
    letter = get_column_letter(column)
    validation.add(f"{letter}2:{letter}1048576")
    sheet.add_data_validation(validation)


def _help_sheet(book):
    sheet = book.create_sheet(layout.HELP_SHEET)
    sheet.column_dimensions["A"].width = 110
    for line in HELP_LINES:
        sheet.append([line])
    for row in sheet.iter_rows():
        row[0].alignment = Alignment(wrap_text=False)


def _edition_sheet(book, edition: Edition | None):
    sheet = book.create_sheet(layout.EDITION_SHEET)
    sheet.append(list(layout.EDITION_HEADER))
    for field_name, label in layout.EDITION_FIELDS:
        value = getattr(edition, field_name) if edition else None
        if field_name == "published_at":
            value = layout.to_local_naive(value)
        sheet.append([label, _cell(value)])
        if isinstance(value, datetime.datetime):
            sheet.cell(row=sheet.max_row, column=2).number_format = "yyyy-mm-dd hh:mm:ss"
        elif isinstance(value, datetime.date):
            sheet.cell(row=sheet.max_row, column=2).number_format = "yyyy-mm-dd"
    _style_header(sheet, (14, 60))


def _lists_sheet(book, rows):
    sheet = book.create_sheet(layout.LISTS_SHEET)
    sheet.append([label for _, label in layout.LIST_COLUMNS])
    for row in rows:
        sheet.append([_cell(v) for v in row])
    widths = {"sheet": 30, "name": 36, "name_en": 36, "slug": 24, "description": 50}
    widths["description_en"] = 50
    _style_header(sheet, [widths.get(name, 12) for name, _ in layout.LIST_COLUMNS])
    kind_column = [name for name, _ in layout.LIST_COLUMNS].index("kind") + 1
    _kind_validation(sheet, kind_column, layout.LIST_KINDS, _("榜单类型"))


def _award_sheet(book, title: str, awards, case_list: bool):
    sheet = book.create_sheet(title)
    columns = [
        (name, label)
        for name, label in layout.AWARD_COLUMNS
        if case_list or name not in layout.CASE_COLUMNS
    ]
    sheet.append([label for _, label in columns])
    for award in awards:
        values = award_values(award)
        sheet.append([_cell(values[name]) for name, _ in columns])
        withdrawn = [name for name, _ in columns].index("withdrawn_at") + 1
        if values["withdrawn_at"]:
            sheet.cell(row=sheet.max_row, column=withdrawn).number_format = "yyyy-mm-dd hh:mm:ss"
    widths = {
        "nominee": 30,
        "nominee_en": 30,
        "case_title": 50,
        "case_title_en": 50,
        "case_summary": 40,
        "announced_name": 30,
        "second_unit": 30,
        "withdrawal_reason": 30,
        "nominee_key": 24,
        "case_key": 16,
    }
    _style_header(sheet, [widths.get(name, 12) for name, _ in columns])
    kind_column = [name for name, _ in columns].index("nominee_kind") + 1
    _kind_validation(sheet, kind_column, layout.NOMINEE_KINDS, _("获奖对象类型"))


def award_values(award: Award) -> dict:
    return {
        "position": award.position,
        "nominee": award.nominee.name,
        "nominee_en": award.nominee.name_en or None,
        "nominee_kind": layout.label_of(layout.NOMINEE_KINDS, award.nominee.kind),
        "announced_name": award.announced_name,
        "case_title": award.case.title if award.case_id else None,
        "case_title_en": (award.case.title_en or None) if award.case_id else None,
        "case_summary": (award.case.summary or None) if award.case_id else None,
        "second_unit": (award.case.second_unit or None) if award.case_id else None,
        "second_unit_role": layout.label_of(layout.UNIT_ROLES, award.case.second_unit_role)
        if award.case_id and award.case.second_unit_role
        else None,
        "rank": award.rank,
        "level": award.level or None,
        "level_en": award.level_en or None,
        "withdrawn_at": layout.to_local_naive(award.withdrawn_at),
        "withdrawal_reason": award.withdrawal_reason or None,
        "nominee_key": award.nominee.slug,
        "case_key": codes.grouped(award.case.key) if award.case_id else None,
    }


def list_values(item: AwardList, sheet: str) -> list:
    """One row of the 榜单 sheet, in layout.LISTS order."""
    values = {
        "sheet": sheet,
        "name": item.name,
        "name_en": item.name_en or None,
        "slug": item.slug,
        "review_year": item.review_year,
        "source_unpublished": "是" if item.source_unpublished else "否",
        "position": item.position,
        "kind": layout.label_of(layout.LIST_KINDS, item.kind),
        "announced_count": item.announced_count,
        "description": item.description or None,
        "description_en": item.description_en or None,
    }
    return [values[name] for name, _ in layout.LIST_COLUMNS]


def _lists_with_awards(edition: Edition):
    awards = Award.objects.select_related("nominee", "case").order_by("position")
    return list(
        AwardList.objects.filter(edition=edition)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("awards", queryset=awards, to_attr="rows"))
    )


def sheet_names(award_lists) -> dict:
    """{list pk: sheet name}, stable for the same lists."""
    taken = {layout.match_key(name) for name in layout.RESERVED_SHEETS}
    return {item.pk: layout.safe_sheet_name(item.shown_name, taken) for item in award_lists}


def export_workbook(edition: Edition) -> bytes:
    """The whole edition: instructions, 届次, 榜单 (the sheet-to-list map), one sheet per list."""
    award_lists = _lists_with_awards(edition)
    names = sheet_names(award_lists)
    book = Workbook()
    book.remove(book.active)
    _help_sheet(book)
    _edition_sheet(book, edition)
    _lists_sheet(
        book,
        [list_values(item, names[item.pk]) for item in award_lists],
    )
    for item in award_lists:
        _award_sheet(book, names[item.pk], item.rows, item.is_case_list)
    book.active = 1
    return _save(book)


def template_workbook() -> bytes:
    """An empty workbook with every sheet and header, one sample sheet per list kind."""
    book = Workbook()
    book.remove(book.active)
    _help_sheet(book)
    _edition_sheet(book, None)
    _lists_sheet(book, [])
    _award_sheet(book, _("获奖名单(改成榜单名称)"), [], case_list=False)
    _award_sheet(book, _("案例名单(改成榜单名称)"), [], case_list=True)
    return _save(book)


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_csv(edition: Edition) -> bytes:
    """Every award of the edition in one table (年份, 榜单 on each row), UTF-8 with a BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in layout.FLAT_COLUMNS])
    for item in _lists_with_awards(edition):
        for award in item.rows:
            values = {"year": edition.year, "list": item.name, **award_values(award)}
            writer.writerow([_csv_cell(values[name]) for name, _ in layout.FLAT_COLUMNS])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return _cell(str(value))


def export_json(edition: Edition) -> bytes:
    """The edition with its lists and awards, keyed by natural keys (for scripts, not Excel)."""
    data = {field: getattr(edition, field) for field, _ in layout.EDITION_FIELDS}
    data["lists"] = [
        {
            "name": item.name,
            "name_en": item.name_en,
            "slug": item.slug,
            "review_year": item.review_year,
            "source_unpublished": item.source_unpublished,
            "position": item.position,
            "kind": item.kind,
            "announced_count": item.announced_count,
            "description": item.description,
            "description_en": item.description_en,
            "awards": [
                {
                    "position": award.position,
                    "nominee": award.nominee.name,
                    "nominee_en": award.nominee.name_en,
                    "nominee_key": award.nominee.slug,
                    "nominee_kind": award.nominee.kind,
                    "announced_name": award.announced_name,
                    "case": award.case.title if award.case_id else None,
                    "case_en": award.case.title_en if award.case_id else None,
                    "second_unit": award.case.second_unit if award.case_id else None,
                    "second_unit_role": award.case.second_unit_role if award.case_id else None,
                    "case_key": codes.grouped(award.case.key) if award.case_id else None,
                    "rank": award.rank,
                    "level": award.level,
                    "level_en": award.level_en,
                    "withdrawn_at": award.withdrawn_at,
                    "withdrawal_reason": award.withdrawal_reason,
                }
                for award in item.rows
            ],
        }
        for item in _lists_with_awards(edition)
    ]
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")
