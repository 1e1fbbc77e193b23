"""Awards, by year, list and position."""

from import_export import fields

from awards.importing.columns import missing_column
from awards.models import Award
from awards.resources.base import SummitResource, english, text
from awards.resources.widgets import (
    AwardListWidget,
    CaseWidget,
    DateTimeWidget,
    EnglishWidget,
    IntegerWidget,
    NomineeWidget,
)


class AwardResource(SummitResource):
    year = fields.Field(column_name="年份", readonly=True)
    award_list = fields.Field(attribute="award_list", column_name="榜单", widget=AwardListWidget())
    position = fields.Field(attribute="position", column_name="顺序", widget=IntegerWidget(1))
    nominee = fields.Field(attribute="nominee", column_name="获奖对象", widget=NomineeWidget())
    # As in the whole-edition workbook: a blank cell keeps the name stored with the award (a
    # new award takes the nominee's name of the day), so an omission never rewrites history.
    announced_name = fields.Field(
        attribute="announced_name",
        column_name="获奖时名称",
        widget=EnglishWidget(),
        saves_null_values=False,
    )
    case = fields.Field(attribute="case", column_name="案例标题", widget=CaseWidget("获奖对象"))
    rank = fields.Field(attribute="rank", column_name="名次", widget=IntegerWidget(1))
    level = text("level", "等级")
    level_en = english("level_en", "等级")
    withdrawn_at = fields.Field(
        attribute="withdrawn_at", column_name="撤销时间", widget=DateTimeWidget()
    )
    withdrawal_reason = text("withdrawal_reason", "撤销原因")
    required_columns = ("nominee",)

    class Meta:
        model = Award
        import_id_fields = ("award_list", "position")
        fields = ("year", *Award.ORGANIZER_FIELDS, "withdrawn_at", "withdrawal_reason")

    def get_queryset(self):
        return super().get_queryset().select_related("award_list__edition", "nominee", "case")

    def key_fields(self):
        return ["year", "award_list", "position"]

    def dehydrate_year(self, award):
        return award.award_list.edition.year

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if "年份" not in dataset.headers:
            raise ValueError(missing_column("年份"))
