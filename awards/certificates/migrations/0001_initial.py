"""CertificateDesign, taken over from the awards app with its table and rows."""

import awards.certificates.models
import awards.certificates.wording
import django.core.validators
import django.db.models.deletion
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
            name="CertificateDesign",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(default="荣誉证书", max_length=20, verbose_name="标题")),
                (
                    "wording",
                    models.TextField(
                        default="{recipient}：\n在{edition}中，荣获「{list}」{rank_level}。\n特发此证，以资鼓励。",
                        help_text="第一行是称呼,其余每行一段。",
                        validators=[awards.certificates.wording.validate_wording],
                        verbose_name="获奖名单的证书文字",
                    ),
                ),
                (
                    "case_wording",
                    models.TextField(
                        default="{organization}：\n你单位的案例《{case_title}》在{edition}中，荣获「{list}」{rank_level}。\n特发此证，以资鼓励。",
                        validators=[awards.certificates.wording.validate_wording],
                        verbose_name="案例名单的证书文字",
                    ),
                ),
                (
                    "title_en",
                    models.CharField(
                        default="Certificate of Honour", max_length=40, verbose_name="英文标题"
                    ),
                ),
                (
                    "wording_en",
                    models.TextField(
                        default="{recipient}\nhas been honoured in the list “{list}” of {edition}{rank_level}.\nPresented in recognition of outstanding work.",
                        validators=[awards.certificates.wording.validate_wording],
                        verbose_name="获奖名单的英文证书文字",
                    ),
                ),
                (
                    "case_wording_en",
                    models.TextField(
                        default="{organization}\nhas been honoured for the case “{case_title}” in the list “{list}” of {edition}{rank_level}.\nPresented in recognition of outstanding work.",
                        validators=[awards.certificates.wording.validate_wording],
                        verbose_name="案例名单的英文证书文字",
                    ),
                ),
                (
                    "issued_on",
                    models.DateField(
                        blank=True,
                        help_text="留空则用本届的举办日期。",
                        null=True,
                        verbose_name="落款日期",
                    ),
                ),
                (
                    "seal",
                    models.ImageField(
                        blank=True,
                        help_text="PNG(最好是透明背景)或 JPEG,不超过 2 MB;印在落款处。",
                        upload_to="certificates/seals/",
                        validators=[
                            django.core.validators.FileExtensionValidator(["png", "jpg", "jpeg"]),
                            awards.certificates.models.validate_seal_size,
                        ],
                        verbose_name="印章或签名图片",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
                (
                    "edition",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="certificate_design",
                        to="awards.edition",
                        verbose_name="届次",
                    ),
                ),
            ],
            options={
                "verbose_name": "证书设置",
                "verbose_name_plural": "证书设置",
                "db_table": "awards_certificatedesign",
                "ordering": ("-edition__year",),
            },
        ),
        app_label="certificates",
    )
