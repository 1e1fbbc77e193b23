import pytest

from awards.text import (
    clean_text,
    clean_title,
    match_key,
    neutralise_formula,
    restore_formula,
    search_key,
    to_simplified,
)


def test_clean_text_trims_ideographic_space_but_keeps_punctuation():
    assert clean_text("\u3000“我家门前——殷殷嘱托,民心答卷”主题报道 ") == (
        "“我家门前——殷殷嘱托,民心答卷”主题报道"
    )


def test_match_key_folds_width_case_and_spaces():
    assert match_key("ＡＢＣ 成都\u3000发布") == match_key("abc成都发布")


def test_to_simplified_uses_opencc_and_keeps_simplified_text():
    converted = (to_simplified("網路理政平台"), to_simplified("成都发布"))

    assert converted == ("网路理政平台", "成都发布")


def test_search_key_folds_script_width_case_and_spaces():
    assert search_key("網路 理政\u3000ＡＢＣ") == search_key("网路理政abc") == "网路理政abc"


def test_search_key_keeps_one_character_per_character():
    title = "頭髮乾燥的臺灣網路"

    assert len(search_key(title)) == len(match_key(title))


@pytest.mark.parametrize("value", ["=1+1", "+86", "-3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_round_trips(value):
    neutral = neutralise_formula(value)

    assert (neutral.startswith("'"), restore_formula(neutral)) == (True, value)


def test_plain_text_is_not_neutralised():
    assert neutralise_formula("成都发布") == "成都发布"


@pytest.mark.parametrize(
    ("value", "key"),
    [
        (
            "《“防疫泡泡”经验全国推广 融媒体传播矩阵功不可没》",
            "防疫泡泡经验全国推广融媒体传播矩阵功不可没",
        ),
        ("〈开设‘沉浸式执法’实录节目〉", "开设沉浸式执法实录节目"),
        ("「我家门前」『殷殷嘱托』", "我家门前殷殷嘱托"),
        ("\"成都\" 'fabu'", "成都fabu"),
        ("在这里,访民意、知民情、解民忧!", "在这里访民意知民情解民忧"),
        ("我家门前——殷殷嘱托", "我家门前殷殷嘱托"),
    ],
)
def test_search_key_drops_title_marks_quotes_and_punctuation(value, key):
    assert search_key(value) == key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("《“防疫泡泡”经验全国推广》", "“防疫泡泡”经验全国推广"),
        (" 《《主题报道》》\u3000", "主题报道"),
        ("《 主题报道 》", "主题报道"),
        ("《成都》与《天府》的故事", "《成都》与《天府》的故事"),
        ("《成都》与《天府》", "《成都》与《天府》"),
        ("读《成都》", "读《成都》"),
        ("《未闭合", "《未闭合"),
    ],
)
def test_clean_title_strips_only_marks_around_the_whole_title(typed, stored):
    assert clean_title(typed) == stored
