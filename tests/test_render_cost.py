"""What an uncached page costs does not grow with its lists: the same templates rendered for 1
and for 50 awards per list (no include per award), and each link reversed once."""

import pytest
from django.urls import reverse
from django.utils import translation

from awards.templatetags.awards_extras import cached_reverse
from tests.factories import AwardFactory, AwardListFactory
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


def _templates_rendered(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return [t.name for t in response.templates]


@pytest.mark.parametrize("page", ["edition", "list"])
def test_templates_rendered_do_not_grow_with_awards(client, page):
    small = AwardListFactory()
    AwardFactory(award_list=small, rank=1, level="一等奖")
    large = AwardListFactory()
    AwardFactory.create_batch(50, award_list=large, rank=2, level="二等奖")

    def url(award_list):
        if page == "edition":
            return award_list.edition.get_absolute_url()
        return award_list.get_absolute_url()

    assert _templates_rendered(client, url(small)) == _templates_rendered(client, url(large))


def test_cached_reverse_equals_reverse_and_follows_the_urlconf(settings):
    plain = cached_reverse("awards:nominee", "chengdu-fabu")
    settings.ROOT_URLCONF = "tests.urls_prefixed"

    prefixed = cached_reverse("awards:nominee", "chengdu-fabu")

    assert plain == reverse("awards:nominee", args=["chengdu-fabu"], urlconf="summit.urls")
    assert prefixed == "/prefixed" + plain


def test_cached_reverse_keys_on_the_active_language():
    with translation.override("en"):
        english = cached_reverse("awards:edition", 2022)
    chinese = cached_reverse("awards:edition", 2022)

    # Same today (no language prefix in the URLs); the key holds the language so that a
    # language prefix (i18n_patterns) can never hand one language's link to the other.
    assert english == reverse("awards:edition", args=[2022])
    assert chinese == reverse("awards:edition", args=[2022])
