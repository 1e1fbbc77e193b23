"""Export one edition as a workbook (.xlsx), a flat CSV (UTF-8 with BOM) or JSON."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.importing import workbook
from awards.models import Edition

EXPORTERS = {
    "xlsx": workbook.export_workbook,
    "csv": workbook.export_csv,
    "json": workbook.export_json,
}


class Command(BaseCommand):
    help = _("导出一届的全部榜单;导出的工作簿可以原样导入。")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help=_("届次年份,例如 2022"))
        parser.add_argument(
            "-o", "--output", help=_("输出文件;“-”表示标准输出。默认 summit-awards-年份.格式")
        )
        parser.add_argument(
            "--format", choices=sorted(EXPORTERS), help=_("默认按输出文件的扩展名,否则 xlsx")
        )

    def handle(self, *args, year, output, format, **options):
        edition = Edition.objects.filter(year=year).first()
        if edition is None:
            years = ", ".join(str(y) for y in Edition.objects.values_list("year", flat=True))
            raise CommandError(
                _("没有 %(year)d 年的届次。现有:%(years)s") % {"year": year, "years": years or "-"}
            )
        suffix = Path(output).suffix.lstrip(".").lower() if output and output != "-" else ""
        kind = format or (suffix if suffix in EXPORTERS else "xlsx")
        content = EXPORTERS[kind](edition)
        if output == "-":
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        target = Path(output or f"summit-awards-{year}.{kind}")
        target.write_bytes(content)
        if options["verbosity"] > 0:
            self.stderr.write(_("已导出到 %(path)s") % {"path": target})
