"""The record keeps what was announced (issue 25): names at the time, the year under review,
what the source left out, complete downloads, and a case's second unit."""

import csv
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from awards import services
from awards.certificates import rendering
from awards.forms import NomineeAdminForm
from awards.importing import services as importing
from awards.importing import workbook
from awards.models import Award, AwardList, Case, Edition, Nominee
from awards.sharing.views import list_card
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    EditionFactory,
    NomineeFactory,
)
from tests.pagetext import texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db

OLD, NEW = "市网络理政办", "市政务服务和网络理政办"


def _csv(client, year) -> list[dict]:
    text = client.get(f"/{year}.csv").content.decode("utf-8")[1:]
    return list(csv.DictReader(io.StringIO(text)))


def _json(client, year) -> dict:
    return json.loads(client.get(f"/{year}.json").content)


def _completeness(announced, recorded) -> str:
    """The page's own wording for a list's counts (templates/includes/award_list.html)."""
    if announced and recorded < announced:
        return f"公布{announced}个,本页收录{recorded}个"
    return f"公布{announced}个" if announced else ""


# --- 5. Downloads carry the whole record --------------------------------------------


def test_every_2022_list_in_the_downloads_matches_its_page(edition_2022, client):
    document = _json(client, 2022)
    rows = _csv(client, 2022)
    book = load_workbook(io.BytesIO(client.get("/2022.xlsx").content))
    sheet_lists = [row[1] for row in book["榜单"].iter_rows(min_row=2, values_only=True)]

    lists = AwardList.objects.filter(edition__year=2022).order_by("position")
    for award_list, entry in zip(lists, document["lists"], strict=True):
        page = client.get(award_list.get_absolute_url()).content.decode()
        shown = texts(page, "p", "completeness")
        # A nominee list links each name; a case list credits the unit beside the case.
        names = texts(page, "a", "award__nominee") + texts(page, "span", "award__credit")
        csv_rows = [row for row in rows if row["榜单网址标识"] == award_list.slug]

        assert shown == [_completeness(entry["announced_count"], entry["recorded_count"])]
        assert [award["nominee"] for award in entry["awards"]] == names
        assert [row["获奖对象"] for row in csv_rows] == names
        assert {row["公布数量"] for row in csv_rows} == {str(entry["announced_count"])}
        assert entry["list"] == award_list.name
        assert entry["list_description"] == (award_list.description or None)
    assert sheet_lists == [entry["list"] for entry in document["lists"]]
    top_cases = document["lists"][3]
    assert _completeness(top_cases["announced_count"], top_cases["recorded_count"]) == (
        "公布10个,本页收录5个"
    )


def test_a_list_without_awards_still_appears_in_every_download(client):
    edition = EditionFactory(year=2041)
    AwardListFactory(edition=edition, name="2041年优秀自媒体", slug="empty", announced_count=3)

    rows = _csv(client, 2041)
    document = _json(client, 2041)
    book = load_workbook(io.BytesIO(client.get("/2041.xlsx").content))

    assert [(r["榜单"], r["获奖对象"], r["公布数量"], r["已录入数量"]) for r in rows] == [
        ("2041年优秀自媒体", "", "3", "0")
    ]
    assert [(item["list"], item["awards"]) for item in document["lists"]] == [
        ("2041年优秀自媒体", [])
    ]
    assert [row[1] for row in book["榜单"].iter_rows(min_row=2, values_only=True)] == [
        "2041年优秀自媒体"
    ]


# --- 2. The name as announced -------------------------------------------------------


@pytest.fixture
def renamed_2022(edition_2022):
    """市网络理政办 renamed after a reorganisation; 锦观新闻 merged into a later outlet name."""
    office = Nominee.objects.get(name=OLD)
    services.rename_nominee(nominee=office, name=NEW, reason="机构改革")
    later = NomineeFactory(name="锦观新闻APP", kind=Nominee.Kind.MEDIA)
    AwardFactory(nominee=later, award_list__edition=EditionFactory(year=2043))
    services.merge_nominees(
        keep=later, duplicates=[Nominee.objects.get(name="锦观新闻")], reason="同一媒体"
    )
    return office, later


def test_rename_and_merge_leave_every_2022_channel_with_the_announced_names(renamed_2022, client):
    office, later = renamed_2022
    pages = [
        client.get(path).content.decode()
        for path in ("/2022/", "/en/2022/", "/2022/top-cases/", "/en/2022/top-cases/")
    ]
    document = _json(client, 2022)
    api = client.get("/api/v1/editions/2022/").json()
    xlsx = load_workbook(io.BytesIO(client.get("/2022.xlsx").content))["2022"]
    csv_names = [row["获奖对象"] for row in _csv(client, 2022)]
    xlsx_names = [row[5] for row in xlsx.iter_rows(min_row=2, values_only=True)]
    case_award = Award.objects.get(nominee=office)
    card_title, card_lines, _footer = list_card(
        AwardList.objects.with_counts().get(edition__year=2022, slug="new-media")
    )
    certificate = rendering.build([case_award], base_url="https://example.org")[0]

    for page in pages:
        assert OLD in page and NEW not in page
        assert "锦观新闻APP" not in page
    json_names = [a["nominee"] for item in document["lists"] for a in item["awards"]]
    api_names = [a["announced_name"] for item in api["lists"] for a in item["awards"]]
    assert json_names == api_names == csv_names == xlsx_names
    assert (OLD in json_names, NEW in json_names, "锦观新闻" in json_names) == (True, False, True)
    assert "锦观新闻" in card_lines[2] and "锦观新闻APP" not in card_lines[2]
    assert card_title == "2022年优秀新媒体"
    assert certificate.salutation.count(OLD) + sum(p.count(OLD) for p in certificate.paragraphs)
    assert NEW not in certificate.salutation + "".join(certificate.paragraphs)
    assert f'href="/nominees/{later.slug}/">锦观新闻</a>' in pages[0]


