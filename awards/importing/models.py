"""Uploaded files waiting between preview and confirm, shared by every app instance."""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A preview nobody confirmed within this time is abandoned.
PENDING_LIFETIME = datetime.timedelta(hours=24)


class PendingImportQuerySet(models.QuerySet):
    def expired(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - PENDING_LIFETIME)

    def live(self, now=None):
        """Previews that may still be confirmed, even before a purge removes the others."""
        return self.filter(created_at__gte=(now or timezone.now()) - PENDING_LIFETIME)

    def purge_expired(self) -> int:
        deleted, _counts = self.expired().delete()
        return deleted


class PendingImport(models.Model):
    """The bytes of a previewed upload, so the confirm step may run on another app server."""

    class Kind(models.TextChoices):
        WORKBOOK = "workbook", _("整届工作簿")
        RESOURCE = "resource", _("单表导入")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pending_imports",
        verbose_name=_("上传者"),
    )
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    content = models.BinaryField(_("文件内容"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now, db_index=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        # Created by the awards app before this app owned it (see awards/migrations/0012_h20_*).
        db_table = "awards_pendingimport"
        verbose_name = verbose_name_plural = _("待确认的导入")
        ordering = ("-created_at",)

    def __str__(self):
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        self.sha256 = hashlib.sha256(bytes(self.content)).hexdigest()
        super().save(*args, **kwargs)
