"""How one cell becomes a value (`clean`) and a value a cell (`render`), for every resource.

Values are read by the workbook's own cell rules (`awards.importing.layout`); related records
are found by natural key through `match_key`, and an unknown one is refused with the closest
names as a suggestion.
"""

from django.utils.translation import gettext as _
from import_export import widgets

from awards.importing import layout
from awards.models import AwardList, Case, Edition, Nominee
from awards.text import clean_text, clean_title, match_key


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


class RawWidget(widgets.Widget):
    """A value written to the file as it is: a number stays a number, a date a date, in xlsx."""

    def render(self, value, obj=None, **kwargs):
        return value


class IntegerWidget(RawWidget):
    def __init__(self, minimum=0, **kwargs):
        self.minimum = minimum
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        return layout.as_int(value, self.minimum)


class DateWidget(RawWidget):
    def clean(self, value, row=None, **kwargs):
        return layout.as_date(value)


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


class RecordWidget(widgets.ForeignKeyWidget):
    """A related record named in a cell: `model`, found by `key`, written as its `shown`.

    A blank cell names none; otherwise `find()` returns the record or raises `unknown()`.
    """

    model, key, shown = None, "pk", "pk"

    def __init__(self, **kwargs):
        super().__init__(self.model, self.key, **kwargs)

    def read(self, value):
        """The cell as the name to look up."""
        return layout.as_text(value)

    def clean(self, value, row=None, **kwargs):
        name = self.read(value)
        if name is None or name == "":
            return None
        return self.find(name, row or {})

    def find(self, name, row: dict):
        raise NotImplementedError

    def render(self, value, obj=None, **kwargs):
        return getattr(value, self.shown) if value else ""

    @staticmethod
    def unknown(message: str, text: str, candidates) -> ValueError:
        """The refusal of a name no record has, with the closest one offered."""
        hint = layout.suggest(text, candidates)
        if hint:
            message += _("你是不是要找『%(hint)s』?") % {"hint": hint}
        return ValueError(message)


class NomineeWidget(RecordWidget):
    """A nominee by name or alias, matched through match_key; suggestions when unknown."""

    model, key, shown = Nominee, "name", "name"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
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

    def find(self, name, row):
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


class EditionWidget(RecordWidget):
    model, key, shown = Edition, "year", "year"

    def read(self, value):
        return layout.as_int(value)

    def find(self, year, row):
        edition = Edition.objects.filter(year=year).first()
        if edition is None:
            raise ValueError(_("找不到 %(year)d 年的届次。") % {"year": year})
        return edition


class AwardListWidget(RecordWidget):
    """A list by slug or name within the year given in the same row's 年份 column."""

    model, key, shown = AwardList, "slug", "name"

    def find(self, text, row):
        year = layout.as_int(row.get("年份"))
        lists = list(AwardList.objects.filter(edition__year=year).select_related("edition"))
        for item in lists:
            if match_key(item.slug) == match_key(text) or match_key(item.name) == match_key(text):
                return item
        message = _("%(year)s 年没有榜单『%(name)s』。") % {"year": year or "?", "name": text}
        raise self.unknown(message, text, [item.name for item in lists])


class CaseWidget(RecordWidget):
    """A case by title, among the cases of the nominee named in the same row."""

    model, key, shown = Case, "title", "title"

    def __init__(self, nominee_column: str, **kwargs):
        self.nominee_column = nominee_column
        super().__init__(**kwargs)

    def read(self, value):
        return clean_title(layout.as_text(value))

    def find(self, title, row):
        owner = Nominee.objects.filter(name=layout.as_text(row.get(self.nominee_column)))
        cases = list(Case.objects.filter(nominee__in=owner))
        for case in cases:
            if match_key(case.title) == match_key(title):
                return case
        message = _("找不到案例『%(title)s』。") % {"title": title}
        raise self.unknown(message, title, [case.title for case in cases])
