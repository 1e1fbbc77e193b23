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
        ("王大山Sanmei", "wangdashansanmei", "wdss", "wangda-shan-sanmei"),
        ("金温江", "jinwenjiang", "jwj", "jinwen-jiang"),
    ],
)
def test_pinyin_forms(name, full, initials, slug):
    assert (pinyin_full(name), pinyin_initials(name), pinyin_slug(name)) == (full, initials, slug)


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
