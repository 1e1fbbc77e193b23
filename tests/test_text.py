import pytest

from awards.text import (
    clean_text,
    match_key,
    neutralise_formula,
    pinyin_full,
    pinyin_initials,
    pinyin_slug,
    restore_formula,
    romanize,
    search_key,
    to_simplified,
)


def test_clean_text_trims_ideographic_space_but_keeps_punctuation():
    assert clean_text("\u3000“我家门前——殷殷嘱托,民心答卷”主题报道 ") == (
        "“我家门前——殷殷嘱托,民心答卷”主题报道"
    )


def test_match_key_folds_width_case_and_spaces():
    assert match_key("ＡＢＣ 成都\u3000发布") == match_key("abc成都发布")


@pytest.mark.parametrize(
    ("name", "full", "initials", "slug"),
    [
        ("成都发布", "chengdufabu", "cdfb", "chengdu-fabu"),
        ("王大山Sanmei", "wangdashansanmei", "wdss", "wang-dashan-sanmei"),
        ("金温江", "jinwenjiang", "jwj", "jin-wenjiang"),
    ],
)
def test_pinyin_forms(name, full, initials, slug):
    assert (pinyin_full(name), pinyin_initials(name), pinyin_slug(name)) == (full, initials, slug)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        # Words, not syllable pairs: was sichuan-shengcheng-dushi.
        ("四川省成都市", "sichuansheng-chengdushi"),
        # Segmented after folding to simplified: was gansu-shengwei-shengji-shengwei.
        ("甘肅省衛生計生委", "gansusheng-weisheng-jishengwei"),
        ("甘肃省卫生计生委", "gansusheng-weisheng-jishengwei"),
        ("2022年优秀政务新媒体", "2022-nian-youxiu-zhengwu-xin-meiti"),
        ("成都发布 TV", "chengdu-fabu-tv"),
    ],
)
def test_pinyin_slug_follows_words(name, slug):
    assert pinyin_slug(name) == slug


def test_to_simplified_uses_opencc_and_keeps_simplified_text():
    converted = (to_simplified("網路理政平台"), to_simplified("成都发布"))

    assert converted == ("网路理政平台", "成都发布")


def test_search_key_folds_script_width_case_and_spaces():
    assert search_key("網路 理政\u3000ＡＢＣ") == search_key("网路理政abc") == "网路理政abc"


def test_search_key_keeps_one_character_per_character():
    title = "頭髮乾燥的臺灣網路"

    assert len(search_key(title)) == len(match_key(title))


def test_pinyin_slug_of_punctuation_only_falls_back():
    assert pinyin_slug("——") == "item"


@pytest.mark.parametrize("value", ["=1+1", "+86", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_round_trips(value):
    neutral = neutralise_formula(value)

    assert (neutral.startswith("'"), restore_formula(neutral)) == (True, value)


def test_plain_text_is_not_neutralised():
    assert neutralise_formula("成都发布") == "成都发布"


@pytest.mark.parametrize(
    ("name", "romanized"),
    [
        ("成都发布", "Chengdu Fabu"),
        ("2022成都市政务新媒体峰会", "2022 Chengdushi Zhengwu Xin Meiti Fenghui"),
        ("四川省委网信办", "Sichuan Shengwei Wangxin Ban"),
        ("李伯清", "Li Boqing"),
        ("王大山Sanmei", "Wang Dashan Sanmei"),
        ("《成都“新”年》", "Chengdu Xin Nian"),
        ("", ""),
    ],
)
def test_romanize_spells_names_by_word_for_english_pages(name, romanized):
    assert romanize(name) == romanized
