from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """The statistics pages and the totals they read (awards/stats/models.py).

    The totals are kept by database triggers (awards/totals_triggers.py), so no receiver is
    connected here: every write, bulk ones included, updates them in its own transaction.
    """

    name = "awards.stats"
    label = "stats"
    verbose_name = _("统计")
