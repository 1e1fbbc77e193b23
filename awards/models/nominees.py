"""A nominee: a winner that persists across editions, with its aliases, links and slug."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards import querysets
from awards.models.base import import_permission
from awards.pinyin import search_blob, sort_key, spell_row, stored_forms_field
from awards.slugs import mint_slug
from awards.text import RefusesDirectionControls, clean_text


class Nominee(RefusesDirectionControls, models.Model):
    """A winner that persists across editions: an account, outlet, creator or organization."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("政务新媒体账号")
        MEDIA = "media", _("媒体")
        SELF_MEDIA = "self_media", _("自媒体")
        ORGANIZATION = "organization", _("单位")

    name = models.CharField(_("名称"), max_length=200, unique=True)
    slug = models.SlugField(
        _("网址标识"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("由名称的拼音自动生成,之后改名也不变,以免旧链接失效。"),
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    aliases = models.JSONField(
        _("别名"),
        default=list,
        blank=True,
        help_text=_("其他名称,例如微博名或运营单位全称。"),
    )
    description = models.TextField(_("简介"), blank=True)
    links = models.JSONField(_("链接"), default=list, blank=True)
    # Derived from the names, aliases and English description on save; lets search match
    # pinyin, initials and English words.
    search_text = models.TextField(_("检索文本"), blank=True, editable=False)
    # Derived from the name on save: the pinyin order of the nominee index (/nominees/).
    sort_key = models.CharField(_("排序键"), max_length=200, blank=True, editable=False)
    # Derived on save from the name and aliases, as Edition.pinyin (English pages, highlighting).
    pinyin = stored_forms_field()

    # What an organizer reads and writes of a nominee, in this order: the admin form and the
    # nominee spreadsheet (awards.resources) both show these; the rest is derived on save.
    ORGANIZER_FIELDS = (
        "name",
        "name_en",
        "kind",
        "aliases",
        "description",
        "description_en",
        "links",
        "slug",
    )

    history = HistoricalRecords()
    objects = querysets.NomineeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("获奖对象")
        ordering = ("name",)
        permissions = (import_permission("nominee", "nominee"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(kind__in=("account", "media", "self_media", "organization")),
                name="nominee_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="nominee_name_not_empty"),
        )
        indexes = (models.Index(fields=("sort_key", "name"), name="nominee_sort_key"),)

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The slug is minted once and never follows later renames: shared links must last.
        if not self.slug:
            self.slug = self._unique_slug()
        self.refresh_derived()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:nominee", kwargs={"slug": self.slug})

    def refresh_derived(self) -> None:
        """Derive search text, sort key and pinyin; bulk writers that skip save() call this."""
        self.search_text = self.build_search_text()
        self.sort_key = sort_key(self.name)
        self.pinyin = spell_row(self)

    def build_search_text(self) -> str:
        """Every form a visitor may type: names, aliases, pinyin, initials, English words."""
        english = [value for value in (self.name_en, self.description_en) if value]
        return search_blob(self.name, *self.aliases, *english)

    def natural_key(self):
        return (self.name,)

    def clean(self):
        self.name = clean_text(self.name)
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": _("别名必须是文字列表。")})
        self.aliases = [a for a in (clean_text(a) for a in self.aliases) if a and a != self.name]
        if not isinstance(self.links, list):
            raise ValidationError({"links": _("链接必须是网址列表。")})
        validate = URLValidator(schemes=("http", "https"))
        for link in self.links:
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(
                    {"links": _("「%(link)s」不是有效的网址。") % {"link": link}}
                ) from None

    def _unique_slug(self) -> str:
        return mint_slug(self.name, existing=Nominee.objects.exclude(pk=self.pk))
