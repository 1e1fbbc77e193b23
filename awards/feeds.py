"""Atom feed of published editions, for readers and aggregators that follow the results.

In Chinese at /feed/ and in English at /en/feed/ (English values, else the romanized or
original Chinese: a feed cannot mark the language of a part)."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards import bilingual, extensions, identity
from awards.models import AwardList, Edition

FEED_SIZE = 20


class TextSummaryAtomFeed(Atom1Feed):
    """Atom with plain-text summaries: Django marks every summary type="html", so a summary
    holding "<script>" would reach feed readers as markup. Ours are text, escaped as text."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class EditionFeed(Feed):
    feed_type = TextSummaryAtomFeed

    def title(self):
        return identity.current().name

    subtitle = _("每届峰会公布的获奖名单")

    def link(self):
        return reverse("awards:home")

    def get_object(self, request, *args, **kwargs):
        # The request, handed to items() for the parts other packages add to each entry.
        return request

    def items(self, request):
        lists = AwardList.objects.order_by("position", "pk").only(
            "name", "name_en", "pinyin", "edition_id"
        )
        editions = list(
            Edition.objects.published()
            .order_by("-published_at")
            .prefetch_related(Prefetch("award_lists", queryset=lists, to_attr="lists"))[:FEED_SIZE]
        )
        # What other packages add to an entry (the corrections log): awards/extensions.py.
        additions = extensions.edition_feed(editions, request)
        for edition in editions:
            edition.feed_addition = additions[edition.pk]
        return editions

    def item_title(self, item):
        return bilingual.text(item, "name")

    def item_description(self, item):
        names = gettext("、").join(bilingual.text(award_list, "name") for award_list in item.lists)
        text = f"{bilingual.text(item, 'summary')}\n{names}".strip()
        return "\n".join([text, *item.feed_addition.lines]).strip()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # An edition corrected after publication (a withdrawal, a fixed name) shows as updated.
        moments = (item.updated_at, item.published_at, item.feed_addition.updated)
        return max(moment for moment in moments if moment is not None)

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"summit-awards-edition-{item.year}"

    def item_guid_is_permalink(self, item):
        return False
