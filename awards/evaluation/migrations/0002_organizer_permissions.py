"""The 组织者 group (awards 0003) runs evaluations like the rest of the award data."""

from django.db import migrations

MODELS = (
    "evaluation",
    "candidate",
    "override",
    "period",
    "custommetric",
    "metricimport",
    "metricrow",
    "metricrowhistory",
    "dimension",
    "indicator",
)


def grant_organizers(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="组织者").first()
    if group is None:
        return
    codenames = [f"{a}_{m}" for m in MODELS for a in ("add", "change", "delete", "view")]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="evaluation", codename__in=codenames)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("awards", "0003_organizer_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_organizers, migrations.RunPython.noop)]
