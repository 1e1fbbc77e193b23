from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Owns the site settings table (awards_sitesettings, named before the move)."""

    name = "awards.identity"
    label = "identity"
    verbose_name = _("网站设置")
