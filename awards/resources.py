"""django-import-export resources for the per-model admin screens, keyed by natural keys.

Columns carry the same Chinese headers as the whole-edition workbook. On import:

* headers are matched ignoring stray and full-width spaces; unknown or missing columns,
  and a file with no data rows, are refused with a Chinese message before any row is read;
* text is stored as typed, trimmed (U+3000 included), with our formula escaping undone;
* related rows are found by natural key through `match_key` (NFKC, spaces folded), and an
  unknown one gets a row error with the closest names and aliases as suggestions;
* a key repeated within one file is an error, never last-wins;
* models are validated with full_clean (clean_model_instances).

The formats in awards.importing.formats neutralise formulas and add the CSV BOM on export.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from awards.importing import layout
from awards.models import Award, AwardList, Case, Edition, Nominee
from awards.text import clean_text, clean_title, match_key, restore_formula


def _typed(value):
    """Text as the organizer typed it: trimmed, with our export's formula escaping undone."""
    if isinstance(value, str):
        return restore_formula(clean_text(value))
    return value


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return layout.as_text(value)


class TitleWidget(TextWidget):
    """A case title: as typed, without outer 《》 (the one rule, awards.text.clean_title)."""

    def clean(self, value, row=None, **kwargs):
        return clean_title(layout.as_text(value))


class EnglishWidget(TextWidget):
    """An optional English value: None when blank (the pages then show the original)."""

    def clean(self, value, row=None, **kwargs):
        return layout.as_text(value) or None


class IntegerWidget(widgets.Widget):
    def __init__(self, minimum=0, **kwargs):
        self.minimum = minimum
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return layout.as_int(value, self.minimum)

    def render(self, value, obj=None, **kwargs):
        return value  # a number stays a number in xlsx


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return layout.as_date(value)

    def render(self, value, obj=None, **kwargs):
        return value


class DateTimeWidget(widgets.Widget):
    """Beijing wall time in the file (spreadsheets carry no zone), whole seconds."""

    def clean(self, value, row=None, **kwargs):
        return layout.as_datetime(value)

    def render(self, value, obj=None, **kwargs):
        return layout.to_local_naive(value)


class ChoiceWidget(widgets.Widget):
    """A kind written as its fixed Chinese label; the label or the code is accepted back."""

    def __init__(self, mapping: dict, **kwargs):
        self.mapping = mapping
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return layout.as_choice(value, self.mapping) or None

    def render(self, value, obj=None, **kwargs):
        return layout.label_of(self.mapping, value) if value else ""


class ListWidget(widgets.Widget):
    """A JSON list of text (aliases, links) as one cell, items separated by 、 , ; or new lines."""

    SEPARATORS = ("\n", "、", ",", ",", ";", ";")

    def clean(self, value, row=None, **kwargs):
        text = layout.as_text(value)
        for separator in self.SEPARATORS[1:]:
            text = text.replace(separator, "\n")
        return [item for item in (clean_text(part) for part in text.split("\n")) if item]

    def render(self, value, obj=None, **kwargs):
        return "\n".join(value or ())


