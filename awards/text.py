"""Text rules shared by models, search and imports: trimming, matching keys and pinyin."""

import functools
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from opencc import OpenCC
from pypinyin import lazy_pinyin
from pypinyin.seg import mmseg

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


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[0-9A-Za-z]+")


def _runs(value: str) -> list[tuple[bool, list[str]]]:
    """Split into (is_han, words) runs: a Han run becomes its pinyin syllables."""
    text = unicodedata.normalize("NFKC", value or "")
    runs, cursor = [], 0
    for match in _HAN.finditer(text):
        runs.append((False, _WORD.findall(text[cursor : match.start()])))
        runs.append((True, lazy_pinyin(match.group())))
        cursor = match.end()
    runs.append((False, _WORD.findall(text[cursor:])))
    return [(is_han, [w.casefold() for w in words]) for is_han, words in runs if words]


def pinyin_full(value: str) -> str:
    """成都发布 → chengdufabu (letters and digits only, for search)."""
    return "".join(word for _, words in _runs(value) for word in words)


def pinyin_initials(value: str) -> str:
    """成都发布 → cdfb; Latin words contribute their first letter."""
    return "".join(word[0] for _, words in _runs(value) for word in words)


def pinyin_slug(value: str, max_length: int = 80) -> str:
    """四川省成都市 → sichuansheng-chengdushi: one pinyin word per Chinese word, Latin words kept.

    Words come from jieba's segmentation of the simplified text (traditional characters
    segment poorly), so 甘肅省衛生計生委 → gansusheng-weisheng-jishengwei. Only new slugs
    use this: a slug once saved is a public URL and never changes.
    """
    # Imported here: its dictionary is 30 MB of every process that loads it, and only the
    # writers (admin, import) make slugs; public workers never do (docs/performance.md).
    import rjieba

    text = to_simplified(unicodedata.normalize("NFKC", value or ""))
    pieces, cursor = [], 0
    for match in _HAN.finditer(text):
        pieces.extend(_WORD.findall(text[cursor : match.start()]))
        pieces.extend("".join(lazy_pinyin(word)) for word in rjieba.cut(match.group()))
        cursor = match.end()
    pieces.extend(_WORD.findall(text[cursor:]))
    slug = slugify("-".join(pieces))[:max_length].strip("-")
    return slug or "item"


@functools.cache
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(value: str) -> str:
    """Traditional characters as simplified (OpenCC t2s); simplified text is unchanged."""
    return _t2s().convert(value) if value else ""


def search_key(value: str | None) -> str:
    """The match key with traditional characters folded to simplified: what search compares.

    Kept to one character per character so that a position in the key is a position in
    the text (highlighting relies on it); a phrase conversion that would shift positions
    falls back to converting character by character.
    """
    key = match_key(value)
    folded = to_simplified(key)
    if len(folded) == len(key):
        return folded
    return "".join(to_simplified(char) or char for char in key)


def sort_key(name: str) -> str:
    """成都发布 → chengdufabu: orders names by pinyin, Latin letters as they are.

    Its first character is the name's initial in the nominee index; a name without
    letters (digits only) sorts before "a" under "#".
    """
    return pinyin_full(name)[:200]


def search_blob(*names: str) -> str:
    """Every form a visitor may type for these names, joined for substring search.

    Holds the search keys (simplified), full pinyin and initials of each name, separated
    by a character that no query can contain after normalisation.
    """
    forms = []
    for name in names:
        if not name:
            continue
        forms.extend([search_key(name), pinyin_full(name), pinyin_initials(name)])
    return "|" + "|".join(forms) + "|"


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


def _words(han_run: str) -> list[str]:
    """A run of Han characters cut into words, by pypinyin's own phrase dictionary (already
    in memory for the pinyin itself, unlike a segmenter's); single characters left over are
    paired, as most Chinese words have two syllables: 四川省委网信办 → 四川 省委 网信 办."""
    tokens = list(mmseg.seg.cut(han_run))
    if len(han_run) == 3 and len(tokens) == 3:
        # Three characters and no known word: most often a person's name, 李伯清 → Li Boqing.
        return [han_run[0], han_run[1:]]
    words, single = [], ""
    for token in tokens:
        if len(token) == 1:
            single += token
            if len(single) == 2:
                words.append(single)
                single = ""
            continue
        if single:
            words.append(single)
            single = ""
        words.append(token)
    return [*words, single] if single else words


@functools.lru_cache(maxsize=4096)
def romanize(value: str) -> str:
    """成都发布 → Chengdu Fabu: Hanyu Pinyin by word, capitalised, for names on English pages.

    A reading aid beside the Chinese original, never a translation. Latin words and digits
    are kept, punctuation is dropped.
    """
    text = unicodedata.normalize("NFKC", value or "")
    words, cursor = [], 0
    for match in _HAN.finditer(text):
        words.extend(_WORD.findall(text[cursor : match.start()]))
        for word in _words(match.group()):
            spelled = "".join(lazy_pinyin(word))
            words.append(spelled[:1].upper() + spelled[1:])
        cursor = match.end()
    words.extend(_WORD.findall(text[cursor:]))
    return " ".join(words)
