"""Third-party apps given a Chinese name in the admin index (their labels stay the same)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AxesAppConfig):
    # django-axes names its section "Axes"; its models' names come from locale/zh_Hans.
    verbose_name = _("登录保护")
