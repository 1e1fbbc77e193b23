"""An award list: one named list within an edition, of nominees or of cases."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards import querysets
from awards.models.base import import_permission, plausible_year
from awards.models.editions import Edition
from awards.pinyin import spell_row, stored_forms_field
from awards.text import RefusesDirectionControls

# /<year>/stats/ is the edition's statistics page, so no list may take that slug.
RESERVED_LIST_SLUGS = ("stats", "corrections")


class AwardList(RefusesDirectionControls, models.Model):
    """One named list within an edition, e.g. 2022年优秀政务新媒体."""

    class Kind(models.TextChoices):
        NOMINEES = "nominees", _("获奖名单")
        CASES = "cases", _("案例名单")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="award_lists", verbose_name=_("届次")
    )
    # Blank when the source announced the list without naming it: it is shown as
    # 名称未公布的榜单 with its position (unnamed_label), never under an invented name.
    name = models.CharField(
        _("榜单名称"),
        max_length=200,
        blank=True,
        help_text=_("来源没有公布名称时留空,页面显示为“名称未公布的榜单”。"),
    )
    slug = models.SlugField(_("网址标识"), max_length=80)
    # The year the list honours; many summits hold the ceremony the year after (2021届 names
    # 2020年优秀政务新媒体). Kept on the list, not the edition: one edition may mix both.
    review_year = models.PositiveSmallIntegerField(
        _("评选年度"),
        blank=True,
        validators=plausible_year(),
        help_text=_("榜单评选的年度;留空即为届次的年份。"),
    )
    source_unpublished = models.BooleanField(
        _("来源未公布名单"),
        default=False,
        help_text=_("来源只公布了榜单、没有公布获奖名单时勾选;页面会如实说明。"),
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.NOMINEES)
    announced_count = models.PositiveIntegerField(
        _("公布数量"),
        null=True,
        blank=True,
        help_text=_("主办方公布的获奖数量,可以多于已录入的数量;未知时留空。"),
    )
    description = models.TextField(_("说明"), blank=True)
    # Derived on save, as Edition.pinyin.
    pinyin = stored_forms_field()

    history = HistoricalRecords()
    objects = querysets.AwardListQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("榜单")
        ordering = ("edition", "position", "pk")
        permissions = (import_permission("awardlist", "award list"),)
        constraints = (
            models.UniqueConstraint(fields=("edition", "slug"), name="awardlist_unique_slug"),
            # Unnamed lists (blank) may be several in one edition.
            models.UniqueConstraint(
                fields=("edition", "name"),
                condition=~Q(name=""),
                name="awardlist_unique_name",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=("nominees", "cases")), name="awardlist_kind_valid"
            ),
        )

    def __str__(self):
        # Two editions may both hold a 十佳案例: the admin (delete confirmations, deleted
        # records, pickers, history) must tell them apart.
        try:
            year = self.edition.year if self.edition_id else None
        except Edition.DoesNotExist:  # a deleted list's record whose edition is gone too
            year = None
        return self.label(self.shown_name, year)

    def save(self, *args, **kwargs):
        # The review year defaults to the edition's year (the common case, and every old list).
        if self.review_year is None and self.edition_id:
            self.review_year = self.edition.year
        self.pinyin = spell_row(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:award-list", kwargs={"year": self.edition.year, "slug": self.slug})

    @property
    def shown_name(self) -> str:
        """The name as published, or 名称未公布的榜单(第N个) for a list the source left unnamed."""
        return self.name or self.unnamed_label()

    def unnamed_label(self) -> str:
        return _("名称未公布的榜单(第%(position)s个)") % {"position": self.position}

    def natural_key(self):
        return (*self.edition.natural_key(), self.slug)

    natural_key.dependencies = ["awards.edition"]

    @property
    def is_case_list(self) -> bool:
        return self.kind == self.Kind.CASES

    @staticmethod
    def label(name: str, year: int | None) -> str:
        """A list's name with its edition's year, unless the name already holds it."""
        if year is None or str(year) in name:
            return name
        return _("%(name)s(%(year)s届)") % {"name": name, "year": year}

    def clean(self):
        if self.slug in RESERVED_LIST_SLUGS:
            raise ValidationError(
                {
                    "slug": _(
                        "「%(slug)s」已用作本届其他页面(统计、更正记录)的网址,请换一个网址标识。"
                    )
                    % {"slug": self.slug}
                }
            )
