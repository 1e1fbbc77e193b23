"""Pinyin of names, written by word: the one segmentation behind slugs, the English reading aid,
search keys, initials and the sort key. The rule is docs/romanization.md; imports awards.text only.

Words come from one segmenter, rjieba (the Rust port of jieba), with the small user dictionary
below; a few written-form rules of 汉语拼音正词法 (GB/T 16159) then split or join its words.
"""

import functools
import re
import unicodedata

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

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


def load_dictionary() -> None:
    """Load the segmenter now: summit/wsgi.py calls it in gunicorn's master, so that the
    preloaded workers share one copy instead of each loading its own on first use."""
    _segmenter()


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
    punctuation is dropped. Everything else in this module reads from here."""
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


@functools.lru_cache(maxsize=4096)
def romanize(value: str) -> str:
    """成都市委网信办 → Chengdu Shiwei Wangxinban: the reading aid beside names on English pages.

    Hanyu Pinyin by word, each word capitalised, ü written ü; never a translation. Latin words
    and digits are kept as typed, punctuation is dropped.
    """
    spelled = []
    for word, syllables in words(value):
        if HAN.match(word):
            text = _spell([s.replace("v", "ü") for s in syllables])
            spelled.append(text[:1].upper() + text[1:])
        else:
            spelled.append(word)
    return " ".join(spelled)


def pinyin_full(value: str) -> str:
    """成都发布 → chengdufabu: letters and digits only, what search compares."""
    return "".join(s for _word, syllables in words(value) for s in syllables)


def pinyin_initials(value: str) -> str:
    """成都发布 → cdfb: each syllable's first letter (a Latin word gives its first letter)."""
    return "".join(s[0] for _word, syllables in words(value) for s in syllables)


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


def char_syllables(text: str) -> dict[int, str]:
    """Position → syllable of each Han character of `text` (for highlighting a pinyin match)."""
    result = {}
    for match in HAN.finditer(text):
        cursor = match.start()
        for word in han_words(match.group()):
            syllables = _syllables(word)
            if len(syllables) == len(word):
                for offset, syllable in enumerate(syllables):
                    result[cursor + offset] = syllable
            cursor += len(word)
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
