"""Award lists, by year and slug."""

from import_export import fields

from awards.importing import layout
from awards.models import AwardList
from awards.resources.base import SummitResource, english, text
from awards.resources.widgets import ChoiceWidget, EditionWidget, IntegerWidget


class AwardListResource(SummitResource):
    edition = fields.Field(attribute="edition", column_name="年份", widget=EditionWidget())
    slug = text("slug", "网址标识")
    name = text("name", "榜单名称")
    name_en = english("name_en", "榜单名称")
    position = fields.Field(attribute="position", column_name="顺序", widget=IntegerWidget())
    kind = fields.Field(
        attribute="kind", column_name="类型", widget=ChoiceWidget(layout.LIST_KINDS)
    )
    announced_count = fields.Field(
        attribute="announced_count", column_name="公布数量", widget=IntegerWidget()
    )
    description = text("description", "说明")
    description_en = english("description_en", "说明")
    required_columns = ("name", "kind")

    class Meta:
        model = AwardList
        import_id_fields = ("edition", "slug")
        fields = (
            "edition",
            "slug",
            "name",
            "name_en",
            "position",
            "kind",
            "announced_count",
            "description",
            "description_en",
        )

    def get_queryset(self):
        return super().get_queryset().select_related("edition")
