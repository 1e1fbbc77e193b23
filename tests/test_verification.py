"""/verify/: the three states (valid, withdrawn, not found), after merges and withdrawals, and
codes that are random, typeable and stable."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from awards import codes, services
from awards.models import Award
from tests.factories import AwardFactory, CaseAwardFactory, EditionFactory, NomineeFactory
from tests.pagetext import texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


def _url(award) -> str:
    return f"/verify/{codes.grouped(award.verification_code)}/"


def _status(response) -> str:
    (status,) = texts(response.content, "p", "verification__status")
    return status


# --- Codes ----------------------------------------------------------------------------


def test_codes_are_80_random_bits_in_crockford_base32():
    issued = {codes.new_code() for _ in range(2000)}

    assert len(issued) == 2000
    assert all(len(code) == 16 and set(code) <= set(codes.ALPHABET) for code in issued)
    assert not set("ILOU") & set("".join(issued))
    assert 32**16 == 2**80


@pytest.mark.parametrize(
    "typed",
    [
        "7q2m-4k9x-hc3t-vb8n",
        " 7Q2M 4K9X HC3T VB8N ",
        "7Q2M4K9XHC3TVB8N",
        "７Ｑ２Ｍ－４Ｋ９Ｘ－ＨＣ３Ｔ－ＶＢ８Ｎ",
    ],
)
def test_typed_codes_are_normalised(typed):
    assert codes.normalize(typed) == "7Q2M4K9XHC3TVB8N"


def test_confusable_letters_are_read_as_digits():
    assert codes.normalize("O0I1-L0O0-0000-0000") == "0011100000000000"


@pytest.mark.parametrize("typed", ["", "7Q2M-4K9X-HC3T", "7Q2M-4K9X-HC3T-VB8U", "<script>"])
def test_impossible_codes_normalise_to_nothing(typed):
    assert codes.normalize(typed) == ""


def test_code_is_not_derived_from_the_id():
    first, second = AwardFactory(), AwardFactory()

    assert first.verification_code != second.verification_code
    assert codes.normalize(codes.grouped(first.verification_code)) == first.verification_code


def test_loading_the_fixture_twice_keeps_every_code(edition_2022):
    before = dict(Award.objects.values_list("pk", "verification_code"))

    call_command("loaddata", "summit_2022", verbosity=0)

    assert dict(Award.objects.values_list("pk", "verification_code")) == before
    assert len(set(before.values())) == 48


def test_no_writer_can_change_an_issued_code():
    award = AwardFactory()
    issued = award.verification_code

    Award.objects.filter(pk=award.pk).update(verification_code=codes.new_code())
    award.level = "一等奖"
    award.verification_code = codes.new_code()
    award.save()

    award.refresh_from_db()
    assert (award.verification_code, award.level) == (issued, "一等奖")


# --- The three states -----------------------------------------------------------------


def test_valid_award_shows_edition_list_and_nominee(client):
    award = AwardFactory(nominee__name="成都发布", rank=2, level="一等奖")

    response = client.get(_url(award))

    assert response.status_code == 200
    assert _status(response).startswith("证书有效")
    body = response.content.decode()
    for expected in (
        award.award_list.edition.name,
        award.award_list.name,
        "成都发布",
        "第2名",
        "一等奖",
    ):
        assert expected in body


def test_valid_case_award_shows_case_and_organization(client):
    award = CaseAwardFactory(
        case__title="“我家门前”主题报道", case__nominee__name="双流区融媒体中心"
    )

    response = client.get(_url(award))

    body = response.content.decode()
    assert response.status_code == 200
    assert "《“我家门前”主题报道》" in body
    assert "双流区融媒体中心" in body


def test_withdrawn_award_says_so_with_date_and_reason(client):
    award = AwardFactory()
    services.withdraw_award(award=award, reason="材料不实")

    response = client.get(_url(award))

    assert response.status_code == 200
    assert _status(response).startswith("已撤销")
    assert "材料不实" in response.content.decode()
    assert award.withdrawn_at.astimezone().strftime("%Y") in _status(response)


def test_unknown_code_is_404_with_a_helpful_page(db, client):
    response = client.get("/verify/7Q2M-4K9X-HC3T-VB8N/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "官方记录中没有验证码「7Q2M-4K9X-HC3T-VB8N」。" in body
    assert 'name="code"' in body


def test_malformed_code_is_404_and_escaped(db, client):
    response = client.get("/verify/<b>x<%2Fb>/")

    assert response.status_code == 404
    assert "<b>x" not in response.content.decode()


def test_draft_code_is_not_found_until_publication(client):
    edition = EditionFactory(draft=True)
    award = AwardFactory(award_list__edition=edition)
    before = client.get(_url(award)).status_code

    services.publish_edition(edition=edition)
    after = client.get(_url(award)).status_code

    assert (before, after) == (404, 200)


def test_merge_keeps_the_code_and_shows_the_survivor_with_the_old_name():
    keep = NomineeFactory(name="成都发布")
    merged = NomineeFactory(name="成都发布微博")
    award = AwardFactory(nominee=merged)
    code = award.verification_code

    services.merge_nominees(keep=keep, duplicates=[merged])

    award.refresh_from_db()
    assert award.verification_code == code


def test_verification_after_a_merge_shows_the_survivor(client):
    keep = NomineeFactory(name="成都发布")
    merged = NomineeFactory(name="成都发布微博")
    award = AwardFactory(nominee=merged)
    services.merge_nominees(keep=keep, duplicates=[merged])

    response = client.get(_url(award))

    body = response.content.decode()
    assert response.status_code == 200
    assert _status(response).startswith("证书有效")
    # The name printed on the certificate, as announced, linked to the surviving nominee.
    assert f'/nominees/{keep.slug}/">成都发布微博</a>' in body


def test_withdrawal_after_a_merge_shows_withdrawn(client):
    keep = NomineeFactory(name="成都发布")
    merged = NomineeFactory(name="成都发布微博")
    award = AwardFactory(nominee=merged)
    services.merge_nominees(keep=keep, duplicates=[merged])
    services.withdraw_award(award=Award.objects.get(pk=award.pk), reason="重复评选")

    response = client.get(_url(award))

    assert _status(response).startswith("已撤销")


# --- Entry form, addresses, cache, language --------------------------------------------


def test_form_redirects_a_typed_code_to_its_page(db, client):
    response = client.get("/verify/", {"code": " 7q2m 4k9x-hc3t vb8n "})

    assert response.status_code == 302
    assert response["Location"] == "/verify/7Q2M-4K9X-HC3T-VB8N/"


def test_form_explains_an_impossible_code(db, client):
    response = client.get("/verify/", {"code": "12345"})

    assert response.status_code == 200
    assert "验证码应为16位数字和字母" in response.content.decode()


def test_non_canonical_address_redirects_permanently(client):
    award = AwardFactory()

    response = client.get(f"/verify/{award.verification_code.lower()}/")

    assert response.status_code == 301
    assert response["Location"] == _url(award)


def test_page_runs_one_award_query_and_is_served_from_the_cache(client):
    award = AwardFactory()
    url = _url(award)

    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        cached = client.get(url)

    # A miss reads the award with its list, edition, nominee and case in one query (plus the
    # data state when this process has not read it yet); a hit runs none (awards.datastate).
    award_queries = [q for q in first.captured_queries if "awards_award" in q["sql"]]
    assert len(award_queries) == 1
    assert len(second) == 0
    assert cached.status_code == 200
    assert cached.has_header("ETag")


# Real commits: the cache is invalidated on commit, exactly as in production.
@pytest.mark.django_db(transaction=True)
def test_withdrawal_shows_on_the_next_request_despite_the_cache(client):
    award = AwardFactory()
    client.get(_url(award))

    services.withdraw_award(award=award, reason="材料不实")

    assert _status(client.get(_url(award))).startswith("已撤销")


def test_page_works_in_english(client):
    award = AwardFactory()
    # The URL decides the language (/en/…), whatever the cookie says.
    client.cookies["django_language"] = "zh-hans"

    with translation.override("zh-hans"):  # the request activates English for the thread
        response = client.get("/en" + _url(award))

    assert response.status_code == 200
    assert texts(response.content, "h1") == ["Certificate verification"]
    assert _status(response).startswith("Valid")


def test_reimporting_the_edition_workbook_keeps_every_code(edition_2022):
    from awards.importing import services as importing
    from awards.importing import workbook

    before = dict(Award.objects.values_list("pk", "verification_code"))
    data = workbook.export_workbook(edition_2022)

    importing.apply_import(data, "2022.xlsx")

    assert dict(Award.objects.values_list("pk", "verification_code")) == before
