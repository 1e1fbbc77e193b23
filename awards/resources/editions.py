"""Editions, one row a year: the per-model sheet of the 届次 sheet's fields."""

from import_export import fields

from awards.importing import layout
from awards.models import FIRST_YEAR, Edition
from awards.resources.base import SummitResource, english, text
from awards.resources.widgets import DateTimeWidget, DateWidget, IntegerWidget


class EditionResource(SummitResource):
    year = fields.Field(attribute="year", column_name="年份", widget=IntegerWidget(FIRST_YEAR))
    name = text("name", "名称")
    name_en = english("name_en", "名称")
    held_on = fields.Field(attribute="held_on", column_name="举办日期", widget=DateWidget())
    guided_by = text("guided_by", "指导单位")
    guided_by_en = english("guided_by_en", "指导单位")
    hosted_by = text("hosted_by", "主办单位")
    hosted_by_en = english("hosted_by_en", "主办单位")
    organized_by = text("organized_by", "承办单位")
    organized_by_en = english("organized_by_en", "承办单位")
    venue = text("venue", "举办地点")
    venue_en = english("venue_en", "举办地点")
    summary = text("summary", "简介")
    summary_en = english("summary_en", "简介")
    source_title = text("source_title", "来源标题")
    source_title_en = english("source_title_en", "来源标题")
    source_publisher = text("source_publisher", "来源媒体")
    source_publisher_en = english("source_publisher_en", "来源媒体")
    source_date = fields.Field(attribute="source_date", column_name="来源日期", widget=DateWidget())
    source_url = text("source_url", "来源链接")
    published_at = fields.Field(
        attribute="published_at", column_name="发布时间", widget=DateTimeWidget()
    )
    required_columns = ("name", "held_on")

    class Meta:
        model = Edition
        import_id_fields = ("year",)
        fields = tuple(name for name, _label in layout.EDITION_FIELDS)
