"""An award: one placement of a nominee (and its case) in a list, and its withdrawal."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards import codes, querysets
from awards.models.base import import_permission
from awards.models.cases import Case
from awards.models.lists import AwardList
from awards.models.nominees import Nominee
from awards.text import RefusesDirectionControls, clean_text


class Award(querysets.AwardFacts, RefusesDirectionControls, models.Model):
    """One placement of a nominee (and, in case lists, its case) in an award list."""

    award_list = models.ForeignKey(
        AwardList, on_delete=models.CASCADE, related_name="awards", verbose_name=_("榜单")
    )
    position = models.PositiveIntegerField(_("顺序"))
    nominee = models.ForeignKey(
        Nominee, on_delete=models.PROTECT, related_name="awards", verbose_name=_("获奖对象")
    )
    # The name the award was announced under, as the source printed it. Renames and merges
    # change the nominee, never this: every channel prints it, linked to the nominee.
    announced_name = models.CharField(
        _("获奖时名称"),
        max_length=200,
        blank=True,
        help_text=_(
            "公布时使用的名称;留空则取获奖对象当前的名称。获奖对象日后改名或合并,它都不变。"
        ),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
        verbose_name=_("案例"),
    )
    rank = models.PositiveSmallIntegerField(
        _("名次"), null=True, blank=True, help_text=_("可以并列:两个奖项可以同为第3名。")
    )
    level = models.CharField(
        _("等级"), max_length=50, blank=True, help_text=_("例如:一等奖、提名。")
    )
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤销原因"), blank=True)
    # Printed on the certificate and looked up at /verify/<code>/. Random, never derived from
    # the id; once issued the database keeps it for good (migration 0007's trigger ignores any
    # UPDATE of it, so loaddata, imports and merges cannot change a code already handed out).
    verification_code = models.CharField(
        _("验证码"), max_length=codes.LENGTH, default=codes.new_code, editable=False
    )

    # What an organizer types of an award, in this order: the admin form and the 奖项 sheet
    # (awards.resources) both take these; withdrawal has its own step (services.withdraw_award).
    ORGANIZER_FIELDS = (
        "award_list",
        "position",
        "nominee",
        "announced_name",
        "case",
        "rank",
        "level",
        "level_en",
    )

    history = HistoricalRecords()
    objects = querysets.AwardQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("奖项")
        ordering = ("award_list", "position")
        permissions = (import_permission("award", "award"),)
        constraints = (
            models.UniqueConstraint(
                fields=("award_list", "position"), name="award_unique_position"
            ),
            models.UniqueConstraint(fields=("award_list", "nominee"), name="award_unique_nominee"),
            models.UniqueConstraint(fields=("award_list", "case"), name="award_unique_case"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="award_withdrawal_has_reason",
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="award_rank_positive"),
            models.UniqueConstraint(fields=("verification_code",), name="award_unique_code"),
            models.CheckConstraint(
                condition=~Q(announced_name=""), name="award_announced_name_not_empty"
            ),
        )

    def __str__(self):
        return f"{self.award_list} · {self.announced_name or self.nominee}"

    def save(self, *args, **kwargs):
        # Announced under the nominee's name of the day unless the source said otherwise.
        if not self.announced_name and self.nominee_id:
            self.announced_name = self.nominee.name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.case_id:
            return reverse("awards:case", kwargs={"pk": self.case_id})
        return self.award_list.get_absolute_url()

    def natural_key(self):
        return (*self.award_list.natural_key(), self.position)

    natural_key.dependencies = ["awards.awardlist", "awards.nominee", "awards.case"]

    def clean(self):
        errors = {}
        award_list = self.award_list if self.award_list_id else None
        if award_list is not None:
            if award_list.is_case_list and self.case_id is None:
                errors["case"] = _("案例榜单中的每个奖项都必须指定案例。")
            if not award_list.is_case_list and self.case_id is not None:
                errors["case"] = _("这是获奖名单,奖项不能指定案例。")
        if self.case_id and self.nominee_id and self.case.nominee_id != self.nominee_id:
            errors["case"] = _("案例「%(case)s」属于「%(owner)s」,与获奖对象不一致。") % {
                "case": self.case.title,
                "owner": self.case.nominee.name,
            }
        self.announced_name = clean_text(self.announced_name)
        if not self.announced_name and self.nominee_id:
            self.announced_name = self.nominee.name  # as save() would; checked by the constraint
        if self.withdrawn_at and not clean_text(self.withdrawal_reason):
            errors["withdrawal_reason"] = _("撤销奖项时必须填写原因。")
        if errors:
            raise ValidationError(errors)
