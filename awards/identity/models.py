"""SiteSettings: the event's name, words and images, one row edited by a superuser."""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from solo.models import SingletonModel

from awards.pinyin import spell_row, stored_forms_field
from awards.uploads import RandomName

# Raster formats only: an SVG served from our own origin could carry script.
IMAGE_EXTENSIONS = ("png", "jpg", "jpeg", "webp", "gif", "ico")
# A logo or favicon is a few kilobytes; anything bigger slows every first visit.
IMAGE_MAX_BYTES = 1024 * 1024


def validate_image_size(file) -> None:
    if file and file.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("图片太大(%(size)s KB),请上传 1 MB 以内的图片。"),
            params={"size": file.size // 1024},
        )


def _image_field(verbose_name, help_text):
    # Stored through the default storage (FileSystemStorage or S3, summit/settings.py).
    return models.ImageField(
        verbose_name,
        upload_to=RandomName("site"),
        blank=True,
        validators=[FileExtensionValidator(IMAGE_EXTENSIONS), validate_image_size],
        help_text=help_text,
    )


class SiteSettings(SingletonModel):
    """The identity every page, the feed and the admin show (awards.identity.current())."""

    name = models.CharField(
        _("网站名称"), max_length=100, help_text=_("页眉、标题和分享卡片上的名称。")
    )
    short_name = models.CharField(
        _("简称"), max_length=60, blank=True, help_text=_("活动名称,用在“在……获得的荣誉”等句子里。")
    )
    tagline = models.CharField(
        _("一句话介绍"), max_length=300, blank=True, help_text=_("搜索引擎和分享卡片上的描述。")
    )
    footer_text = models.TextField(_("页脚说明"), blank=True)
    contact = models.CharField(
        _("联系方式"), max_length=200, blank=True, help_text=_("例如电子邮箱或电话,显示在页脚。")
    )
    search_example = models.CharField(
        _("搜索示例"),
        max_length=60,
        blank=True,
        help_text=_("一个获奖对象的名称,搜索框和搜索帮助用它举例。"),
    )
    logo = _image_field(_("标志"), _("PNG、JPEG、WebP 或 GIF,显示在页眉。"))
    favicon = _image_field(_("网站图标"), _("PNG 或 ICO,浏览器标签页上的小图标。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Derived on save: the words and syllables of the Han names (awards.pinyin.stored_forms),
    # so every page spells the search example without loading the dictionaries.
    pinyin = stored_forms_field()

    class Meta:
        # Created by the awards app before this app owned it (see awards/migrations/0012_h20_*).
        db_table = "awards_sitesettings"
        verbose_name = verbose_name_plural = _("网站设置")

    def __str__(self):
        return str(self._meta.verbose_name)

    def save(self, *args, **kwargs):
        self.pinyin = spell_row(self)
        super().save(*args, **kwargs)
