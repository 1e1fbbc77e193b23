"""The record as announced (issue 25): each award's 获奖时名称, each list's 评选年度 and
来源未公布名单, lists without a published name, and a case's second unit with its role.

Adding NOT NULL columns and constraints makes SQLite rebuild awards_award, awards_awardlist and
awards_case, which the triggers of 0002 and 0007 name: they are dropped first and created
again at the end, from awards/triggers.py, which owns their SQL.
"""

import django.core.validators
from django.db import migrations, models

from awards import triggers

SQLITE_TRIGGERS = [*triggers.CROSS_TABLE_SQLITE, *triggers.CODE_FIXED_SQLITE]
SQLITE_TRIGGERS_REVERSE = [
    *triggers.CROSS_TABLE_SQLITE_REVERSE,
    *triggers.CODE_FIXED_SQLITE_REVERSE,
]


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def fill_announced_names(apps, schema_editor):
    """Each award's name as announced: its nominee's name when the award was first recorded.

    The current name is right unless the nominee was renamed, or the award moved by a merge,
    since; for those awards the history gives the name of the day.
    """
    Award = apps.get_model("awards", "Award")
    Nominee = apps.get_model("awards", "Nominee")
    HistoricalAward = apps.get_model("awards", "HistoricalAward")
    HistoricalNominee = apps.get_model("awards", "HistoricalNominee")
    names = dict(Nominee.objects.values_list("pk", "name"))
    renamed = set()
    for pk, name in HistoricalNominee.objects.values_list("id", "name").distinct():
        if names.get(pk) != name:
            renamed.add(pk)
    firsts = {}
    for row in HistoricalAward.objects.order_by("history_date", "history_id").values(
        "id", "nominee_id", "history_date"
    ):
        firsts.setdefault(row["id"], row)
    awards = list(Award.objects.only("pk", "nominee_id"))
    for award in awards:
        first = firsts.get(award.pk)
        name = names[award.nominee_id]
        if first is not None and (
            first["nominee_id"] != award.nominee_id or first["nominee_id"] in renamed
        ):
            then = (
                HistoricalNominee.objects.filter(
                    id=first["nominee_id"], history_date__lte=first["history_date"]
                )
                .order_by("-history_date", "-history_id")
                .values_list("name", flat=True)
                .first()
            )
            name = then or name
        award.announced_name = name
    Award.objects.bulk_update(awards, ["announced_name"], batch_size=500)


