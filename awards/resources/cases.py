"""Cases, by their nominee and title."""

from import_export import fields

from awards.importing import layout
from awards.models import Case
from awards.resources.base import SummitResource, english, text
from awards.resources.widgets import NomineeWidget, TitleWidget
from awards.text import clean_title, match_key


class CaseResource(SummitResource):
    nominee = fields.Field(attribute="nominee", column_name="署名单位", widget=NomineeWidget())
    title = fields.Field(attribute="title", column_name="案例标题", widget=TitleWidget())
    title_en = english("title_en", "案例标题")
    summary = text("summary", "案例简介")
    summary_en = english("summary_en", "案例简介")

    class Meta:
        model = Case
        import_id_fields = ("nominee", "title")
        fields = ("nominee", "title", "title_en", "summary", "summary_en")

    def get_queryset(self):
        return super().get_queryset().select_related("nominee")

    def get_instance(self, instance_loader, row):
        nominee = self.fields["nominee"].widget.lookup(layout.as_text(row.get("署名单位")))
        key = match_key(clean_title(layout.as_text(row.get("案例标题"))))
        if nominee is None or not key:
            return None
        for case in Case.objects.filter(nominee=nominee):
            if match_key(case.title) == key:
                return case
        return None
