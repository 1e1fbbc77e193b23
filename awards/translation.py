"""English values of recorded data: which fields have one (django-modeltranslation).

modeltranslation adds an optional `<field>_en` column (NULL when missing) beside each listed
field, copies its unique constraints and writes the migration. The Chinese column stays the
original: we keep Django's plain attribute, constructor and queries for it, so `edition.name`
means the Chinese name in every language, to every reader and writer (importer, services,
natural keys, search). English pages pick the English value explicitly (awards.bilingual),
because they must know when it is missing to mark the Chinese fallback and romanize it.
"""

from django.db.models.query_utils import DeferredAttribute
from modeltranslation.translator import TranslationOptions, translator

from awards.identity.models import SiteSettings
from awards.models import Award, AwardList, Case, Edition, Nominee

FIELDS = {
    Edition: (
        "name",
        "guided_by",
        "hosted_by",
        "organized_by",
        "venue",
        "summary",
        "source_title",
        "source_publisher",
    ),
    AwardList: ("name", "description"),
    Nominee: ("name", "description"),
    Case: ("title", "summary"),
    Award: ("level",),
}


class EnglishValues(TranslationOptions):
    # A missing English value is NULL, not "": unique constraints copied to the English
    # column (list names within an edition, nominee names) allow any number of blanks.
    empty_values = None


def _register(model, fields) -> None:
    manager_classes = {manager.name: manager.__class__ for manager in model._meta.managers}
    options_class = model._meta.__class__
    translator.register(
        model, type(f"{model.__name__}English", (EnglishValues,), {"fields": fields})
    )
    # Undo what would make the original field language-dependent: its attribute (which would
    # read and write `<field>_en` while English is active), the constructor (which would copy
    # keyword values into `<field>_en`) and the managers (which would rewrite `name` in
    # filters and ordering to `name_en`).
    model._meta.__class__ = options_class
    for manager in model._meta.local_managers:
        manager.__class__ = manager_classes[manager.name]
    model._meta._expire_cache()
    for name in fields:
        setattr(model, name, DeferredAttribute(model._meta.get_field(name)))
    if "__init__" in vars(model):
        del model.__init__


for _model, _fields in FIELDS.items():
    _register(_model, _fields)
    # Versions keep the English values too: the history model mirrors the model's columns.
    _register(_model.history.model, _fields)

_register(
    SiteSettings, ("name", "short_name", "tagline", "footer_text", "contact", "search_example")
)