def test_nominee_page_shows_its_name_and_the_name_announced(renamed_2022, client):
    office, _later = renamed_2022

    page = client.get(office.get_absolute_url()).content.decode()
    english = client.get(f"/en{office.get_absolute_url()}").content.decode()

    assert texts(page, "h1") == [NEW]
    assert texts(page, "span", "history__announced") == [f"获奖时名称:{OLD}"]
    assert texts(english, "span", "history__announced")[0].startswith(f"Name when awarded: {OLD}")


def test_search_finds_a_nominee_by_a_name_it_was_announced_under(renamed_2022, client):
    office, later = renamed_2022

    found = client.get("/search/", {"q": OLD}).content.decode()
    merged = client.get("/search/", {"q": "锦观新闻"}).content.decode()

    assert f"/nominees/{office.slug}/" in found
    assert f"/nominees/{later.slug}/" in merged


def test_rename_is_no_correction_of_older_editions(renamed_2022):
    edition = Edition.objects.get(year=2022)

    kinds = list(edition.corrections.values_list("kind", flat=True))

    assert kinds == []
    assert Nominee.objects.get(name=NEW).aliases == [OLD]


def test_an_alias_that_is_another_nominees_name_is_refused_with_the_merge_offered(edition_2022):
    nominee = Nominee.objects.get(name="成都发布")
    form = NomineeAdminForm(
        instance=nominee,
        data={"name": "成都发布", "kind": "account", "aliases": "成都地铁", "links": ""},
    )

    valid = form.is_valid()

    assert valid is False
    assert form.non_field_errors() == [
        "「成都地铁」已是另一个获奖对象的名称,不能作为别名。"
        "如果它们是同一个获奖对象,请在获奖对象列表中勾选两者,用“合并”操作。"
    ]
    with pytest.raises(ValidationError):
        services.check_aliases(nominee=Nominee(name="x", aliases=["成都地铁"]))


def test_import_takes_the_announced_name_from_the_nominee_cell(db):
    edition = EditionFactory(year=2044, draft=True)
    AwardListFactory(edition=edition, name="2044年榜单", slug="l")
    data = workbook.export_workbook(edition)
    book = load_workbook(io.BytesIO(data))
    book["2044年榜单"].append([1, "成都 发布"])
    NomineeFactory(name="成都发布")
    buffer = io.BytesIO()
    book.save(buffer)

    importing.apply_import(buffer.getvalue(), "x.xlsx")

    award = Award.objects.get(award_list__edition=edition)
    assert (award.nominee.name, award.announced_name) == ("成都发布", "成都 发布")


# --- 3. The year under review -------------------------------------------------------


def test_next_edition_moves_both_years_and_renames_the_lists(client):
    edition = EditionFactory(year=2045, name="2045成都市政务新媒体峰会")
    AwardListFactory(
        edition=edition, name="2044年优秀政务新媒体", slug="gov", position=1, review_year=2044
    )
    AwardListFactory(edition=edition, name="十佳案例", slug="top", position=2)

    page = client.get("/2045/gov/").content.decode()
    successor = services.create_next_edition(edition=edition)

    copied = list(successor.award_lists.order_by("position").values_list("name", "review_year"))
    assert texts(page, "p", "award-list__years") == ["2045届 · 评选年度2044"]
    assert (successor.year, successor.name) == (2046, "2046成都市政务新媒体峰会")
    assert copied == [("2045年优秀政务新媒体", 2045), ("十佳案例", 2046)]
    assert successor.list_renames == [("2044年优秀政务新媒体", "2045年优秀政务新媒体")]


# --- 4. What the source did not publish ---------------------------------------------


@pytest.fixture
def untold(db):
    """An edition with an unnamed list and a list whose winners the source did not publish."""
    edition = EditionFactory(year=2046)
    named = AwardListFactory(edition=edition, name="2046年优秀政务新媒体", slug="gov", position=1)
    AwardFactory(award_list=named)
    unnamed = AwardList(edition=edition, name="", slug="unnamed-2", position=2)
    unnamed.save()
    AwardFactory(award_list=unnamed)
    hidden = AwardListFactory(
        edition=edition, name="2046年优秀自媒体", slug="self", position=3, source_unpublished=True
    )
    empty = AwardListFactory(edition=edition, name="2046年十佳案例", slug="top", position=4)
    return edition, unnamed, hidden, empty


