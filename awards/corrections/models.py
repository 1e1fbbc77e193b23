"""A correction made to a published edition, and a checked 待处理问题."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from awards.models import Edition
from awards.text import RefusesDirectionControls


class Correction(RefusesDirectionControls, models.Model):
    """One change made to an edition after it was published, shown in its public log."""

    class Kind(models.TextChoices):
        # Same Chinese as the admin actions, another English sense: a context tells them apart.
        WITHDRAWN = "withdrawn", pgettext_lazy("correction", "撤销奖项")
        REINSTATED = "reinstated", pgettext_lazy("correction", "恢复奖项")
        NOMINEE_RENAMED = "nominee_renamed", _("获奖对象更名")
        CASE_RENAMED = "case_renamed", _("案例标题更正")
        MERGED = "merged", _("合并重复的获奖对象")
        NOMINEE_CHANGED = "nominee_changed", _("获奖对象更正")
        RANK = "rank", _("名次更正")
        LEVEL = "level", _("等级更正")
        ADDED = "added", _("增加奖项")
        REMOVED = "removed", _("删除奖项")
        LIST_RENAMED = "list_renamed", _("榜单更名")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("届次")
    )
    recorded_at = models.DateTimeField(_("更正时间"), db_index=True)
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    # Names as they stood when the change was made: the log reads the same years later.
    list_name = models.CharField(_("榜单"), max_length=200, blank=True)
    subject = models.CharField(_("对象"), max_length=300, blank=True)
    old_value = models.CharField(_("原内容"), max_length=300, blank=True)
    new_value = models.CharField(_("新内容"), max_length=300, blank=True)
    reason = models.CharField(_("修改原因"), max_length=300, blank=True)
    # Path of the corrected record's page, when it has one.
    path = models.CharField(_("链接"), max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("更正记录")
        ordering = ("-recorded_at", "-pk")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=(
                        "withdrawn",
                        "reinstated",
                        "nominee_renamed",
                        "case_renamed",
                        "merged",
                        "nominee_changed",
                        "rank",
                        "level",
                        "added",
                        "removed",
                        "list_renamed",
                    )
                ),
                name="correction_kind_valid",
            ),
        )

    def __str__(self):
        return f"{self.edition.year} · {self.get_kind_display()} · {self.subject}"


class MovedPathManager(models.Manager):
    def get_by_natural_key(self, old_path):
        return self.get(old_path=old_path)


class MovedPath(models.Model):
    """A public path that once answered and now lives elsewhere: it answers 301 to new_path.

    Not django.contrib.redirects: that needs django.contrib.sites, which makes the feed and
    the sitemap build their absolute links from one database row's domain instead of the
    request's host (this site answers on several hosts and caches per origin).
    """

    old_path = models.CharField(_("原路径"), max_length=300, unique=True)
    new_path = models.CharField(_("新路径"), max_length=300)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # By old path: the 2022 fixture carries the old addresses of its nominees (loaddata twice
    # updates them instead of adding duplicates).
    objects = MovedPathManager()

    class Meta:
        verbose_name = verbose_name_plural = _("旧链接转址")
        ordering = ("old_path",)
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(old_path=models.F("new_path")), name="movedpath_not_to_itself"
            ),
        )

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"

    def natural_key(self):
        return (self.old_path,)


class ProblemAcknowledgement(models.Model):
    """An organizer checked one 待处理问题 of an edition; it stops being listed as open."""

    edition = models.ForeignKey(
        Edition,
        on_delete=models.CASCADE,
        related_name="acknowledged_problems",
        verbose_name=_("届次"),
    )
    # Problem.key: its kind and exactly what it is about (list and counts, nominee and lists,
    # case), so a new problem of the same kind has another key and still shows.
    key = models.CharField(_("问题标识"), max_length=200)
    message = models.CharField(_("问题"), max_length=500)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("核实人"),
    )
    acknowledged_at = models.DateTimeField(_("核实时间"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("已核实的问题")
        ordering = ("edition", "acknowledged_at")
        constraints = (
            models.UniqueConstraint(fields=("edition", "key"), name="acknowledgement_unique_key"),
        )

    def __str__(self):
        return self.message
