"""The 2022 fixture against the source article (成都日报锦观新闻, 2022-12-16), literally."""

import datetime

from django.core.management import call_command

from awards.models import Award, AwardList, Edition, Nominee

# Copied from the article, in published order, punctuation as printed.
EXPECTED_LISTS = [
    (
        "2022年优秀政务新媒体",
        20,
        [
            "成都发布", "成都地铁", "微成都", "成都市场监管", "成都公安", "文明成都",
            "健康成都官微", "成都教育发布", "成都交警", "青聚锦官城", "天府发布", "成都高新",
            "成都青白江", "锦绣青羊", "双流发布", "金温江", "醉美邛崃", "简阳发布",
            "又见都江堰", "金堂发布",
        ],
    ),
    (
        "2022年优秀新媒体",
        7,
        ["锦观新闻", "红星新闻", "每日经济新闻", "谈资", "神鸟知讯", "看度", "爱看头条"],
    ),
    (
        "2022年优秀自媒体",
        6,
        ["李伯清", "温江人不知道的温江事", "王大山Sanmei", "看透成都", "朱铁雄", "法山叔"],
    ),
    (
        "2022年新媒体十佳案例",
        10,
        [
            ("成都发布", "“我家门前——殷殷嘱托,民心答卷”主题报道"),
            ("市经信局", "“防疫泡泡”经验全国推广 融媒体传播矩阵功不可没"),
            ("市市场监管局", "开设“沉浸式执法”实录节目 解决民生内在需求"),
            ("市体育局", "运动让生活更美好——推动体育运动更好融入人民群众的美好生活"),
            ("市网络理政办", "蓉城政事“民生回音壁”栏目:在这里,访民意、知民情、解民忧!"),
        ],
    ),
    (
        "2022年政务新媒体运营先进集体",
        10,
        [
            "成都轨道交通集团", "市公安局", "市精神文明办", "市科技局", "市体育局",
            "成都高新区党群工作部", "天府新区工作委员会党群工作部", "双流区委网信办",
            "温江区委网信办", "都江堰市委网信办",
        ],
    ),
]  # fmt: skip


def _recorded_lists():
    lists = []
    for award_list in AwardList.objects.filter(edition__year=2022).order_by("position"):
        awards = award_list.awards.select_related("nominee", "case").order_by("position")
        entries = [
            (a.nominee.name, a.case.title) if award_list.is_case_list else a.nominee.name
            for a in awards
        ]
        lists.append((award_list.name, award_list.announced_count, entries))
    return lists


def test_fixture_lists_match_the_article_in_order(edition_2022):
    recorded = _recorded_lists()

    assert recorded == EXPECTED_LISTS


def test_fixture_edition_records_organizers_and_source(edition_2022):
    edition = Edition.objects.get(year=2022)

    assert (
        edition.name,
        edition.held_on,
        edition.guided_by,
        edition.hosted_by,
        edition.organized_by,
        edition.source_publisher,
        edition.source_date,
        edition.source_title,
        edition.is_public,
    ) == (
        "2022成都市政务新媒体峰会",
        datetime.date(2022, 12, 15),
        "四川省委网信办",
        "成都市委网信办",
        "成都市互联网文化协会",
        "成都日报锦观新闻客户端",
        datetime.date(2022, 12, 16),
        "榜单出炉!2022成都市政务新媒体峰会中这些媒体获表彰",
        True,
    )


def test_fixture_top_cases_records_only_the_five_named(edition_2022):
    top_cases = AwardList.objects.with_counts().get(edition__year=2022, slug="top-cases")

    assert (top_cases.announced_count, top_cases.recorded_count) == (10, 5)


def test_fixture_nominee_in_two_lists_is_one_nominee(edition_2022):
    lists_by_nominee = {
        name: sorted(
            Award.objects.filter(nominee__name=name).values_list("award_list__slug", flat=True)
        )
        for name in ("成都发布", "市体育局")
    }

    assert lists_by_nominee == {
        "成都发布": ["gov-new-media", "top-cases"],
        "市体育局": ["advanced-collectives", "top-cases"],
    }


def test_fixture_kinds_fit_each_list(edition_2022):
    kinds = {
        slug: set(
            Nominee.objects.filter(awards__award_list__slug=slug).values_list("kind", flat=True)
        )
        for slug in ("gov-new-media", "new-media", "self-media", "advanced-collectives")
    }

    assert kinds == {
        "gov-new-media": {"account"},
        "new-media": {"media"},
        "self-media": {"self_media"},
        "advanced-collectives": {"organization"},
    }


def test_loaddata_twice_changes_nothing(edition_2022):
    def snapshot():
        from django.core import serializers

        models = (Edition, AwardList, Nominee, Award)
        return [serializers.serialize("json", m.objects.order_by("pk")) for m in models]

    before = snapshot()

    call_command("loaddata", "summit_2022", verbosity=0)

    assert snapshot() == before


def test_load_initial_data_skips_a_database_with_editions(edition_2022):
    Edition.objects.filter(year=2022).update(name="改过的名称")

    call_command("load_initial_data", verbosity=0)

    assert list(Edition.objects.values_list("name", flat=True)) == ["改过的名称"]


def test_fixture_awards_carry_the_names_as_announced(edition_2022):
    expected = [
        [entry[0] if isinstance(entry, tuple) else entry for entry in entries]
        for _name, _count, entries in EXPECTED_LISTS
    ]

    recorded = [
        list(award_list.awards.order_by("position").values_list("announced_name", flat=True))
        for award_list in AwardList.objects.filter(edition__year=2022).order_by("position")
    ]

    assert recorded == expected


def test_fixture_lists_review_the_edition_year_and_name_their_winners(edition_2022):
    lists = AwardList.objects.filter(edition__year=2022)

    flags = sorted(set(lists.values_list("review_year", "source_unpublished")))

    assert flags == [(2022, False)]
