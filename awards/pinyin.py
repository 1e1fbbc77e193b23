"""Pinyin of names, written by word: the one segmentation behind slugs, the English reading aid,
search keys, initials and the sort key. The rule is docs/romanization.md; imports awards.text only.

Words come from one segmenter, rjieba (the Rust port of jieba), with the small user dictionary
below; a few written-form rules of 汉语拼音正词法 (GB/T 16159) then split or join its words.

The segmenter's dictionary and pypinyin's phrase tables take about 90 MB, so they are imported
only where a name is written (save, import, slug): `stored_forms` keeps a name's words and
syllables with its row, and the readers (English pages, search highlighting) spell from that.
Text without Han characters never needs them (docs/romanization.md, "Stored forms").
"""

import functools
import json
import re
import unicodedata
from collections.abc import Mapping

from django.utils.text import slugify

from awards.text import search_key, to_simplified

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[0-9A-Za-z]+")

# Government and media terms the general dictionary lacks or cuts wrongly. A space marks where
# the written form breaks a term that must still be recognised whole (高新区 → Gaoxin Qu).
USER_WORDS = (
    "网信办",
    "网信",
    "市委",
    "区委",
    "省委",
    "县委",
    "融媒体",
    "新媒体",
    "自媒体",
    "政务",
    "公安局",
    "经信局",
    "理政",
    "理政办",
    "文明办",
    "官微",
    "高新 区",
    "新区",
    "民忧",
)
_USER_FORMS = {entry.replace(" ", ""): tuple(entry.split()) for entry in USER_WORDS}

# Generic terms of place names, written apart from the proper name (GB/T 16159 6.3.6): 成都市 →
# Chengdu Shi, and so the party committees of a place: 成都市委 → Chengdu Shiwei.
_PLACE_GENERICS = ("省委", "市委", "区委", "县委", "省", "市", "区", "县")
_PLACE_TAGS = frozenset({"ns", "nt"})
# Single-syllable prefixes and suffixes joined to the word after or before them (GB/T 16159
# 4.5): 微成都 → Weichengdu, 沉浸式 → Chenjinshi.
_PREFIXES = frozenset({"微", "副", "总", "非"})
_SUFFIXES = frozenset({"式", "性", "化", "型", "们"})
# Terms of address after a name are written apart (GB/T 16159 6.3.5): 法山叔 → Fashan Shu.
_ADDRESS_TERMS = frozenset({"叔", "哥", "姐", "姨", "嫂", "爷"})
# Two-character surnames; any other person's name has a one-character surname.
_COMPOUND_SURNAMES = frozenset(
    {"欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯"}
)


@functools.cache
def _segmenter():
    # Imported on first use; its dictionary (about 30 MB) is then shared by every later call.
    import rjieba

    for word in _USER_FORMS:
        # At least the frequency that keeps the word whole, and enough to win over the
        # general dictionary's longer words (精神文明 + 办 loses to 精神 + 文明办).
        rjieba.add_word(word, max(rjieba.suggest_freq(word), 20000), "nt")
    return rjieba


def _split_compound(word: str, known) -> list[str]:
    """A word of four or more characters made of two dictionary words is written as two (GB/T
    16159 4.4): 先进集体 → 先进 集体, 轨道交通 → 轨道 交通; the split nearest the middle wins."""
    if len(word) < 4:
        return [word]
    middle = len(word) / 2
    for cut in sorted(range(2, len(word) - 1), key=lambda i: abs(i - middle)):
        head, tail = word[:cut], word[cut:]
        if known(head) and known(tail):
            return [*_split_compound(head, known), *_split_compound(tail, known)]
    return [word]


def _written_words(word: str, tag: str, known) -> list[str]:
    """One segment as the words it is written as (person, place and compound rules)."""
    if word in _USER_FORMS:
        return list(_USER_FORMS[word])
    if len(word) >= 3 and word[-1] in _ADDRESS_TERMS and not known(word):
        return [word[:-1], word[-1]]
    if tag.startswith("nr") and len(word) in (3, 4):
        surname = 2 if word[:2] in _COMPOUND_SURNAMES else 1
        if len(word) - surname in (1, 2):
            return [word[:surname], word[surname:]]
    if tag in _PLACE_TAGS:
        for generic in _PLACE_GENERICS:
            stem = word.removesuffix(generic)
            if stem != word and len(stem) >= 2:
                return [*_split_compound(stem, known), generic]
    if tag.startswith("nr"):
        return [word]
    return _split_compound(word, known)