class NomineeWidget(widgets.ForeignKeyWidget):
    """A nominee by name or alias, matched through match_key; suggestions when unknown."""

    def __init__(self, **kwargs):
        super().__init__(Nominee, "name", **kwargs)
        self.reset()

    def reset(self):
        self._index = None

    def index(self):
        if self._index is None:
            by_name, by_alias = {}, {}
            for nominee in Nominee.objects.only("id", "name", "aliases", "kind"):
                by_name[match_key(nominee.name)] = nominee
                for alias in nominee.aliases or ():
                    by_alias.setdefault(match_key(alias), nominee)
            self._index = {**by_alias, **by_name}
        return self._index

    def lookup(self, name: str):
        return self.index().get(match_key(name))

    def clean(self, value, row=None, **kwargs):
        name = layout.as_text(value)
        if not name:
            return None
        nominee = self.lookup(name)
        if nominee is None:
            names = [n.name for n in self.index().values()] + [
                a for n in self.index().values() for a in (n.aliases or ())
            ]
            hint = layout.suggest(name, names, cutoff=0.6)
            if hint:
                raise ValueError(
                    _("找不到『%(name)s』,你是不是要找『%(hint)s』?") % {"name": name, "hint": hint}
                )
            raise ValueError(_("找不到『%(name)s』。请先在“获奖对象”中添加。") % {"name": name})
        return nominee

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class EditionWidget(widgets.ForeignKeyWidget):
    def __init__(self, **kwargs):
        super().__init__(Edition, "year", **kwargs)

    def clean(self, value, row=None, **kwargs):
        year = layout.as_int(value)
        if year is None:
            return None
        edition = Edition.objects.filter(year=year).first()
        if edition is None:
            raise ValueError(_("找不到 %(year)d 年的届次。") % {"year": year})
        return edition

    def render(self, value, obj=None, **kwargs):
        return value.year if value else ""


