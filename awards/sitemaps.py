"""sitemap.xml: published editions, their lists, nominees and cases only, each in Chinese and
at its English twin under /en/, with hreflang alternates both ways."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from awards import extensions
from awards.models import AwardList, Case, Edition, Nominee


class BilingualSitemap(Sitemap):
    # Every page has a twin per language in settings.LANGUAGES; the Chinese one is x-default.
    i18n = True
    alternates = True
    x_default = True


class HomeSitemap(BilingualSitemap):
    changefreq = "monthly"
    priority = 1.0

    def items(self):
        return ["awards:home"]

    def location(self, item):
        return reverse(item)


class EditionChangeSitemap(BilingualSitemap):
    """Pages of an edition (the edition's, its lists'): lastmod is when the edition's public
    record last changed, its own row or what a package reports (awards/extensions.py:
    corrections)."""

    def edition_of(self, item) -> Edition:
        raise NotImplementedError

    def items(self):
        items = list(self.published())
        editions = {self.edition_of(item) for item in items}
        reported = extensions.edition_changes(editions)
        for item in items:
            edition = self.edition_of(item)
            moments = (edition.updated_at, edition.published_at, reported.get(edition.pk))
            item.changed_at = max(moment for moment in moments if moment is not None)
        return items

    def lastmod(self, item):
        return item.changed_at


class EditionSitemap(EditionChangeSitemap):
    changefreq = "monthly"
    priority = 0.8

    def published(self):
        return Edition.objects.published().order_by("-year")

    def edition_of(self, item):
        return item


class AwardListSitemap(EditionChangeSitemap):
    priority = 0.6

    def published(self):
        return (
            AwardList.objects.published()
            .select_related("edition")
            .order_by("-edition__year", "position", "pk")
        )

    def edition_of(self, item):
        return item.edition


class NomineeSitemap(BilingualSitemap):
    priority = 0.5

    def items(self):
        return Nominee.objects.with_published_awards().order_by("slug")


class CaseSitemap(BilingualSitemap):
    priority = 0.4

    def items(self):
        return Case.objects.published().order_by("pk")


SITEMAPS = {
    "home": HomeSitemap,
    "editions": EditionSitemap,
    "lists": AwardListSitemap,
    "nominees": NomineeSitemap,
    "cases": CaseSitemap,
}


def all_sections() -> dict:
    """The core's sections and those packages add (awards/extensions.py), for sitemap.xml."""
    added = extensions.sitemap_sections()
    return {**SITEMAPS, **{name: s for name, s in added.items() if name not in SITEMAPS}}
