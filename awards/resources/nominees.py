"""Nominees, by name (spaces and full-width letters folded)."""

from import_export import fields

from awards.importing import layout
from awards.models import Nominee
from awards.resources.base import SummitResource, english, text
from awards.resources.widgets import ChoiceWidget, ListWidget
from awards.text import match_key


class NomineeResource(SummitResource):
    name = text("name", "名称")
    name_en = english("name_en", "名称")
    kind = fields.Field(
        attribute="kind", column_name="类型", widget=ChoiceWidget(layout.NOMINEE_KINDS)
    )
    aliases = fields.Field(attribute="aliases", column_name="别名", widget=ListWidget())
    description = text("description", "简介")
    description_en = english("description_en", "简介")
    links = fields.Field(attribute="links", column_name="链接", widget=ListWidget())
    slug = fields.Field(attribute="slug", column_name="网址标识", readonly=True)
    required_columns = ("kind",)

    class Meta:
        model = Nominee
        import_id_fields = ("name",)
        fields = Nominee.ORGANIZER_FIELDS

    def get_instance(self, instance_loader, row):
        """`成都发布 ` and full-width variants find the stored 成都发布 (by name, not alias)."""
        key = match_key(row.get("名称"))
        if not key:
            return None
        if not hasattr(self, "_by_key"):
            self._by_key = {match_key(n.name): n.pk for n in Nominee.objects.only("id", "name")}
        pk = self._by_key.get(key)
        return Nominee.objects.filter(pk=pk).first() if pk else None
