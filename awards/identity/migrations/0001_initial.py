"""SiteSettings, taken over from the awards app with its table and rows."""

import awards.identity.models
import django.core.validators
from django.db import migrations, models

from awards.moved_tables import take_over


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("awards", "0012_h20_tables_to_their_apps"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = take_over(
        migrations.CreateModel(
            name="SiteSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="页眉、标题和分享卡片上的名称。",
                        max_length=100,
                        verbose_name="网站名称",
                    ),
                ),
                (
                    "name_en",
                    models.CharField(
                        help_text="页眉、标题和分享卡片上的名称。",
                        max_length=100,
                        null=True,
                        verbose_name="网站名称",
                    ),
                ),
                (
                    "short_name",
                    models.CharField(
                        blank=True,
                        help_text="活动名称,用在“在……获得的荣誉”等句子里。",
                        max_length=60,
                        verbose_name="简称",
                    ),
                ),
                (
                    "short_name_en",
                    models.CharField(
                        blank=True,
                        help_text="活动名称,用在“在……获得的荣誉”等句子里。",
                        max_length=60,
                        null=True,
                        verbose_name="简称",
                    ),
                ),
                (
                    "tagline",
                    models.CharField(
                        blank=True,
                        help_text="搜索引擎和分享卡片上的描述。",
                        max_length=300,
                        verbose_name="一句话介绍",
                    ),
                ),
                (
                    "tagline_en",
                    models.CharField(
                        blank=True,
                        help_text="搜索引擎和分享卡片上的描述。",
                        max_length=300,
                        null=True,
                        verbose_name="一句话介绍",
                    ),
                ),
                ("footer_text", models.TextField(blank=True, verbose_name="页脚说明")),
                (
                    "footer_text_en",
                    models.TextField(blank=True, null=True, verbose_name="页脚说明"),
                ),
                (
                    "contact",
                    models.CharField(
                        blank=True,
                        help_text="例如电子邮箱或电话,显示在页脚。",
                        max_length=200,
                        verbose_name="联系方式",
                    ),
                ),
                (
                    "contact_en",
                    models.CharField(
                        blank=True,
                        help_text="例如电子邮箱或电话,显示在页脚。",
                        max_length=200,
                        null=True,
                        verbose_name="联系方式",
                    ),
                ),
                (
                    "search_example",
                    models.CharField(
                        blank=True,
                        help_text="一个获奖对象的名称,搜索框和搜索帮助用它举例。",
                        max_length=60,
                        verbose_name="搜索示例",
                    ),
                ),
                (
                    "search_example_en",
                    models.CharField(
                        blank=True,
                        help_text="一个获奖对象的名称,搜索框和搜索帮助用它举例。",
                        max_length=60,
                        null=True,
                        verbose_name="搜索示例",
                    ),
                ),
                (
                    "logo",
                    models.ImageField(
                        blank=True,
                        help_text="PNG、JPEG、WebP 或 GIF,显示在页眉。",
                        upload_to="site/",
                        validators=[
                            django.core.validators.FileExtensionValidator(
                                ("png", "jpg", "jpeg", "webp", "gif", "ico")
                            ),
                            awards.identity.models.validate_image_size,
                        ],
                        verbose_name="标志",
                    ),
                ),
                (
                    "favicon",
                    models.ImageField(
                        blank=True,
                        help_text="PNG 或 ICO,浏览器标签页上的小图标。",
                        upload_to="site/",
                        validators=[
                            django.core.validators.FileExtensionValidator(
                                ("png", "jpg", "jpeg", "webp", "gif", "ico")
                            ),
                            awards.identity.models.validate_image_size,
                        ],
                        verbose_name="网站图标",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
            ],
            options={
                "verbose_name": "网站设置",
                "verbose_name_plural": "网站设置",
                "db_table": "awards_sitesettings",
            },
        ),
        app_label="identity",
    )
