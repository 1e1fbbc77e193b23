"""Stage 5, plan: what each row of a file would do to the database, without writing.

`plan_tables()` reads the tables top to bottom: the 届次 and 榜单 sheets (`plan_edition`),
then every list's rows (`plan_awards`, the one per-row path that workbook sheets and the
single-list CSV share). The result is an `outcomes.ImportPlan`.
"""

from django.utils.translation import gettext as _

from awards.importing import layout
from awards.importing.errors import SpreadsheetError
from awards.importing.matching import Records
from awards.importing.outcomes import ImportPlan
from awards.importing.plan_awards import AwardRows
from awards.importing.plan_edition import plan_flat, plan_workbook


def plan_tables(tables: list, filename: str = "", progress=None) -> ImportPlan:
    """Plan the tables read from one file; SpreadsheetError when its shape is unusable."""
    if not any(t.rows for t in tables):
        if any(any(c not in (None, "") for c in t.header) for t in tables):
            raise SpreadsheetError(_("文件只有表头,没有数据。"))
        raise SpreadsheetError(_("文件是空的。"))
    plan = ImportPlan(filename=filename)
    records = Records()
    award_rows = AwardRows(plan, records, progress)
    by_key = {layout.match_key(t.name or ""): t for t in tables}
    if layout.match_key(layout.EDITION_SHEET) in by_key:
        plan_workbook(tables, by_key, plan, records, award_rows)
    else:
        data_tables = [t for t in tables if t.rows]
        if len(data_tables) != 1:
            raise SpreadsheetError(
                _(
                    "找不到「%(edition)s」工作表。整届工作簿需要「%(edition)s」和「%(lists)s」两张表;"
                    "单个榜单请只放一张表,并带有「年份」和「榜单」列。请先下载模板对照。"
                )
                % {"edition": layout.EDITION_SHEET, "lists": layout.LISTS_SHEET}
            )
        plan_flat(data_tables[0], plan, records, award_rows)
    award_rows.plan_all()
    if not plan.issues and not plan.outcomes:
        raise SpreadsheetError(_("文件只有表头,没有数据。"))
    # Problems read top to bottom, sheet by sheet, as the organizer will fix them.
    order = {table.name: index for index, table in enumerate(tables)}
    plan.issues.sort(key=lambda i: (order.get(i.sheet, -1), i.row or 0))
    return plan
