"""Word slugs for the shipped 2022 record (issue 20 item 7): each old address answers 301.

The fixture carries the new slugs and the old addresses (MovedPath rows); a database loaded from
the old fixture gets the same change from migration 0012_hpin_word_slugs."""

import importlib

import pytest
from django.apps import apps

from awards.corrections.models import MovedPath
from awards.models import Award, Case, Nominee
from awards.pinyin import pinyin_slug

migration = importlib.import_module("awards.migrations.0012_hpin_word_slugs")

# Old slug (syllable pairs) → word slug, written by hand from docs/romanization.md.
RENAMED = {
    "weicheng-du": "weichengdu",
    "qingju-jinguan-cheng": "qingju-jinguancheng",
    "chengdu-qingbai-jiang": "chengdu-qingbaijiang",
    "jinwen-jiang": "jin-wenjiang",
    "youjian-dujiang-yan": "you-jian-dujiangyan",
    "libo-qing": "li-boqing",
    "wenjiang-renbu-zhidao-dewen-jiangshi": "wenjiang-ren-bu-zhidao-de-wenjiang-shi",
    "wangda-shan-sanmei": "wang-dashan-sanmei",
    "zhutie-xiong": "zhu-tiexiong",
    "shijing-xinju": "shi-jingxinju",
    "shishi-changjian-guanju": "shi-shichang-jianguanju",
    "shiti-yuju": "shi-tiyuju",
    "shiwang-luoli-zhengban": "shi-wangluo-lizhengban",
    "shigong-anju": "shi-gonganju",
    "shijing-shenwen-mingban": "shi-jingshen-wenmingban",
    "shike-jiju": "shi-kejiju",
    "chengdu-gaoxin-qudang-qungong-zuobu": "chengdu-gaoxin-qu-dangqun-gongzuobu",
    "tianfu-xinqu-gongzuo-weiyuan-huidang-qungong-zuobu": (
        "tianfu-xinqu-gongzuo-weiyuanhui-dangqun-gongzuobu"
    ),
    "shuangliu-quwei-wangxin-ban": "shuangliu-quwei-wangxinban",
    "wenjiang-quwei-wangxin-ban": "wenjiang-quwei-wangxinban",
    "dujiang-yanshi-weiwang-xinban": "dujiangyan-shiwei-wangxinban",
}


def _addresses(slug: str) -> list[str]:
    return [
        f"/nominees/{slug}/",
        f"/en/nominees/{slug}/",
        f"/nominees/{slug}/share.png",
        f"/en/nominees/{slug}/share.png",
        f"/api/v1/nominees/{slug}/",
    ]


@pytest.mark.django_db
def test_fixture_slugs_are_the_word_slugs_of_the_one_segmentation(edition_2022):
    nominees = list(Nominee.objects.values_list("name", "slug"))

    assert [(n, s) for n, s in nominees if s != pinyin_slug(n)] == []
    assert {s for _n, s in nominees} >= set(RENAMED.values())
    assert {s for _n, s in nominees} & set(RENAMED) == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new"), RENAMED.items())
def test_old_address_answers_301_to_the_word_slug(edition_2022, client, old, new):
    answers = [client.get(path) for path in _addresses(old)]
    # Pages and API records in full; one share image is rendered by the test below.
    landing = [client.get(path).status_code for path in _addresses(new)[:2] + _addresses(new)[4:]]

    assert [(a.status_code, a["Location"]) for a in answers] == [
        (301, path) for path in _addresses(new)
    ]
    assert landing == [200, 200, 200]


@pytest.mark.django_db
def test_old_share_image_lands_on_an_image(edition_2022, client):
    response = client.get("/nominees/weicheng-du/share.png", follow=True)

    assert (response.redirect_chain, response.status_code, response["Content-Type"]) == (
        [("/nominees/weichengdu/share.png", 301)],
        200,
        "image/png",
    )


def _rewind_to_the_old_fixture():
    """The database as the old fixture left it: syllable slugs, no redirects, old search keys."""
    for old, new in RENAMED.items():
        Nominee.objects.filter(slug=new).update(slug=old)
    MovedPath.objects.all().delete()
    Case.objects.filter(title__startswith="“防疫泡泡”").update(
        title="《“防疫泡泡”经验全国推广 融媒体传播矩阵功不可没》",
        search_text="《“防疫泡泡”经验全国推广融媒体传播矩阵功不可没》",
    )


@pytest.mark.django_db
def test_migration_moves_a_database_loaded_from_the_old_fixture(edition_2022, client):
    _rewind_to_the_old_fixture()
    codes = dict(Award.objects.values_list("pk", "verification_code"))

    migration.refold(apps, None)
    migration.word_slugs(apps, None)

    case = Case.objects.get(nominee__name="市经信局")
    assert (case.title, case.search_text) == (
        "“防疫泡泡”经验全国推广 融媒体传播矩阵功不可没",
        "防疫泡泡经验全国推广融媒体传播矩阵功不可没",
    )
    assert set(RENAMED.values()) <= set(Nominee.objects.values_list("slug", flat=True))
    assert MovedPath.objects.count() == len(RENAMED) * 6
    assert client.get("/nominees/shigong-anju/")["Location"] == "/nominees/shi-gonganju/"
    assert dict(Award.objects.values_list("pk", "verification_code")) == codes


@pytest.mark.django_db
def test_migration_is_a_no_op_on_the_new_fixture_and_reverses(edition_2022):
    before = sorted(MovedPath.objects.values_list("old_path", "new_path"))

    migration.word_slugs(apps, None)
    again = sorted(MovedPath.objects.values_list("old_path", "new_path"))
    migration.syllable_slugs(apps, None)
    rewound = set(Nominee.objects.values_list("slug", flat=True))

    assert (again, len(before)) == (before, len(RENAMED) * 6)
    assert (rewound >= set(RENAMED), rewound & set(RENAMED.values())) == (True, set())


@pytest.mark.django_db
def test_migration_marks_public_data_changed(edition_2022):
    from awards.models import DataVersion

    DataVersion.objects.get_or_create(pk=1)
    before = DataVersion.objects.get(pk=1).version

    migration.mark_public_data_changed(apps, None)

    assert DataVersion.objects.get(pk=1).version == before + 1
