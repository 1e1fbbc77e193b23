"""Stage 4, match existing records: what the database already holds that a file's rows name.

Everything is loaded in a handful of set-based queries, whatever the number of rows, and
kept as plain tuples: building 10,000 model instances only to read four fields is slow.
Imports the core models and `layout`.
"""

import re
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from awards.importing.layout import NOMINEE_KINDS, label_of, suggest
from awards.models import Award, AwardList, Case, Edition, Nominee
from awards.text import match_key

MAX_SUGGESTIONS = 50
_SLUG = re.compile(r"[-a-z0-9_]{1,80}")  # the shape of the slugs Nominee.save() makes


class Known(NamedTuple):
    """An existing nominee, as much of it as matching needs."""

    pk: int
    name: str
    aliases: list
    kind: str
    name_en: str | None


class Stored(NamedTuple):
    """An existing award, as much of it as comparing needs."""

    pk: int
    award_list_id: int
    position: int
    nominee_id: int
    case_id: int | None
    rank: int | None
    level: str
    withdrawn_at: object
    withdrawal_reason: str
    level_en: str | None
    announced_name: str
    case__title: str | None  # for the preview's old → new when a row names another case


class Records:
    """The existing records one import refers to; one instance per file."""

    def __init__(self):
        # "你是不是要找…" compares against every name: only the first few problems get a hint.
        self.suggestions_left = MAX_SUGGESTIONS
        self._nominees = None

    # --- nominees ------------------------------------------------------------

    def nominees(self) -> dict:
        """{match key: Known} for names, then aliases (a name wins over another's alias)."""
        if self._nominees is None:
            by_name, by_alias = {}, {}
            # Decoding every row's JSON is slow; only rows that have aliases need it.
            aliases = dict(Nominee.objects.exclude(aliases=[]).values_list("pk", "aliases"))
            self._by_slug = {}
            rows = Nominee.objects.values_list("pk", "name", "kind", "name_en", "slug")
            for pk, name, kind, name_en, slug in rows:
                nominee = Known(pk, name, aliases.get(pk, []), kind, name_en)
                self._by_slug[slug] = nominee
                by_name[match_key(name)] = nominee
                for alias in nominee.aliases or ():
                    by_alias.setdefault(match_key(alias), nominee)
            self._nominees = {**by_alias, **by_name}
            self._names = {n.pk: n.name for n in by_name.values()}
            self._alias_owner = {a: n.name for n in by_name.values() for a in (n.aliases or ())}
            self._all_names = [*self._names.values(), *self._alias_owner]
        return self._nominees

    def nominee_by_key(self, slug: str | None) -> Known | None:
        """The nominee whose 网址标识 an exported row carries (对象网址标识), if it exists here."""
        self.nominees()
        return self._by_slug.get(slug) if slug else None

    def free_nominee_key(self, slug: str | None) -> str:
        """The 对象网址标识 a row carries, if a new nominee may keep it: a well-formed slug that
        no nominee here has (a file from another site); else "" (one is made from the name)."""
        self.nominees()
        if not slug or slug in self._by_slug or not _SLUG.fullmatch(slug):
            return ""
        return slug

    def nominee_name(self, pk: int) -> str:
        self.nominees()
        return self._names.get(pk, str(pk))

    def _hint(self, name: str, cutoff: float) -> str | None:
        if self.suggestions_left <= 0:
            return None
        self.suggestions_left -= 1
        self.nominees()
        return suggest(name, self._all_names, cutoff=cutoff)

    def unknown_nominee(self, name: str) -> str:
        """Why a row's nominee cannot be used, with the closest name or alias."""
        hint = self._hint(name, 0.6)
        owner = self._alias_owner.get(hint)
        if owner:
            message = _("找不到『%(name)s』,你是不是要找『%(hint)s』(别名『%(alias)s』)?") % {
                "name": name,
                "hint": owner,
                "alias": hint,
            }
        elif hint:
            message = _("找不到『%(name)s』,你是不是要找『%(hint)s』?") % {
                "name": name,
                "hint": hint,
            }
        else:
            message = _("找不到『%(name)s』。") % {"name": name}
        return message + _("如果是新的获奖对象,请在「对象类型」中选择类型。")

    def new_nominee_note(self, nominee: Nominee) -> str:
        """Says a nominee will be created, and names a similar existing one (a likely typo)."""
        kind = label_of(NOMINEE_KINDS, nominee.kind)
        note = _("新建获奖对象『%(name)s』(%(kind)s)") % {"name": nominee.name, "kind": kind}
        hint = self._hint(nominee.name, 0.75)
        if hint:
            note += _(",注意已有相似的『%(hint)s』") % {"hint": hint}
        return note

    @staticmethod
    def nominees_by_pk(pks) -> dict:
        return {n.pk: n for n in Nominee.objects.filter(pk__in=pks)}

    @staticmethod
    def english_name_owners(names) -> dict:
        """{English name: (pk, Chinese name)} of the stored nominees holding these names."""
        if not names:
            return {}
        rows = Nominee.objects.filter(name_en__in=names).values_list("name_en", "pk", "name")
        return {name_en: (pk, name) for name_en, pk, name in rows}

    # --- editions and lists ----------------------------------------------------

    @staticmethod
    def lists_of(edition: Edition) -> tuple[list, set]:
        """The edition's lists, and the ids of those that already hold awards."""
        if edition.pk is None:
            return [], set()
        existing = list(AwardList.objects.filter(edition=edition).select_related("edition"))
        if not existing:
            return [], set()
        used = Award.objects.filter(award_list__in=existing).values_list("award_list", flat=True)
        return existing, set(used.distinct())

    @staticmethod
    def lists_by_year(years) -> tuple[dict, dict]:
        """{year: Edition}, and {(year, match key of a list's name or slug): AwardList}."""
        editions = {e.year: e for e in Edition.objects.filter(year__in=years)}
        lists = {}
        found = AwardList.objects.filter(edition__in=editions.values()).select_related("edition")
        for item in found:
            lists[(item.edition.year, match_key(item.name))] = item
            lists.setdefault((item.edition.year, match_key(item.slug)), item)
        return editions, lists

    # --- cases and awards --------------------------------------------------------

    @staticmethod
    def cases_of(owner_ids: set) -> dict:
        """{(nominee id, match key of the title): Case} of the given nominees."""
        if not owner_ids:
            return {}
        cases = Case.objects.filter(nominee_id__in=owner_ids)
        return {(case.nominee_id, match_key(case.title)): case for case in cases}

    @staticmethod
    def cases_named(named: set, held_ids: set) -> tuple[dict, dict]:
        """({pk: Case}, {案例编号 as read: Case}) in one query: the cases rows name by key (or,
        in files exported before keys, by id) and those the lists hold now (held_ids).

        A key this site does not know names no case here: a file from another site, whose row
        is then matched by nominee and title, and a new case keeps the key (one key per case
        on every site).
        """
        keys = {value for value in named if isinstance(value, str)}
        ids = ({value for value in named if isinstance(value, int)} | set(held_ids)) - {None}
        if not keys and not ids:
            return {}, {}
        found = {case.pk: case for case in Case.objects.filter(Q(pk__in=ids) | Q(key__in=keys))}
        by_key = {case.key: case for case in found.values() if case.key in keys}
        by_key.update({value: found[value] for value in named if value in found})
        return found, by_key

    @staticmethod
    def awards_of(list_ids: set) -> dict:
        """{(list id, position): Stored} of every award in the given lists."""
        if not list_ids:
            return {}
        rows = Award.objects.filter(award_list_id__in=list_ids).values_list(*Stored._fields)
        return {(a.award_list_id, a.position): a for a in map(Stored._make, rows)}