def fill_review_years(apps, schema_editor):
    """Every existing list honoured its edition's year unless its name says otherwise."""
    AwardList = apps.get_model("awards", "AwardList")
    lists = list(AwardList.objects.select_related("edition").only("pk", "edition__year"))
    for award_list in lists:
        award_list.review_year = award_list.edition.year
    AwardList.objects.bulk_update(lists, ["review_year"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0011_nominee_sort_key_english"),
    ]

    operations = [
        migrations.RunPython(_sqlite(SQLITE_TRIGGERS_REVERSE), _sqlite(SQLITE_TRIGGERS)),
        migrations.RemoveConstraint(
            model_name="awardlist",
            name="awardlist_unique_name",
        ),
        migrations.RemoveConstraint(
            model_name="awardlist",
            name="awardlist_unique_name-en",
        ),
        migrations.AddField(
            model_name="award",
            name="announced_name",
            field=models.CharField(
                blank=True,
                help_text="公布时使用的名称;留空则取获奖对象当前的名称。获奖对象日后改名或合并,它都不变。",
                max_length=200,
                verbose_name="获奖时名称",
            ),
        ),
        migrations.AddField(
            model_name="awardlist",
            name="review_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="榜单评选的年度;留空即为届次的年份。",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1990),
                    django.core.validators.MaxValueValidator(2200),
                ],
                verbose_name="评选年度",
            ),
        ),
        migrations.AddField(
            model_name="awardlist",
            name="source_unpublished",
            field=models.BooleanField(
                default=False,
                help_text="来源只公布了榜单、没有公布获奖名单时勾选;页面会如实说明。",
                verbose_name="来源未公布名单",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="second_unit",
            field=models.CharField(blank=True, max_length=200, verbose_name="第二单位"),
        ),
        migrations.AddField(
            model_name="case",
            name="second_unit_role",
            field=models.CharField(
                blank=True,
                choices=[("producer", "制作单位"), ("submitter", "报送单位")],
                max_length=16,
                verbose_name="第二单位角色",
            ),
        ),
        migrations.AddField(
            model_name="historicalaward",
            name="announced_name",
            field=models.CharField(
                blank=True,
                help_text="公布时使用的名称;留空则取获奖对象当前的名称。获奖对象日后改名或合并,它都不变。",
                max_length=200,
                verbose_name="获奖时名称",
            ),
        ),
        migrations.AddField(
            model_name="historicalawardlist",
            name="review_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="榜单评选的年度;留空即为届次的年份。",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1990),
                    django.core.validators.MaxValueValidator(2200),
                ],
                verbose_name="评选年度",
            ),
        ),
        migrations.AddField(
            model_name="historicalawardlist",
            name="source_unpublished",
            field=models.BooleanField(
                default=False,
                help_text="来源只公布了榜单、没有公布获奖名单时勾选;页面会如实说明。",
                verbose_name="来源未公布名单",
            ),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="second_unit",
            field=models.CharField(blank=True, max_length=200, verbose_name="第二单位"),
        ),
        migrations.AddField(
            model_name="historicalcase",
            name="second_unit_role",
            field=models.CharField(
                blank=True,
                choices=[("producer", "制作单位"), ("submitter", "报送单位")],
                max_length=16,
                verbose_name="第二单位角色",
            ),
        ),
        migrations.AlterField(
            model_name="awardlist",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="来源没有公布名称时留空,页面显示为“名称未公布的榜单”。",
                max_length=200,
                verbose_name="榜单名称",
            ),
        ),
        migrations.AlterField(
            model_name="awardlist",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="来源没有公布名称时留空,页面显示为“名称未公布的榜单”。",
                max_length=200,
                null=True,
                verbose_name="榜单名称",
            ),
        ),
        migrations.AlterField(
            model_name="historicalawardlist",
            name="name",
            field=models.CharField(
                blank=True,
                help_text="来源没有公布名称时留空,页面显示为“名称未公布的榜单”。",
                max_length=200,
                verbose_name="榜单名称",
            ),
        ),
        migrations.AlterField(
            model_name="historicalawardlist",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="来源没有公布名称时留空,页面显示为“名称未公布的榜单”。",
                max_length=200,
                null=True,
                verbose_name="榜单名称",
            ),
        ),
        migrations.RunPython(fill_announced_names, migrations.RunPython.noop),
        migrations.RunPython(fill_review_years, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="awardlist",
            name="review_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="榜单评选的年度;留空即为届次的年份。",
                validators=[
                    django.core.validators.MinValueValidator(1990),
                    django.core.validators.MaxValueValidator(2200),
                ],
                verbose_name="评选年度",
            ),
        ),
        migrations.AlterField(
            model_name="historicalawardlist",
            name="review_year",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="榜单评选的年度;留空即为届次的年份。",
                validators=[
                    django.core.validators.MinValueValidator(1990),
                    django.core.validators.MaxValueValidator(2200),
                ],
                verbose_name="评选年度",
            ),
        ),
        migrations.AddConstraint(
            model_name="award",
            constraint=models.CheckConstraint(
                condition=models.Q(("announced_name", ""), _negated=True),
                name="award_announced_name_not_empty",
            ),
        ),
        migrations.AddConstraint(
            model_name="awardlist",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name", ""), _negated=True),
                fields=("edition", "name"),
                name="awardlist_unique_name",
            ),
        ),
        migrations.AddConstraint(
            model_name="awardlist",
            constraint=models.UniqueConstraint(
                condition=models.Q(("name", ""), _negated=True),
                fields=("edition", "name_en"),
                name="awardlist_unique_name-en",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("second_unit", ""), ("second_unit_role", "")),
                    models.Q(
                        models.Q(("second_unit", ""), _negated=True),
                        ("second_unit_role__in", ("producer", "submitter")),
                    ),
                    _connector="OR",
                ),
                name="case_second_unit_has_role",
            ),
        ),
        migrations.RunPython(_sqlite(SQLITE_TRIGGERS), _sqlite(SQLITE_TRIGGERS_REVERSE)),
    ]
