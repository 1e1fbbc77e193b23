"""Store the pinyin of every Han name where it is missing or stale: `manage.py store_pinyin`.

Rows written without their save() (loaddata of an older fixture, bulk scripts) lack the stored
forms; English pages and search then spell those names by loading the dictionaries
(docs/romanization.md, "Stored forms"). Writes only the `pinyin` column, without history:
the pages show the same either way.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from awards.pinyin import SPELLED_FIELDS, spell_row

# The app of each model awards.pinyin.SPELLED_FIELDS names.
APPS = {
    "edition": "awards",
    "awardlist": "awards",
    "nominee": "awards",
    "case": "awards",
    "sitesettings": "identity",
}


class Command(BaseCommand):
    help = "Store the pinyin of names saved without it (after loaddata or a bulk script)."

    def handle(self, *args, **options):
        for model_name in SPELLED_FIELDS:
            model = apps.get_model(APPS[model_name], model_name)
            changed = []
            for row in model.objects.only("pk", "pinyin", *SPELLED_FIELDS[model_name]):
                spelled = spell_row(row)
                if spelled != row.pinyin:
                    row.pinyin = spelled
                    changed.append(row)
            with transaction.atomic():
                model.objects.bulk_update(changed, ["pinyin"], batch_size=500)
            self.stdout.write(f"{model._meta.label}: {len(changed)} stored")