class AwardListWidget(widgets.ForeignKeyWidget):
    """A list by slug or name within the year given in the same row's 年份 column."""

    def __init__(self, **kwargs):
        super().__init__(AwardList, "slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        text = layout.as_text(value)
        if not text:
            return None
        year = layout.as_int((row or {}).get("年份"))
        lists = list(AwardList.objects.filter(edition__year=year).select_related("edition"))
        for item in lists:
            if match_key(item.slug) == match_key(text) or match_key(item.name) == match_key(text):
                return item
        hint = layout.suggest(text, [item.name for item in lists])
        message = _("%(year)s 年没有榜单『%(name)s』。") % {"year": year or "?", "name": text}
        if hint:
            message += _("你是不是要找『%(hint)s』?") % {"hint": hint}
        raise ValueError(message)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class CaseWidget(widgets.ForeignKeyWidget):
    """A case by title, among the cases of the nominee named in the same row."""

    def __init__(self, nominee_column: str, **kwargs):
        self.nominee_column = nominee_column
        super().__init__(Case, "title", **kwargs)

    def clean(self, value, row=None, **kwargs):
        title = clean_title(layout.as_text(value))
        if not title:
            return None
        owner = Nominee.objects.filter(name=layout.as_text((row or {}).get(self.nominee_column)))
        cases = list(Case.objects.filter(nominee__in=owner))
        for case in cases:
            if match_key(case.title) == match_key(title):
                return case
        hint = layout.suggest(title, [case.title for case in cases])
        message = _("找不到案例『%(title)s』。") % {"title": title}
        if hint:
            message += _("你是不是要找『%(hint)s』?") % {"hint": hint}
        raise ValueError(message)

    def render(self, value, obj=None, **kwargs):
        return value.title if value else ""


def text(attribute, column, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, widget=TextWidget(), **kwargs)


def english(attribute, column):
    """The `_en` twin of a text column, headed like the workbook's: 名称(英文)."""
    return fields.Field(attribute=attribute, column_name=f"{column}(英文)", widget=EnglishWidget())


class SummitResource(resources.ModelResource):
    """Header checks, typed-text trimming and duplicate-key detection shared by all five."""

    required_columns: tuple = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen = {}
        self._row_numbers = None

    def _column(self, name):
        return self.fields[name].column_name

    def before_import(self, dataset, **kwargs):
        self._seen = {}
        self._row_numbers = getattr(dataset, "row_numbers", None)
        for field in self.fields.values():
            if hasattr(field.widget, "reset"):
                field.widget.reset()
        known = {}
        for name, field in self.fields.items():
            known[match_key(field.column_name)] = field.column_name
            known.setdefault(match_key(name), field.column_name)
        headers, problems = [], []
        for header in dataset.headers or ():
            text = clean_text(str(header or ""))
            column = known.get(match_key(text))
            if column is None and text:
                hint = layout.suggest(text, [f.column_name for f in self.fields.values()])
                problem = _("无法识别的列「%(column)s」。") % {"column": text}
                if hint:
                    problem += _("你是不是要找「%(hint)s」?") % {"hint": hint}
                problems.append(problem)
            headers.append(column or text)
        for name in (*self.get_import_id_fields(), *self.required_columns):
            if self._column(name) not in headers:
                problems.append(_("缺少列「%(column)s」。") % {"column": self._column(name)})
        if not problems and not len(dataset):
            problems.append(_("文件只有表头,没有数据。"))
        if problems:
            # Refuse the whole file: no row is read, and only this message is shown.
            dataset.wipe()
            dataset.headers = [field.column_name for field in self.fields.values()]
            raise ValueError(" ".join(problems))
        dataset.headers = headers

    def import_data(self, dataset, **kwargs):
        # One invalid row cancels the whole file, never a partial import.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A key typed differently (spaces, full-width letters) found the row; keep its spelling.
        if instance.pk and field.attribute in self.get_import_id_fields():
            current = getattr(instance, field.attribute, None)
            typed = row.get(field.column_name)
            if isinstance(current, str) and match_key(current) == match_key(typed):
                return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def before_import_row(self, row, row_number=None, **kwargs):
        for column, value in list(row.items()):
            row[column] = _typed(value)
        key = tuple(match_key(str(row.get(self._column(n)) or "")) for n in self.key_fields())
        line = self._line(row_number)
        if key in self._seen:
            columns = "、".join(f"「{self._column(n)}」" for n in self.key_fields())
            raise ValidationError(
                {
                    self.key_fields()[-1]: _(
                        "%(columns)s与第%(row)s行重复:同一文件中不能出现两次。"
                    )
                    % {"columns": columns, "row": self._seen[key]}
                }
            )
        self._seen[key] = line

    def key_fields(self):
        return list(self.get_import_id_fields())

    def _line(self, row_number):
        if row_number is None:
            return "?"
        if self._row_numbers and row_number <= len(self._row_numbers):
            return self._row_numbers[row_number - 1]
        return row_number + 1


class EditionResource(SummitResource):
    year = fields.Field(attribute="year", column_name="年份", widget=IntegerWidget(1990))
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
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


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
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("edition")


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
        fields = (
            "name",
            "name_en",
            "kind",
            "aliases",
            "description",
            "description_en",
            "links",
            "slug",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        """`成都发布 ` and full-width variants find the stored 成都发布 (by name, not alias)."""
        key = match_key(row.get("名称"))
        if not key:
            return None
        if not hasattr(self, "_by_key"):
            self._by_key = {match_key(n.name): n.pk for n in Nominee.objects.only("id", "name")}
        pk = self._by_key.get(key)
        return Nominee.objects.filter(pk=pk).first() if pk else None


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
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

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


class AwardResource(SummitResource):
    year = fields.Field(column_name="年份", readonly=True)
    award_list = fields.Field(attribute="award_list", column_name="榜单", widget=AwardListWidget())
    position = fields.Field(attribute="position", column_name="顺序", widget=IntegerWidget(1))
    nominee = fields.Field(attribute="nominee", column_name="获奖对象", widget=NomineeWidget())
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
        fields = (
            "year",
            "award_list",
            "position",
            "nominee",
            "case",
            "rank",
            "level",
            "level_en",
            "withdrawn_at",
            "withdrawal_reason",
        )
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_queryset(self):
        return super().get_queryset().select_related("award_list__edition", "nominee", "case")

    def key_fields(self):
        return ["year", "award_list", "position"]

    def dehydrate_year(self, award):
        return award.award_list.edition.year

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        if "年份" not in dataset.headers:
            raise ValueError(_("缺少列「%(column)s」。") % {"column": "年份"})
