"""PendingImport, taken over from the awards app with its table and rows."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models

from awards.moved_tables import take_over


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("awards", "0012_h20_tables_to_their_apps"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = take_over(
        migrations.CreateModel(
            name="PendingImport",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[("workbook", "整届工作簿"), ("resource", "单表导入")],
                        max_length=16,
                        verbose_name="类型",
                    ),
                ),
                ("filename", models.CharField(blank=True, max_length=255, verbose_name="文件名")),
                ("content", models.BinaryField(verbose_name="文件内容")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                (
                    "created_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="上传时间"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="pending_imports",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="上传者",
                    ),
                ),
            ],
            options={
                "verbose_name": "待确认的导入",
                "verbose_name_plural": "待确认的导入",
                "db_table": "awards_pendingimport",
                "ordering": ("-created_at",),
            },
        ),
        app_label="importing",
    )
