"""CertificateDesign, SiteSettings and PendingImport now belong to the apps that use them
(awards.certificates, awards.identity, awards.importing): one owner per table.

Only Django's record of the models moves; the tables keep their names (each model sets
db_table) and every row stays where it is. The new apps' 0001 migrations take the models over
and move their content types, so permissions granted on them (the 组织者 group's) survive.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0011_nominee_sort_key_english"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel("CertificateDesign"),
                migrations.DeleteModel("PendingImport"),
                migrations.DeleteModel("SiteSettings"),
            ],
            database_operations=[],
        ),
    ]
