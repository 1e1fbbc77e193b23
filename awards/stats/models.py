"""Totals kept up to date by database triggers, so /stats/ reads a few rows (issue 21).

The triggers (SQL in awards/totals_triggers.py, created by this app's migrations) run inside the
statement that changes an award, a list's edition, an edition's year or a nominee's kind, so
the totals commit or roll back with the change itself, whatever wrote it: a form, a service,
an import's bulk_create/bulk_update, a merge or a raw queryset update. They count only current
(not withdrawn) awards of every edition, drafts included; what the public may see is decided
when they are read (awards/stats/figures.py), because a scheduled edition becomes public at
its moment without any write.

Nothing in Python writes these tables; `awards.stats.totals.rebuild()` recounts them from
the awards (migration 0001 and the `stats_totals` command).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


def _kept_for(model: str, verbose_name):
    # No database constraint and DO_NOTHING: only the triggers write or remove these rows,
    # so deleting a record never depends on the order Django deletes related rows in.
    return models.OneToOneField(
        model,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class EditionTotal(models.Model):
    """Current awards and distinct winners of one edition."""

    edition = _kept_for("awards.Edition", _("届次"))
    awards = models.PositiveIntegerField(_("奖项数"))
    winners = models.PositiveIntegerField(_("获奖者数"))

    class Meta:
        verbose_name = verbose_name_plural = _("届次合计")
        ordering = ("edition",)

    def __str__(self):
        return f"{self.edition_id}: {self.awards}/{self.winners}"


class NomineeTotal(models.Model):
    """Current awards of one nominee in every edition and the year of the first; a row
    exists only while the nominee has a current award."""

    nominee = _kept_for("awards.Nominee", _("参评对象"))
    # The nominee's kind, copied so the per-kind figures need no join with every nominee.
    kind = models.CharField(_("类型"), max_length=16)
    awards = models.PositiveIntegerField(_("奖项数"))
    first_year = models.PositiveSmallIntegerField(_("首次获奖年份"))

    class Meta:
        verbose_name = verbose_name_plural = _("获奖者合计")
        ordering = ("nominee",)

    def __str__(self):
        return f"{self.nominee_id}: {self.awards} since {self.first_year}"
