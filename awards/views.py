"""Public views. Every read starts from published() unless a staff member previews.

Each view states its whole fetch plan, so a page runs the same number of queries
whatever the size of its lists (tests/test_views.py holds them to it).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import DetailView, TemplateView
from django.views.i18n import set_language as django_set_language

from awards import extensions, fragments, identity
from awards.api.responses import not_found
from awards.browse.selectors import neighbours
from awards.models import Award, AwardList, Case, Edition
from awards.search import SEARCH_MAX_RESULTS, clean_query, search_results
from awards.text import match_key


class PreviewMixin:
    """Staff preview unpublished editions; everyone else only ever sees published ones.

    Staff requests bypass the page cache (awards.caching), so a preview never reaches
    the cache and a cached public page never reaches staff.
    """

    def is_previewer(self) -> bool:
        # An anonymous visitor has no session cookie, so this costs no query for them.
        return self.request.user.is_staff

    def visible_editions(self):
        return Edition.objects.all() if self.is_previewer() else Edition.objects.published()

    def visible_awards(self):
        return Award.objects.all() if self.is_previewer() else Award.objects.published()


def _awards_in_order():
    return Award.objects.select_related("nominee", "case").order_by("position")


class KeptForDataStateMixin:
    """A detail view whose object is kept for the data state, for the public only
    (awards.fragments): the same rows until the next change; staff may see drafts, so a
    preview is never kept. Subclasses name the part (`kept_as`), its size and `fetch()`."""

    kept_as: str

    def get_object(self, queryset=None):
        return fragments.value(
            self.kept_as,
            (self.kwargs[self.slug_url_kwarg],),
            self.fetch,
            self.request,
            size=self.kept_size,
            keep=not self.is_previewer(),
        )


class HomeView(TemplateView):
    """The latest published edition in full, then the archive of the others."""

    template_name = "awards/home.html"

    def get_context_data(self, **kwargs):
        editions = Edition.objects.published().order_by("-year")
        latest = editions.first_with_results()
        archive = list(editions.exclude(pk=latest.pk)) if latest else []
        # Staff never get the cached page, so only they see links to preview unpublished ones.
        unpublished = (
            Edition.objects.exclude(pk__in=editions.values("pk")).order_by("-year")
            if self.request.user.is_staff
            else []
        )
        return super().get_context_data(
            edition=latest, archive=archive, unpublished=unpublished, **kwargs
        )


def _edition_bytes(edition) -> int:
    # About what an edition holds with its lists and their awards as AwardRow values, for
    # awards.fragments' budget.
    return 10_000 + sum(4_000 + 2_000 * len(a.ordered_awards) for a in edition.lists)


class EditionDetailView(KeptForDataStateMixin, PreviewMixin, DetailView):
    """One edition: organizers, source and every list in order."""

    context_object_name = "edition"
    slug_field = slug_url_kwarg = "year"

    def get_queryset(self):
        return self.visible_editions()

    kept_as = "edition"

    kept_size = staticmethod(_edition_bytes)

    def fetch(self):
        edition = self.get_queryset().filter(year=self.kwargs["year"]).first_with_results()
        if edition is None:
            raise Http404(_("没有找到这一届。"))
        return edition

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            preview=not self.object.is_public, around=neighbours(self.object), **kwargs
        )


class AwardListDetailView(PreviewMixin, DetailView):
    """One list on its own, shareable page."""

    context_object_name = "award_list"

    def get_queryset(self):
        return (
            AwardList.objects.filter(
                edition__in=self.visible_editions(), edition__year=self.kwargs["year"]
            )
            .select_related("edition")
            .with_counts()
            .prefetch_related(
                Prefetch("awards", queryset=_awards_in_order(), to_attr="ordered_awards")
            )
        )

    def get_context_data(self, **kwargs):
        siblings = AwardList.objects.filter(edition=self.object.edition_id).order_by(
            "position", "pk"
        )
        preview = not self.object.edition.is_public
        return super().get_context_data(
            edition=self.object.edition,
            siblings=siblings.only("name", "name_en", "slug", "pinyin"),
            preview=preview,
            # Sections other packages add below the list (awards/extensions.py).
            extension_sections=extensions.list_page(self.object, self.request, preview),
            **kwargs,
        )


def _nominee_bytes(nominee) -> int:
    # About what a nominee holds with its awards, their lists, editions and cases as model
    # instances (tracemalloc: some 30 KB for a nominee with two awards); awards.fragments' budget.
    return 10_000 + 12_000 * len(nominee.shown_awards)


class NomineeDetailView(KeptForDataStateMixin, PreviewMixin, DetailView):
    """A nominee and every award it holds in published editions, newest first."""

    context_object_name = "nominee"

    def get_queryset(self):
        # The awards carry their nominee: one query for the page. A nominee with no award
        # shown and a slug that names no nominee are the same 404.
        return (
            self.visible_awards()
            .filter(nominee__slug=self.kwargs["slug"])
            .select_related("nominee", "award_list__edition", "case")
            .order_by("-award_list__edition__year", "award_list__position", "position")
        )

    kept_as = "nominee"

    kept_size = staticmethod(_nominee_bytes)

    def fetch(self):
        shown_awards = list(self.get_queryset())
        if not shown_awards:
            # A nominee known only from drafts does not exist yet for the public.
            raise Http404(_("没有找到这个获奖对象。"))
        nominee = shown_awards[0].nominee
        for award in shown_awards:
            award.nominee = nominee  # one instance: the timeline compares announced names
        nominee.shown_awards = shown_awards
        return nominee

    def get_context_data(self, **kwargs):
        preview = any(not a.award_list.edition.is_public for a in self.object.shown_awards)
        return super().get_context_data(preview=preview, **kwargs)


class CaseDetailView(PreviewMixin, DetailView):
    """A case: its title, credited organization, and the edition and list that honoured it."""

    context_object_name = "case"

    def get_queryset(self):
        return Case.objects.select_related("nominee")

    def get_object(self, queryset=None):
        case = super().get_object(queryset)
        case.shown_awards = list(
            self.visible_awards()
            .filter(case=case)
            .select_related("award_list__edition")
            .order_by("-award_list__edition__year", "award_list__position")
        )
        if not case.shown_awards:
            raise Http404(_("没有找到这个案例。"))
        for award in case.shown_awards:
            award.nominee = case.nominee  # one owner (database rule): no query per award
        return case

    def get_context_data(self, **kwargs):
        preview = any(not a.award_list.edition.is_public for a in self.object.shown_awards)
        return super().get_context_data(preview=preview, **kwargs)


class SearchView(TemplateView):
    """Nominee names, aliases and case titles by Chinese text, full pinyin or initials."""

    template_name = "awards/search.html"

    def get_context_data(self, **kwargs):
        query = clean_query(self.request.GET.get("q"))
        # Kept for the data state like the edition and nominee pages (awards.fragments):
        # search reads published editions only, whoever asks, so every request may share it.
        nominees, cases, truncated, latest = fragments.value(
            "search", (query,), lambda: _search(query), self.request, size=_search_bytes
        )
        return super().get_context_data(
            query=query,
            truncated=truncated,
            max_results=SEARCH_MAX_RESULTS,
            searched=bool(match_key(query)),
            nominees=nominees,
            cases=cases,
            latest=latest,
            **kwargs,
        )


def _search(query: str):
    nominees, cases, truncated = search_results(query)
    latest = None
    if not (nominees or cases):
        latest = (
            Edition.objects.published()
            .order_by("-year")
            .only("year", "name", "name_en", "pinyin")
            .first()
        )
    return nominees, cases, truncated, latest


def _search_bytes(found) -> int:
    # About what the results hold as model instances with their awards, lists and editions
    # (some 10 KB per nominee or case shown), for awards.fragments' budget.
    nominees, cases = found[0], found[1]
    return 10_000 + 10_000 * (len(nominees) + len(cases))


@csrf_exempt
def set_language(request):
    """Django's set_language, which sends public pages to their twin in the chosen language.

    Django translates `next` by resolving it in the active language; a public URL resolves
    only in its own language (/en/… in English), so that language is made active first.

    A language switch is harmless to forge (it only sets a cookie naming a language), and
    public pages are cached and shared between visitors, so they must not embed a
    per-visitor CSRF token: hence csrf_exempt. The admin's switch posts here too.
    """
    next_url = request.POST.get("next", request.GET.get("next")) or "/"
    language = translation.get_language_from_path(urlsplit(next_url).path)
    with translation.override(language or settings.LANGUAGE_CODE):
        return django_set_language(request)


def page_not_found(request, exception):
    """Styled 404; API clients get JSON instead of a page."""
    if request.path.startswith(reverse("awards:api-root")):
        return not_found()
    return render(request, "404.html", status=404)


def server_error(request):
    """Styled 500 that needs neither the database nor a request context: whatever broke
    the page may be the database itself."""
    try:
        # The identity may live in the database; a broken database must not break this page.
        body = loader.get_template("500.html").render({"site": identity.safe_current()})
    except Exception:
        body = "<!DOCTYPE html><title>500</title><h1>Server error / 服务器出错</h1>"
    return HttpResponseServerError(body)