@functools.lru_cache(maxsize=8192)
def han_words(run: str) -> tuple[str, ...]:
    """A run of Han characters cut into written words: 成都市委网信办 → 成都 市委 网信办.

    Traditional characters are segmented as simplified (the dictionary is simplified); the
    words returned are slices of `run` itself, so positions carry over.
    """
    jieba = _segmenter()
    simplified = to_simplified(run)
    if len(simplified) != len(run):
        simplified = "".join(to_simplified(char) or char for char in run)
    words: list[str] = []
    for word, tag in jieba.tag(simplified):
        words.extend(_written_words(word, tag, jieba.has_word))
    joined: list[str] = []
    for word in words:
        if joined and (joined[-1] in _PREFIXES or word in _SUFFIXES):
            word = joined.pop() + word
        joined.append(word)
    # Back to the characters as typed.
    cursor, result = 0, []
    for word in joined:
        result.append(run[cursor : cursor + len(word)])
        cursor += len(word)
    return tuple(result)


def _syllables(word: str, simplified: bool = True) -> list[str]:
    """The toneless syllables of one written word, lower case (ü as v)."""
    from pypinyin import Style, lazy_pinyin  # 55 MB of phrase tables: writers only

    text = to_simplified(word) if simplified else word
    return [syllable.casefold() for syllable in lazy_pinyin(text, style=Style.NORMAL)]


def _spell(syllables: list[str]) -> str:
    """Syllables joined into one word, with an apostrophe before a, o, e (Gong'anju)."""
    spelled = syllables[0] if syllables else ""
    for syllable in syllables[1:]:
        spelled += ("'" if syllable[:1] in ("a", "o", "e") else "") + syllable
    return spelled


