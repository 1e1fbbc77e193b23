"""The corrections pages in sitemap.xml (a section added through awards/extensions.py)."""

from django.urls import reverse

from awards.corrections import selectors
from awards.models import Edition
from awards.sitemaps import BilingualSitemap


class CorrectionLogSitemap(BilingualSitemap):
    """The corrections page of each published edition that has been corrected."""

    priority = 0.3

    def items(self):
        editions = selectors.with_last_correction(Edition.objects.published())
        return list(editions.filter(last_corrected__isnull=False).order_by("-year"))

    def location(self, item):
        return reverse("corrections:log", kwargs={"year": item.year})

    def lastmod(self, item):
        return item.last_corrected


def sections() -> dict:
    return {"corrections": CorrectionLogSitemap}
