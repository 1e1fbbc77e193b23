"""The nominee and case index pages (their reads are in awards.browse.selectors)."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from awards.browse.selectors import LETTERS, CaseLists, case_index, nominee_index
from awards.models import Nominee


class NomineeIndexView(TemplateView):
    """Every nominee with a published award, in pinyin order, by initial and kind."""

    template_name = "awards/browse/nominee_index.html"

    def get_context_data(self, **kwargs):
        rows, window, kind, letter = nominee_index(self.request.GET)
        return super().get_context_data(
            nominees=rows,
            window=window,
            kind=kind,
            letter=letter,
            kind_links=[
                _link(label, value == kind, kind=value, letter=letter)
                for value, label in [("", _("全部类型")), *Nominee.Kind.choices]
            ],
            letter_links=[
                _link(label, value == letter, kind=kind, letter=value)
                for value, label in [("", _("全部")), *((x, x) for x in LETTERS)]
            ],
            **kwargs,
        )


def _link(label: str, current: bool, **params) -> dict:
    query = urlencode({name: value for name, value in params.items() if value})
    return {"label": label, "query": f"?{query}" if query else "?", "current": current}


class CaseIndexView(TemplateView):
    """Every published case, newest edition first, in list order."""

    template_name = "awards/browse/case_index.html"

    def get_context_data(self, **kwargs):
        lists = CaseLists.read()
        years = lists.years
        rows, window = case_index(self.request.GET, lists)
        year = self.request.GET.get("year")
        return super().get_context_data(
            awards=rows, window=window, years=years, year=int(year) if year else None, **kwargs
        )
