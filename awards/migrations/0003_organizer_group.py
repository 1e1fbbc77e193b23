"""The 组织者 (Organizer) group: curates the five award models, imports and exports them.

It gets no permission on users or groups; superusers manage accounts.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "组织者"
MODELS = ("edition", "awardlist", "nominee", "case", "award")
ACTIONS = ("add", "change", "delete", "view", "import")


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    codenames = [f"{action}_{model}" for model in MODELS for action in ACTIONS]
    # Reading and reverting history is done through the historical models' view permission.
    codenames += [f"view_historical{model}" for model in MODELS]
    permissions = Permission.objects.filter(content_type__app_label="awards", codename__in=codenames)
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_cross_table_rules"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
