"""The data version: one counter bumped on every committed change to public data."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """A single counter bumped on every committed change to public data.

    Every app instance reads it once per request, so a page cached by one
    instance is never served after another instance committed a change.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = _("数据版本")
        constraints = (models.CheckConstraint(condition=Q(pk=1), name="dataversion_singleton"),)

    def __str__(self):
        return str(self.version)
