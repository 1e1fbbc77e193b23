"""sitemap.xml: published editions, their lists, nominees and cases only, each in Chinese and
at its English twin under /en/, with hreflang alternates both ways."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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


class EditionSitemap(BilingualSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Edition.objects.published().order_by("-year")

    def lastmod(self, item):
        return item.updated_at


class AwardListSitemap(BilingualSitemap):
    priority = 0.6

    def items(self):
        return (
            AwardList.objects.published()
            .select_related("edition")
            .order_by("-edition__year", "position", "pk")
        )

    def lastmod(self, item):
        return item.edition.updated_at


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