def test_unnamed_and_unpublished_lists_are_said_as_such_on_pages(untold, client):
    _edition, _unnamed, hidden, _empty = untold

    edition_page = client.get("/2046/").content.decode()
    unnamed_page = client.get("/2046/unnamed-2/").content.decode()
    english = client.get("/en/2046/unnamed-2/").content.decode()
    hidden_page = client.get(hidden.get_absolute_url()).content.decode()

    assert texts(unnamed_page, "h1") == ["名称未公布的榜单(第2个)"]
    assert "名称未公布的榜单(第2个)" in texts(edition_page, "h2", "award-list__title")
    assert texts(english, "h1") == ["List no. 2 (name not published)"]
    assert texts(hidden_page, "p", "award-list__unpublished") == ["来源未公布这份榜单的获奖名单。"]


def test_unnamed_and_unpublished_lists_in_downloads(untold, client):
    document = _json(client, 2046)

    shown = [(item["list"], item["list_published_name"], item["source_unpublished"])
             for item in document["lists"]]  # fmt: skip

    assert shown == [
        ("2046年优秀政务新媒体", "2046年优秀政务新媒体", False),
        ("名称未公布的榜单(第2个)", None, False),
        ("2046年优秀自媒体", "2046年优秀自媒体", True),
        ("2046年十佳案例", "2046年十佳案例", False),
    ]


def test_problems_card_flags_only_the_unexplained_empty_list(untold):
    edition, _unnamed, _hidden, empty = untold

    problems = services.edition_problems(edition=edition)

    assert [problem.key for problem in problems] == [f"empty:{empty.pk}"]


def test_workbook_list_row_without_a_sheet_is_a_list_with_no_recorded_winner(db):
    edition = EditionFactory(year=2047, draft=True)
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition)))
    header = [cell.value for cell in book["榜单"][1]]
    row = dict.fromkeys(header)
    row.update({"榜单名称": "", "类型": "获奖名单", "公布数量": 4, "来源未公布名单": "是"})
    book["榜单"].append([row[name] for name in header])
    buffer = io.BytesIO()
    book.save(buffer)

    plan = importing.apply_import(buffer.getvalue(), "x.xlsx")

    created = AwardList.objects.get(edition=edition)
    assert plan.issue_lines() == []
    assert (created.name, created.slug, created.source_unpublished) == ("", "unnamed-1", True)
    assert (created.announced_count, created.review_year, created.awards.count()) == (4, 2047, 0)


# --- 6. A second unit ---------------------------------------------------------------


def test_second_unit_shown_searched_downloaded_and_round_tripped(client):
    award = CaseAwardFactory(
        award_list__edition=EditionFactory(year=2048),
        award_list__slug="cases",
        case__title="蓉城政事",
        case__second_unit="成都广播电视台",
        case__second_unit_role="producer",
    )
    case = award.case

    page = client.get(case.get_absolute_url()).content.decode()
    found = client.get("/search/", {"q": "成都广播电视台"}).content.decode()
    row = _csv(client, 2048)[0]
    api = client.get("/api/v1/editions/2048/").json()["lists"][0]["awards"][0]["case"]
    data = workbook.export_workbook(award.award_list.edition)
    Case.objects.filter(pk=case.pk).update(second_unit="", second_unit_role="")
    importing.apply_import(data, "x.xlsx", reason="恢复")

    assert re.search(r"<dt>制作单位</dt><dd>成都广播电视台</dd>", page)
    assert f"/cases/{case.pk}/" in found
    assert (row["第二单位"], row["第二单位角色"]) == ("成都广播电视台", "制作单位")
    assert (api["second_unit"], api["second_unit_role"]) == ("成都广播电视台", "producer")
    case.refresh_from_db()
    assert (case.second_unit, case.second_unit_role) == ("成都广播电视台", "producer")


def test_second_unit_without_its_role_is_refused(db):
    case = Case(nominee=NomineeFactory(), title="标题", second_unit="成都广播电视台")

    with pytest.raises(ValidationError) as refused:
        case.full_clean()

    assert refused.value.message_dict == {
        "second_unit_role": ["第二单位和它的角色(制作单位或报送单位)要一起填写。"]
    }


# --- The data migration -------------------------------------------------------------


def test_migration_fills_announced_names_from_the_name_of_the_day(db):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("awards.migrations.0012_h25_record_fidelity")
    nominee = NomineeFactory(name="市网络理政办")
    award = AwardFactory(nominee=nominee)
    kept = AwardFactory()
    services.rename_nominee(nominee=nominee, name="市政务服务和网络理政办")
    Award.objects.filter(pk__in=(award.pk, kept.pk)).update(announced_name="?")

    migration.fill_announced_names(apps, None)

    names = dict(Award.objects.values_list("pk", "announced_name"))
    assert names == {award.pk: "市网络理政办", kept.pk: kept.nominee.name}
