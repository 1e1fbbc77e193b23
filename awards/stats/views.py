"""Statistics pages and their chart images. Only published editions are ever counted."""

from csp.decorators import csp
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from awards.models import Edition
from awards.stats import figures as data
from awards.stats.charts import SIZES, dimensions, render
from awards.stats.tables import ARCHIVE_FIGURES, EDITION_FIGURES, archive_figure, edition_figure

# The chart is an image document of its own: it may style itself but load and run nothing.
_CHART_CSP = csp({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"]})


def _published_edition(year: int) -> Edition:
    return get_object_or_404(
        Edition.objects.published().only("year", "name", "name_en", "pinyin"), year=year
    )


def _with_chart(figure, url: str):
    """The figure with its chart's URL and drawing sizes (wide, and narrow for phones)."""
    figure.chart_url = url
    figure.chart_size = dimensions(figure, "wide")
    figure.chart_size_narrow = dimensions(figure, "narrow")
    return figure


class EditionStatsView(TemplateView):
    """One edition in numbers: per list, per kind, new and returning winners, top winners."""

    template_name = "awards/stats/edition_stats.html"

    def get_context_data(self, **kwargs):
        edition = _published_edition(self.kwargs["year"])
        shown = []
        for key in EDITION_FIGURES:
            figure = edition_figure(edition, key)
            chart_url = reverse(
                "awards:edition-stats-chart", kwargs={"year": edition.year, "name": key}
            )
            shown.append(_with_chart(figure, chart_url))
        return super().get_context_data(edition=edition, figures=shown, **kwargs)


class ArchiveStatsView(TemplateView):
    """Every published edition in numbers: over time, by kind, the most awarded winners."""

    template_name = "awards/stats/archive_stats.html"

    def get_context_data(self, **kwargs):
        summary = data.archive_summary()
        over_time = summary.over_time
        shown = []
        for key in ARCHIVE_FIGURES:
            figure = archive_figure(key, summary)
            chart_url = reverse("awards:stats-chart", kwargs={"name": key})
            shown.append(_with_chart(figure, chart_url))
        return super().get_context_data(
            figures=shown,
            totals={
                "editions": len(over_time),
                "awards": sum(row["awards"] for row in over_time),
                "first_year": over_time[0]["year"] if over_time else None,
                "last_year": over_time[-1]["year"] if over_time else None,
            },
            **kwargs,
        )


def _svg(request, build) -> HttpResponse:
    size = request.GET.get("size", "wide")
    if size not in SIZES:
        raise Http404(_("没有这种图表尺寸。"))
    try:
        figure = build()
    except KeyError:
        raise Http404(_("没有这张图表。")) from None
    return HttpResponse(render(figure, size), content_type="image/svg+xml; charset=utf-8")


@_CHART_CSP
def archive_chart(request, name: str):
    return _svg(request, lambda: archive_figure(name))


@_CHART_CSP
def edition_chart(request, year: int, name: str):
    return _svg(request, lambda: edition_figure(_published_edition(year), name))
