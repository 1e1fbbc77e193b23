"""Per-edition certificate design: wording in Chinese and English, the date, a seal image."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.certificates.wording import DEFAULTS, validate_wording
from awards.models import Edition
from awards.text import RefusesDirectionControls
from awards.uploads import RandomName

SEAL_MAX_BYTES = 2 * 1024 * 1024


def validate_seal_size(file) -> None:
    if file.size > SEAL_MAX_BYTES:
        raise ValidationError(
            _("印章图片不能超过 %(max)s MB(现在 %(size).1f MB)。"),
            code="seal_too_large",
            params={"max": SEAL_MAX_BYTES // (1024 * 1024), "size": file.size / 1024 / 1024},
        )


def _wording_field(label, key, help_text=""):
    return models.TextField(
        label, default=DEFAULTS[key], validators=[validate_wording], help_text=help_text
    )


class CertificateDesign(RefusesDirectionControls, models.Model):
    """How one edition's certificates read: title, wording per list kind, date and seal."""

    edition = models.OneToOneField(
        Edition,
        on_delete=models.CASCADE,
        related_name="certificate_design",
        verbose_name=_("届次"),
    )
    title = models.CharField(_("标题"), max_length=20, default=DEFAULTS["title"])
    wording = _wording_field(_("获奖名单的证书文字"), "wording", _("第一行是称呼,其余每行一段。"))
    case_wording = _wording_field(_("案例名单的证书文字"), "case_wording")
    title_en = models.CharField(_("英文标题"), max_length=40, default=DEFAULTS["title_en"])
    wording_en = _wording_field(_("获奖名单的英文证书文字"), "wording_en")
    case_wording_en = _wording_field(_("案例名单的英文证书文字"), "case_wording_en")
    issued_on = models.DateField(
        _("落款日期"), null=True, blank=True, help_text=_("留空则用本届的举办日期。")
    )
    seal = models.ImageField(
        _("印章或签名图片"),
        upload_to=RandomName("certificates/seals"),
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_seal_size],
        help_text=_("PNG(最好是透明背景)或 JPEG,不超过 2 MB;印在落款处。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        # Created by the awards app before this app owned it (see awards/migrations/0012_h20_*).
        db_table = "awards_certificatedesign"
        verbose_name = verbose_name_plural = _("证书设置")
        ordering = ("-edition__year",)

    def __str__(self):
        return str(self.edition)

    def texts(self, *, language: str, cases: bool) -> tuple[str, str]:
        """(title, wording) for a language ("en" or Chinese) and list kind."""
        suffix = "_en" if language == "en" else ""
        wording = f"{'case_' if cases else ''}wording{suffix}"
        return getattr(self, f"title{suffix}"), getattr(self, wording)

    @classmethod
    def for_edition(cls, edition: Edition) -> "CertificateDesign":
        """The saved design, or the defaults (unsaved) when the organizer never set one."""
        return cls.objects.filter(edition=edition).first() or cls(edition=edition)
