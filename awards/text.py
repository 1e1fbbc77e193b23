"""Text rules shared by models, search and imports: trimming, matching and search keys.

Pinyin (slugs, the reading aid, pinyin search forms) lives in awards.pinyin."""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from opencc import OpenCC

# str.split() already treats U+3000 (ideographic space) and NBSP as whitespace.
_WHITESPACE = re.compile(r"\s+")


# Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069): they
# make a text display as another ("XSSRTL\u202egnp.exe" reads as "XSSRTLexe.png").
DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
DIRECTION_CONTROL_MESSAGE = _(
    "不能包含改变文字方向的隐藏控制字符(U+202A–U+202E、U+2066–U+2069):"
    "它们会让文字显示成另一个样子。请删去后再保存。"
)


def clean_text(value: str | None) -> str:
    """The value as the organizer typed it, trimmed of outer whitespace (U+3000 included) and
    of direction controls (imports and reasons pass through here)."""
    return DIRECTION_CONTROLS.sub("", value or "").strip()


class RefusesDirectionControls:
    """Model mixin: every name, title, reason and other free text refuses direction controls
    with a message in the organizer's language. full_clean() runs it, so the admin, the
    imports (clean_model_instances) and the services (full_clean, then save) all do."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField) or field.choices:
                continue
            value = getattr(self, field.attname)
            if (exclude and field.name in exclude) or not isinstance(value, str):
                continue
            if DIRECTION_CONTROLS.search(value):
                errors.setdefault(field.name, []).append(
                    ValidationError(DIRECTION_CONTROL_MESSAGE, code="direction_control")
                )
        if errors:
            raise ValidationError(errors)


def match_key(value: str | None) -> str:
    """A key for finding the same name typed differently: NFKC, case- and space-folded.

    Only used for comparison; stored names keep their original punctuation.
    """
    text = unicodedata.normalize("NFKC", value or "")
    return _WHITESPACE.sub("", text).casefold()


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(value: str) -> str:
    """Traditional characters as simplified (OpenCC t2s); simplified text is unchanged."""
    return _t2s().convert(value) if value else ""


def search_key(value: str | None) -> str:
    """What search compares: the match key without punctuation, traditional folded to simplified.

    Book-title and quotation marks (《》〈〉“”‘’「」『』 and ASCII quotes) and all other
    punctuation are dropped, so 防疫泡泡经验 finds 《“防疫泡泡”经验全国推广…》 and a title
    typed as the page prints it finds its case. Each character of the value gives at most one
    character of the key (highlighting folds character by character and relies on it); a
    phrase conversion that would change the length falls back to character by character.
    """
    key = "".join(c for c in match_key(value) if not unicodedata.category(c).startswith("P"))
    folded = to_simplified(key)
    if len(folded) == len(key):
        return folded
    return "".join(to_simplified(char) or char for char in key)


def _wrapped_in_title_marks(value: str) -> bool:
    """《…》 around the whole value: the first 《 closes at the last 》, not 《A》与《B》."""
    if not (value.startswith("《") and value.endswith("》")):
        return False
    depth = 0
    for index, char in enumerate(value):
        depth += {"《": 1, "》": -1}.get(char, 0)
        if depth == 0 and index < len(value) - 1:
            return False
    return depth == 0


def clean_title(value: str | None) -> str:
    """A case title as stored: trimmed, without the outer 《》 of a title typed as news print it.

    Pages add the marks themselves, once; the one rule for the admin and the import.
    """
    title = clean_text(value)
    while _wrapped_in_title_marks(title):
        title = clean_text(title[1:-1])
    return title


# Characters that make Excel, WPS or LibreOffice treat a cell as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Prefix a formula-like text with an apostrophe so no spreadsheet runs it.

    `restore_formula` undoes it on import, so our own exports round-trip exactly.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore_formula(value):
    """Undo `neutralise_formula` for a cell we wrote ourselves."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value
