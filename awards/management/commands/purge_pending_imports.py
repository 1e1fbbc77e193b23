"""Delete uploaded files whose import preview was never confirmed (older than 24 hours)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from awards.importing.models import PendingImport


class Command(BaseCommand):
    help = _("删除超过 24 小时仍未确认的导入预览文件。")

    def handle(self, *args, **options):
        deleted = PendingImport.objects.purge_expired()
        if options["verbosity"] > 0:
            self.stdout.write(_("已删除 %(count)d 个过期的导入预览。") % {"count": deleted})
