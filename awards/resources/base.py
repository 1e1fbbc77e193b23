"""What the five per-model resources share: header checks, typed-text trimming, duplicate keys.

On import:

* headers are matched ignoring stray and full-width spaces; unknown or missing columns,
  and a file with no data rows, are refused with a Chinese message before any row is read;
* text is stored as typed, trimmed (U+3000 included), with our formula escaping undone;
* a key repeated within one file is an error, never last-wins;
* models are validated with full_clean (clean_model_instances), and one invalid row cancels
  the whole file.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources

from awards.importing import layout
from awards.importing.columns import missing_column, unknown_column
from awards.resources.widgets import EnglishWidget, TextWidget
from awards.text import clean_text, match_key, restore_formula


def _typed(value):
    """Text as the organizer typed it: trimmed, with our export's formula escaping undone."""
    if isinstance(value, str):
        return restore_formula(clean_text(value))
    return value


def text(attribute, column, **kwargs):
    return fields.Field(attribute=attribute, column_name=column, widget=TextWidget(), **kwargs)


def english(attribute, column):
    """The `_en` twin of a text column, headed like the workbook's: 名称(英文)."""
    return fields.Field(attribute=attribute, column_name=f"{column}(英文)", widget=EnglishWidget())


class SummitResource(resources.ModelResource):
    """Header checks, typed-text trimming and duplicate-key detection shared by all five."""

    required_columns: tuple = ()

    class Meta:
        # Inherited by each resource's own Meta (django-import-export reads its bases').
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

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
                problems.append(unknown_column(text, hint))
            headers.append(column or text)
        for name in (*self.get_import_id_fields(), *self.required_columns):
            if self._column(name) not in headers:
                problems.append(missing_column(self._column(name)))
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
