"""Conflicts of interest: does a judge's declared affiliation match a candidate?

A match is the candidate's nominee itself being one of the judge's affiliated nominees, or one
of the judge's free-text names equal (after normalising) to the nominee's name or an alias.
"""

import unicodedata

from django.utils.translation import gettext as _


def _key(text: str) -> str:
    # Full-width letters and spaces fold to their plain forms; case and spaces don't matter.
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


class Matcher:
    """Built once for a set of judges (two queries), then asked per (judge, candidate)."""

    def __init__(self, judges):
        self._nominees = {}
        self._names = {}
        for judge in judges:
            self._nominees[judge.pk] = {n.pk: n.name for n in judge.affiliated_nominees.all()}
            lines = (line.strip() for line in judge.affiliated_names.splitlines())
            self._names[judge.pk] = {_key(line): line for line in lines if line}

    def conflict(self, judge, candidate) -> str:
        """The reason the candidate is withheld from the judge, or "" when it is not."""
        nominee = candidate.nominee
        if nominee.pk in self._nominees.get(judge.pk, {}):
            return _("申报关联:%(name)s") % {"name": nominee.name}
        names = self._names.get(judge.pk, {})
        for name in [nominee.name, *(nominee.aliases or [])]:
            if _key(str(name)) in names:
                return _("申报关联:%(name)s") % {"name": names[_key(str(name))]}
        return ""
