"""Sitemap sections whose lastmod follows corrections, and the corrections pages themselves."""

from django.urls import reverse

from awards import sitemaps as core
from awards.corrections import selectors
from awards.models import Edition


class EditionSitemap(core.EditionSitemap):
    def items(self):
        return selectors.with_last_correction(super().items())

    def lastmod(self, item):
        return selectors.last_change(item)


class AwardListSitemap(core.AwardListSitemap):
    def items(self):
        lists = super().items()
        moments = {
            e.pk: selectors.last_change(e)
            for e in selectors.with_last_correction(Edition.objects.published())
        }
        for award_list in lists:
            award_list.changed_at = moments.get(award_list.edition_id)
        return lists

    def lastmod(self, item):
        return item.changed_at or item.edition.updated_at


class CorrectionLogSitemap(core.BilingualSitemap):
    """The corrections page of each published edition that has been corrected."""

    priority = 0.3

    def items(self):
        editions = selectors.with_last_correction(Edition.objects.published())
        return list(editions.filter(last_corrected__isnull=False).order_by("-year"))

    def location(self, item):
        return reverse("corrections:log", kwargs={"year": item.year})

    def lastmod(self, item):
        return item.last_corrected


SITEMAPS = {
    **core.SITEMAPS,
    "editions": EditionSitemap,
    "lists": AwardListSitemap,
    "corrections": CorrectionLogSitemap,
}
