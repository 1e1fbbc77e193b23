"""Search: which published nominees and cases a query finds, best first, and where in a name
it matched (the search page and the API share these reads; the page highlights the match).

Matching is by Chinese characters, full pinyin or initials, ignoring spaces, case and
simplified/traditional (awards.text folds; the QuerySets' search() narrows in SQL).
"""

import functools
import unicodedata
from typing import NamedTuple

from django.db.models import Prefetch
from django.db.models.functions import Length

from awards.models import Award, Case, Nominee
from awards.pinyin import char_syllables, needs_dictionary, query_spelling, row_forms
from awards.text import clean_text, match_key, search_key

# Bounds what one search can cost and how long its page gets.
SEARCH_MAX_QUERY_LENGTH = 100
SEARCH_MAX_RESULTS = 20
# Matches fetched for ranking; only those with a published award are shown.
SEARCH_CANDIDATES = SEARCH_MAX_RESULTS * 3


def clean_query(raw: str | None) -> str:
    """A search query as typed, without control characters, trimmed and bounded.

    PostgreSQL refuses NUL in text parameters, and no name contains control characters.
    """
    text = "".join(ch for ch in (raw or "") if not unicodedata.category(ch).startswith("C"))
    return clean_text(text)[:SEARCH_MAX_QUERY_LENGTH]


class SearchResults(NamedTuple):
    nominees: list[Nominee]
    cases: list[Case]
    # True when a group had more matches than shown: the page asks for a narrower query.
    truncated: bool = False


def search_results(query: str) -> SearchResults:
    """Published nominees and cases matching `query`, best matches first.

    Shared by the search page and the search API. Runs four queries at most.
    """
    if not match_key(query):
        return SearchResults([], [])
    public_awards = (
        Award.objects.published()
        .select_related("award_list__edition")
        .order_by("-award_list__edition__year", "award_list__position", "position")
    )
    candidates = list(
        Nominee.objects.search(query)
        .prefetch_related(Prefetch("awards", queryset=public_awards, to_attr="public_awards"))
        # Shortest names first: the closest candidates for the ranking below. Ordering by the
        # bare name would also make SQLite walk the name index row by row (10× slower).
        .order_by(Length("name"), "name")[:SEARCH_CANDIDATES]
    )
    # The public only knows nominees and cases with a published award. Checking the
    # prefetched awards here instead of an EXISTS in SQL keeps PostgreSQL from hash-joining
    # every award of the archive for a broad query (100 ms → 15 ms with 100,000 awards).
    nominees = [nominee for nominee in candidates if nominee.public_awards]
    case_candidates = list(
        Case.objects.search(query)
        .select_related("nominee")
        .prefetch_related(Prefetch("awards", queryset=public_awards, to_attr="public_awards"))
        .order_by(Length("title"), "title")[:SEARCH_CANDIDATES]
    )
    cases = [case for case in case_candidates if case.public_awards]

    def relevance(nominee):
        # A name matched from its first character beats one matched in the middle or by alias.
        span = match_span(nominee.name, query, row_forms(nominee))
        return (span is None, span.start if span else 0, len(nominee.name))

    nominees.sort(key=relevance)
    truncated = (
        len(nominees) > SEARCH_MAX_RESULTS
        or len(candidates) == SEARCH_CANDIDATES
        or len(cases) > SEARCH_MAX_RESULTS
        or len(case_candidates) == SEARCH_CANDIDATES
    )
    return SearchResults(nominees[:SEARCH_MAX_RESULTS], cases[:SEARCH_MAX_RESULTS], truncated)


@functools.lru_cache(maxsize=2048)
def _char_tokens(
    text: str, stored: str = ""
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Per character of `text`: its folded form, its full pinyin and its initial.

    Han characters spell their pinyin (from the row's stored forms, `stored`); Latin letters
    and digits spell themselves (a Latin word gives its first letter as the initial);
    punctuation folds to nothing and spells nothing, as in the search keys. Cached:
    search ranks and then highlights the same names, and pinyin lookups dominate the cost.
    """
    # The syllables of the written words (awards.pinyin), as the search keys hold them.
    syllables = char_syllables(text, stored)
    literal, full, initials = [], [], []
    previous_alnum = False
    for index, char in enumerate(text):
        folded = match_key(char)
        literal.append(search_key(char))
        if index in syllables:
            full.append(syllables[index])
            initials.append(syllables[index][:1])
            previous_alnum = False
        elif folded.isascii() and folded.isalnum():
            full.append(folded)
            initials.append("" if previous_alnum else folded[:1])
            previous_alnum = True
        else:
            full.append("")
            initials.append("")
            previous_alnum = False
    return tuple(literal), tuple(full), tuple(initials)


def _find(tokens: tuple[str, ...], needle: str) -> range | None:
    """The characters whose tokens cover the first occurrence of `needle`."""
    if not needle:
        return None
    owners = [index for index, token in enumerate(tokens) for _ in token]
    start = "".join(tokens).find(needle)
    if start < 0:
        return None
    return range(owners[start], owners[start + len(needle) - 1] + 1)


def match_span(text: str, query: str, stored: str = "") -> range | None:
    """Where `query` matches `text`, by characters, pinyin or initials (None if nowhere).

    `stored`: the `pinyin` field of the row `text` comes from (awards.pinyin.row_forms). A
    query with Han characters matches by characters only, and so never needs the syllables.
    """
    key = search_key(query)
    text = unicodedata.normalize("NFC", text)
    if needs_dictionary(query):
        return _find(tuple(search_key(char) for char in text), key)
    spelled = query_spelling(query)
    literal, full, initials = _char_tokens(text, stored)
    return (
        _find(literal, key)
        or _find(full, key)
        or _find(full, spelled)
        or _find(initials, key)
        or _find(initials, spelled)
    )
