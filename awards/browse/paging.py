"""Page windows without a total count: LIMIT n + 1 tells whether another page follows.

Counting every published nominee of a 100-edition archive would cost more than the page
itself, so the indexes link to the previous and next page instead of numbering them all.
"""

from dataclasses import dataclass

from django.http import Http404, QueryDict
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Window:
    number: int
    size: int
    has_next: bool
    params: QueryDict

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def _query(self, number: int) -> str:
        params = self.params.copy()
        if number == 1:
            params.pop("page", None)
        else:
            params["page"] = str(number)
        return "?" + params.urlencode() if params else "?"

    @property
    def previous_query(self) -> str:
        return self._query(self.number - 1)

    @property
    def next_query(self) -> str:
        return self._query(self.number + 1)


def page_number(params: QueryDict) -> int:
    """The requested page; anything but a positive whole number is a 404, not page 1."""
    raw = params.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or int(raw) > 100_000:
        raise Http404(_("没有这一页。"))
    return int(raw)


def take(queryset, params: QueryDict, size: int) -> tuple[list, Window]:
    """One page of `queryset` (already ordered) and its window; an empty later page is 404."""
    number = page_number(params)
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    if number > 1 and not rows:
        raise Http404(_("没有这一页。"))
    window = Window(number=number, size=size, has_next=len(rows) > size, params=params)
    return rows[:size], window
