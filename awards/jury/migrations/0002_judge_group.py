"""The 评委 (judge) group: may score their own assignments on /jury/, nothing else.

Judges are not staff and hold no admin permission. The 组织者 group gains the jury's
organizer permission and the jury tables in the admin (judges' affiliations, history).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

JUDGE_GROUP = "评委"
ORGANIZER_GROUP = "组织者"
ORGANIZER_CODENAMES = (
    ["manage_jury"]
    + [
        f"{action}_{model}"
        for model in ("judge", "scoresheet", "criterion", "panelmember", "assignment", "score")
        for action in ("add", "change", "delete", "view")
    ]
    + ["view_historicalscore", "view_historicalassignment", "view_historicaljudge"]
)


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    judges, _created = Group.objects.get_or_create(name=JUDGE_GROUP)
    judges.permissions.set(
        Permission.objects.filter(content_type__app_label="jury", codename="score_candidates")
    )
    organizers, _created = Group.objects.get_or_create(name=ORGANIZER_GROUP)
    organizers.permissions.add(
        *Permission.objects.filter(content_type__app_label="jury", codename__in=ORGANIZER_CODENAMES)
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=JUDGE_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0001_initial"),
        ("awards", "0003_organizer_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