@functools.lru_cache(maxsize=8192)
def words(value: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The value as (word, syllables) in order; Latin words and numbers are their own syllable,
    punctuation is dropped. Everything else in this module reads from here.

    Computed: Han characters load the segmenter and pypinyin. Readers go through `_words_of`.
    """
    text = unicodedata.normalize("NFKC", value or "")
    result, cursor = [], 0

    def latin(part: str) -> None:
        result.extend((word, (word.casefold(),)) for word in _LATIN.findall(part))

    for match in HAN.finditer(text):
        latin(text[cursor : match.start()])
        result.extend((word, tuple(_syllables(word))) for word in han_words(match.group()))
        cursor = match.end()
    latin(text[cursor:])
    return tuple(result)


# --- Stored forms: spelling without the dictionaries -------------------------------------


def needs_dictionary(value: str) -> bool:
    """True when spelling `value` needs the segmenter and pypinyin (it holds Han characters)."""
    return bool(value) and HAN.search(unicodedata.normalize("NFKC", value)) is not None


def stored_forms(*values: str) -> str:
    """The words and syllables of each value that holds Han characters, as the JSON text a
    row keeps in its `pinyin` field: {"成都发布": [["成都", ["cheng", "du"]], ...]}.

    The one function every writer calls (save(), the import, the backfill); "" when no value
    needs the dictionaries.
    """
    forms = {}
    for value in values:
        if value and value not in forms and needs_dictionary(value):
            forms[value] = [[word, list(syllables)] for word, syllables in words(value)]
    return json.dumps(forms, ensure_ascii=False, separators=(",", ":")) if forms else ""


# The fields whose Han text each model keeps spelled in its `pinyin` field: what English pages
# romanize (awards.bilingual.NAME_FIELDS, case titles) and search highlights (names, aliases).
SPELLED_FIELDS = {
    "edition": ("name", "guided_by", "hosted_by", "organized_by", "venue", "source_publisher"),
    "awardlist": ("name",),
    "nominee": ("name", "aliases"),
    "case": ("title",),
    "sitesettings": ("name", "short_name", "search_example"),
}


def stored_forms_field():
    """The `pinyin` column of each model in SPELLED_FIELDS: derived on save (spell_row), so
    English pages spell names without loading the dictionaries. A column default lets SQLite
    add it in place (no table rebuild, no lost trigger)."""
    from django.db import models
    from django.utils.translation import gettext_lazy

    return models.TextField(gettext_lazy("拼音"), blank=True, editable=False, db_default="")


def spell_row(row) -> str:
    """`stored_forms` of a model instance's spelled fields: what its save() stores in `pinyin`
    (also the migrations' and `manage.py store_pinyin`'s historical rows)."""
    values = []
    for field in SPELLED_FIELDS[row._meta.model_name]:
        value = getattr(row, field) or ""
        values.extend(value if isinstance(value, list) else [value])
    return stored_forms(*(value for value in values if isinstance(value, str)))


def row_forms(obj) -> str:
    """The stored forms of a model instance: "" when it has none, or when a query deferred
    the field (reading it then would cost a query per row)."""
    value = vars(obj).get("pinyin", "") if hasattr(obj, "__dict__") else ""
    return value if isinstance(value, str) else ""


@functools.lru_cache(maxsize=1024)
def _decoded(stored: str) -> Mapping[str, list]:
    try:
        forms = json.loads(stored)
    except ValueError:
        return {}
    return forms if isinstance(forms, dict) else {}


def _words_of(value: str, stored: str = "") -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`words(value)`, read from a row's stored forms when they hold it: a reader then never
    loads the dictionaries. Computed otherwise (text without Han costs nothing)."""
    if stored and needs_dictionary(value):
        found = _decoded(stored).get(value)
        if found is not None:
            return tuple((word, tuple(syllables)) for word, syllables in found)
    return words(value)


def romanize(value: str, stored: str = "") -> str:
    """成都市委网信办 → Chengdu Shiwei Wangxinban: the reading aid beside names on English pages.

    Hanyu Pinyin by word, each word capitalised, ü written ü; never a translation. Latin words
    and digits are kept as typed, punctuation is dropped. `stored`: the row's `pinyin` field.
    """
    return _romanized(_words_of(value, stored))


@functools.lru_cache(maxsize=4096)
def _romanized(value_words: tuple[tuple[str, tuple[str, ...]], ...]) -> str:
    spelled = []
    for word, syllables in value_words:
        if HAN.match(word):
            text = _spell([s.replace("v", "ü") for s in syllables])
            spelled.append(text[:1].upper() + text[1:])
        else:
            spelled.append(word)
    return " ".join(spelled)


def pinyin_full(value: str, stored: str = "") -> str:
    """成都发布 → chengdufabu: letters and digits only, what search compares."""
    return "".join(s for _word, syllables in _words_of(value, stored) for s in syllables)


def pinyin_initials(value: str, stored: str = "") -> str:
    """成都发布 → cdfb: each syllable's first letter (a Latin word gives its first letter)."""
    return "".join(s[0] for _word, syllables in _words_of(value, stored) for s in syllables)


def query_spelling(query: str) -> str:
    """What search compares a query's pinyin forms with: its letters and digits, folded.

    A query with Han characters is matched by its characters (and traditional as simplified)
    and gets no pinyin: spelling it would load the dictionaries in every public worker.
    """
    return "" if needs_dictionary(query) else pinyin_full(query)


def pinyin_slug(value: str, max_length: int = 80) -> str:
    """市公安局 → shi-gonganju: one lower-case word per written word, joined by hyphens.

    Only new slugs use this: a slug once saved is a public URL and never changes on its own.
    """
    pieces = ["".join(syllables) for _word, syllables in words(value)]
    slug = slugify("-".join(pieces))
    if len(slug) > max_length:
        # Cut at a word's end, unless one word alone is longer than the whole slug.
        cut = slug[: max_length + 1].rfind("-")
        slug = slug[: cut if cut > 0 else max_length]
    return slug.strip("-") or "item"


def char_syllables(text: str, stored: str = "") -> dict[int, str]:
    """Position → syllable of each Han character of `text` (for highlighting a pinyin match).

    `stored`: the row's `pinyin` field; positions are those of the NFKC form, as `words`."""
    result = {}
    if not needs_dictionary(text):
        return result
    value_words = _words_of(text, stored)
    han = [(word, syllables) for word, syllables in value_words if HAN.match(word)]
    cursor, index = 0, 0
    for match in HAN.finditer(text):
        cursor = match.start()
        while cursor < match.end() and index < len(han):
            word, syllables = han[index]
            if len(syllables) == len(word):
                for offset, syllable in enumerate(syllables):
                    result[cursor + offset] = syllable
            cursor += len(word)
            index += 1
    return result


def sort_key(name: str) -> str:
    """成都发布 → chengdufabu: orders names by pinyin, Latin letters as they are.

    Its first character is the name's initial in the nominee index; a name without
    letters (digits only) sorts before "a" under "#".
    """
    return pinyin_full(name)[:200]


def search_blob(*names: str) -> str:
    """Every form a visitor may type for these names, joined for substring search.

    Holds the search keys (simplified, no punctuation), full pinyin and initials of each name,
    separated by a character that no query can contain after normalisation.
    """
    forms = []
    for name in names:
        if not name:
            continue
        forms.extend([search_key(name), pinyin_full(name), pinyin_initials(name)])
    return "|" + "|".join(forms) + "|"
