"""Migration operations for a model that moves to another app while its table stays put.

Used by the 0001 migrations of awards.certificates, awards.identity and awards.importing,
which took over tables the awards app created (awards/migrations/0012_h20_tables_to_their_apps).
"""

from functools import partial

from django.db import migrations


def _move_content_type(apps, schema_editor, *, model, source, target):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    if not content_types.filter(app_label=target, model=model).exists():
        content_types.filter(app_label=source, model=model).update(app_label=target)


def take_over(create_model: migrations.CreateModel, *, app_label: str) -> list:
    """`create_model` recorded without touching the database (the table exists), then the
    model's content type moved from the awards app, so that permissions granted on it (the
    组织者 group's) and admin log entries keep pointing at it."""
    model = create_model.name.lower()
    return [
        migrations.SeparateDatabaseAndState(state_operations=[create_model]),
        migrations.RunPython(
            partial(_move_content_type, model=model, source="awards", target=app_label),
            partial(_move_content_type, model=model, source=app_label, target="awards"),
        ),
    ]
