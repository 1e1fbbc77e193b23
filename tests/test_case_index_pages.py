"""The case index reads each page from the lists that hold it (awards.browse.selectors,
CaseLists): every page is the same slice of the whole ordered record as a plain OFFSET read."""

import pytest
from django.http import QueryDict

from awards.browse.selectors import CASES_PER_PAGE, CaseLists, case_index
from awards.models import Award
from tests.factories import AwardListFactory, CaseAwardFactory, EditionFactory


def _plain(year=None):
    awards = Award.objects.published().filter(case__isnull=False)
    if year:
        awards = awards.filter(award_list__edition__year=year)
    order = ("-award_list__edition__year", "award_list__position", "award_list", "position")
    return list(awards.order_by(*order).values_list("pk", flat=True))


@pytest.fixture
def case_lists(db):
    """Lists of 30, 0, 40 and 25 cases over two editions, a draft edition's list of 10."""
    sizes = {2039: [25], 2040: [30, 0, 40]}
    for year, counts in sizes.items():
        edition = EditionFactory(year=year)
        for position, count in enumerate(counts):
            award_list = AwardListFactory(edition=edition, cases=True, position=position)
            for n in range(count):
                CaseAwardFactory(
                    award_list=award_list, case__nominee__name=f"单位{year}-{position}-{n}"
                )
    draft = AwardListFactory(edition=EditionFactory(year=2041, draft=True), cases=True)
    for n in range(10):
        CaseAwardFactory(award_list=draft, case__nominee__name=f"草稿单位{n}")


@pytest.mark.django_db
@pytest.mark.parametrize("year", [None, 2040])
def test_every_case_page_is_the_plain_reads_slice(case_lists, year):
    expected = _plain(year)
    pages, number = [], 1

    while True:
        params = QueryDict(mutable=True)
        if year:
            params["year"] = str(year)
        params["page"] = str(number)
        rows, window = case_index(params)
        pages.append([award.pk for award in rows])
        if not window.has_next:
            break
        number += 1

    assert pages == [
        expected[start : start + CASES_PER_PAGE]
        for start in range(0, len(expected), CASES_PER_PAGE)
    ]
    assert len(expected) == (70 if year else 95)


@pytest.mark.django_db
def test_case_years_leave_out_drafts_and_empty_editions(case_lists):
    EditionFactory(year=2038)

    assert CaseLists.read().years == [2040, 2039]


@pytest.mark.django_db
def test_a_page_past_the_end_is_404(case_lists, client):
    assert client.get("/cases/", {"page": 2}).status_code == 200
    assert client.get("/cases/", {"page": 3}).status_code == 404
    assert client.get("/cases/", {"year": 2039, "page": 2}).status_code == 404
