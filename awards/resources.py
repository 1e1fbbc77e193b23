"""django-import-export resources for the per-model admin screens, keyed by natural keys.

The spreadsheet issue extends these (validation, messages, speed); admin classes only
refer to the class names.
"""

from import_export import fields, resources, widgets

from awards.models import Award, AwardList, Case, Edition, Nominee


class EditionResource(resources.ModelResource):
    class Meta:
        model = Edition
        import_id_fields = ("year",)
        exclude = ("id", "updated_at")
        clean_model_instances = True


class AwardListResource(resources.ModelResource):
    edition = fields.Field(
        attribute="edition", column_name="edition", widget=widgets.ForeignKeyWidget(Edition, "year")
    )

    class Meta:
        model = AwardList
        import_id_fields = ("edition", "slug")
        exclude = ("id",)
        clean_model_instances = True


class NomineeResource(resources.ModelResource):
    class Meta:
        model = Nominee
        import_id_fields = ("name",)
        exclude = ("id", "search_text")
        clean_model_instances = True


class CaseResource(resources.ModelResource):
    nominee = fields.Field(
        attribute="nominee", column_name="nominee", widget=widgets.ForeignKeyWidget(Nominee, "name")
    )

    class Meta:
        model = Case
        import_id_fields = ("nominee", "title")
        exclude = ("id",)
        clean_model_instances = True


class AwardResource(resources.ModelResource):
    year = fields.Field(attribute="award_list__edition__year", column_name="year", readonly=True)
    award_list = fields.Field(
        attribute="award_list", column_name="award_list", widget=widgets.ForeignKeyWidget(AwardList)
    )
    nominee = fields.Field(
        attribute="nominee", column_name="nominee", widget=widgets.ForeignKeyWidget(Nominee, "name")
    )

    class Meta:
        model = Award
        exclude = ("id", "case")
        clean_model_instances = True
