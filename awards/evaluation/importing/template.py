"""The metric workbook template: one header row, in the order the import expects."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from awards.evaluation.importing.plan import BASE_COLUMNS
from awards.evaluation.models import CustomMetric, Evaluation
from awards.evaluation.vocabulary import METRICS


def headers(evaluation: Evaluation) -> list[str]:
    base = [header for name, header, _s in BASE_COLUMNS]
    if not evaluation.award_list.is_case_list:
        base.remove("案例")
    custom = CustomMetric.objects.filter(evaluation=evaluation).values_list("name", flat=True)
    return [*base, *(metric.label for metric in METRICS), *custom]


def workbook(evaluation: Evaluation) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "指标数据"
    sheet.append(headers(evaluation))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
