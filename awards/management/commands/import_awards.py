"""Import a whole-edition workbook (.xlsx) or one-list CSV with the admin's checks and messages."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from awards.importing import services
from awards.importing.errors import SpreadsheetError


class Command(BaseCommand):
    help = _("导入整届工作簿(.xlsx)或单个榜单的 CSV;有任何错误则什么都不写入。")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("要导入的 .xlsx 或 .csv 文件"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("只预览将要发生的变化,不写入数据库")
        )
        parser.add_argument(
            "--show-rows", action="store_true", help=_("逐行列出新增、修改、不变和跳过")
        )
        parser.add_argument(
            "--reason",
            default="",
            help=_("修改原因;导入会修改已发布的届次时必填,并列入公开的更正记录"),
        )

        parser.add_argument(
            "--confirm-removals",
            action="store_true",
            help=_("确认导入会撤下公开内容(取消发布、替换已发布的奖项);没有它,这样的导入会被拒绝"),
        )

    def handle(self, *args, file, dry_run, show_rows, reason, confirm_removals, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("无法读取文件:%(error)s") % {"error": exc}) from None

        # A bar on a terminal; cron jobs and pipes get only the summary.
        bar = tqdm(
            desc=_("核对"),
            unit=_("行"),
            disable=not self.stderr.isatty() or options["verbosity"] < 1,
            # The raw stream: OutputWrapper would end every redraw with a new line.
            file=self.stderr._out,
        )
        try:
            if dry_run:
                plan = services.plan_import(data, path.name, progress=bar)
            else:
                plan = services.apply_import(
                    data,
                    path.name,
                    progress=bar,
                    reason=reason,
                    require_reason=True,
                    confirm_removals=confirm_removals,
                )
        except SpreadsheetError as exc:
            self._fail(exc.issues and [str(i) for i in exc.issues])
        except services.ReasonRequired:
            self._fail(
                [], _("本届已发布,导入的修改会列入公开的更正记录:请用 --reason 说明修改原因。")
            )
        except services.RemovalsUnconfirmed as exc:
            self._warn_removals(exc.plan)
            self._fail(
                [],
                _(
                    "这次导入会撤下公开内容,没有写入任何数据:"
                    "确认无误后请加 --confirm-removals 重新运行。"
                ),
            )
        finally:
            bar.close()

        if show_rows or options["verbosity"] > 1:
            for outcome in plan.outcomes:
                where = " ".join(str(p) for p in (outcome.sheet, outcome.row) if p)
                changes = ";".join(outcome.changes)
                self.stdout.write(f"{outcome.action_label}\t{where}\t{outcome.label}\t{changes}")
        self._warn_removals(plan)
        for note in plan.notes:
            self.stdout.write(self.style.WARNING(note))
        if not plan.ok:
            self._fail(plan.issue_lines(), plan.summary())
        prefix = _("预览(未写入):") if dry_run else _("导入完成:")
        self.stdout.write(self.style.SUCCESS(prefix + plan.summary()))

    def _warn_removals(self, plan):
        """What takes something off the public site, apart and first (as in the admin)."""
        if plan.removals:
            self.stderr.write(self.style.ERROR(_("警告:这次导入会从公开网站上撤下以下内容:")))
            for line in plan.removals:
                self.stderr.write(self.style.ERROR(f"  {line}"))

    def _fail(self, lines, summary=None):
        for line in lines:
            self.stderr.write(line)
        raise CommandError(summary or _("文件无法导入,没有写入任何数据。"))
