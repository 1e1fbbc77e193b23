"""Check or recount the statistics totals (awards/stats/models.py) against the awards."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.stats import totals


class Command(BaseCommand):
    help = _("核对(默认)或重新统计 /stats/ 读取的届次与获奖者合计。")

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help=_("先从全部奖项重新统计合计,再核对。")
        )

    def handle(self, *args, **options):
        if options["rebuild"]:
            totals.rebuild()
        found = totals.differences()
        for line in found[:20]:
            self.stderr.write(line)
        if found:
            raise CommandError(
                _("%(count)d 处合计与奖项不符;运行 stats_totals --rebuild 重新统计。")
                % {"count": len(found)}
            )
        if options["verbosity"] > 0:
            self.stdout.write(_("统计合计与奖项一致。"))
