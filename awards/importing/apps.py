from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportingConfig(AppConfig):
    """Owns the pending uploads table (awards_pendingimport, named before the move)."""

    name = "awards.importing"
    label = "importing"
    verbose_name = _("导入")
