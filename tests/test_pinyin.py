"""Romanization by word (docs/romanization.md): one segmentation drives the reading aid on
English pages, slugs, search pinyin and initials. Every name of the 2022 record is in the table,
with its romanization and slug written by hand."""

import json
import re

import pytest
from django.conf import settings

from awards.pinyin import (
    SPELLED_FIELDS,
    USER_WORDS,
    char_syllables,
    han_words,
    pinyin_full,
    pinyin_initials,
    pinyin_slug,
    romanize,
    search_blob,
    stored_forms,
)

# (name, reading aid, slug). The 2022 record first: edition, organizers and publisher, lists,
# nominees (case units included), case titles; then spellings the rules must get right.
TABLE = [
    (
        "2022成都市政务新媒体峰会",
        "2022 Chengdu Shi Zhengwu Xinmeiti Fenghui",
        "2022-chengdu-shi-zhengwu-xinmeiti-fenghui",
    ),
    ("四川省委网信办", "Sichuan Shengwei Wangxinban", "sichuan-shengwei-wangxinban"),
    ("成都市委网信办", "Chengdu Shiwei Wangxinban", "chengdu-shiwei-wangxinban"),
    (
        "成都市互联网文化协会",
        "Chengdu Shi Hulianwang Wenhua Xiehui",
        "chengdu-shi-hulianwang-wenhua-xiehui",
    ),
    (
        "成都日报锦观新闻客户端",
        "Chengdu Ribao Jinguan Xinwen Kehuduan",
        "chengdu-ribao-jinguan-xinwen-kehuduan",
    ),
    (
        "2022年优秀政务新媒体",
        "2022 Nian Youxiu Zhengwu Xinmeiti",
        "2022-nian-youxiu-zhengwu-xinmeiti",
    ),
    ("2022年优秀新媒体", "2022 Nian Youxiu Xinmeiti", "2022-nian-youxiu-xinmeiti"),
    ("2022年优秀自媒体", "2022 Nian Youxiu Zimeiti", "2022-nian-youxiu-zimeiti"),
    ("2022年新媒体十佳案例", "2022 Nian Xinmeiti Shijia Anli", "2022-nian-xinmeiti-shijia-anli"),
    (
        "2022年政务新媒体运营先进集体",
        "2022 Nian Zhengwu Xinmeiti Yunying Xianjin Jiti",
        "2022-nian-zhengwu-xinmeiti-yunying-xianjin-jiti",
    ),
    ("成都发布", "Chengdu Fabu", "chengdu-fabu"),
    ("成都地铁", "Chengdu Ditie", "chengdu-ditie"),
    ("微成都", "Weichengdu", "weichengdu"),
    ("成都市场监管", "Chengdu Shichang Jianguan", "chengdu-shichang-jianguan"),
    ("成都公安", "Chengdu Gong'an", "chengdu-gongan"),
    ("文明成都", "Wenming Chengdu", "wenming-chengdu"),
    ("健康成都官微", "Jiankang Chengdu Guanwei", "jiankang-chengdu-guanwei"),
    ("成都教育发布", "Chengdu Jiaoyu Fabu", "chengdu-jiaoyu-fabu"),
    ("成都交警", "Chengdu Jiaojing", "chengdu-jiaojing"),
    ("青聚锦官城", "Qingju Jinguancheng", "qingju-jinguancheng"),
    ("天府发布", "Tianfu Fabu", "tianfu-fabu"),
    ("成都高新", "Chengdu Gaoxin", "chengdu-gaoxin"),
    ("成都青白江", "Chengdu Qingbaijiang", "chengdu-qingbaijiang"),
    ("锦绣青羊", "Jinxiu Qingyang", "jinxiu-qingyang"),
    ("双流发布", "Shuangliu Fabu", "shuangliu-fabu"),
    ("金温江", "Jin Wenjiang", "jin-wenjiang"),
    ("醉美邛崃", "Zuimei Qionglai", "zuimei-qionglai"),
    ("简阳发布", "Jianyang Fabu", "jianyang-fabu"),
    ("又见都江堰", "You Jian Dujiangyan", "you-jian-dujiangyan"),
    ("金堂发布", "Jintang Fabu", "jintang-fabu"),
    ("锦观新闻", "Jinguan Xinwen", "jinguan-xinwen"),
    ("红星新闻", "Hongxing Xinwen", "hongxing-xinwen"),
    ("每日经济新闻", "Meiri Jingji Xinwen", "meiri-jingji-xinwen"),
    ("谈资", "Tanzi", "tanzi"),
    ("神鸟知讯", "Shenniao Zhixun", "shenniao-zhixun"),
    ("看度", "Kandu", "kandu"),
    ("爱看头条", "Aikan Toutiao", "aikan-toutiao"),
    ("李伯清", "Li Boqing", "li-boqing"),
    (
        "温江人不知道的温江事",
        "Wenjiang Ren Bu Zhidao De Wenjiang Shi",
        "wenjiang-ren-bu-zhidao-de-wenjiang-shi",
    ),
    ("王大山Sanmei", "Wang Dashan Sanmei", "wang-dashan-sanmei"),
    ("看透成都", "Kantou Chengdu", "kantou-chengdu"),
    ("朱铁雄", "Zhu Tiexiong", "zhu-tiexiong"),
    ("法山叔", "Fashan Shu", "fashan-shu"),
    ("市经信局", "Shi Jingxinju", "shi-jingxinju"),
    ("市市场监管局", "Shi Shichang Jianguanju", "shi-shichang-jianguanju"),
    ("市体育局", "Shi Tiyuju", "shi-tiyuju"),
    ("市网络理政办", "Shi Wangluo Lizhengban", "shi-wangluo-lizhengban"),
    ("成都轨道交通集团", "Chengdu Guidao Jiaotong Jituan", "chengdu-guidao-jiaotong-jituan"),
    ("市公安局", "Shi Gong'anju", "shi-gonganju"),
    ("市精神文明办", "Shi Jingshen Wenmingban", "shi-jingshen-wenmingban"),
    ("市科技局", "Shi Kejiju", "shi-kejiju"),
    (
        "成都高新区党群工作部",
        "Chengdu Gaoxin Qu Dangqun Gongzuobu",
        "chengdu-gaoxin-qu-dangqun-gongzuobu",
    ),
    (
        "天府新区工作委员会党群工作部",
        "Tianfu Xinqu Gongzuo Weiyuanhui Dangqun Gongzuobu",
        "tianfu-xinqu-gongzuo-weiyuanhui-dangqun-gongzuobu",
    ),
    ("双流区委网信办", "Shuangliu Quwei Wangxinban", "shuangliu-quwei-wangxinban"),
    ("温江区委网信办", "Wenjiang Quwei Wangxinban", "wenjiang-quwei-wangxinban"),
    ("都江堰市委网信办", "Dujiangyan Shiwei Wangxinban", "dujiangyan-shiwei-wangxinban"),
    (
        "“我家门前——殷殷嘱托,民心答卷”主题报道",
        "Wojia Menqian Yinyin Zhutuo Minxin Dajuan Zhuti Baodao",
        "wojia-menqian-yinyin-zhutuo-minxin-dajuan-zhuti-baodao",
    ),
    (
        "“防疫泡泡”经验全国推广 融媒体传播矩阵功不可没",
        "Fangyi Paopao Jingyan Quanguo Tuiguang Rongmeiti Chuanbo Juzhen Gongbukemei",
        "fangyi-paopao-jingyan-quanguo-tuiguang-rongmeiti-chuanbo-juzhen-gongbukemei",
    ),
    (
        "开设“沉浸式执法”实录节目 解决民生内在需求",
        "Kaishe Chenjinshi Zhifa Shilu Jiemu Jiejue Minsheng Neizai Xuqiu",
        "kaishe-chenjinshi-zhifa-shilu-jiemu-jiejue-minsheng-neizai-xuqiu",
    ),
    (
        "运动让生活更美好——推动体育运动更好融入人民群众的美好生活",
        "Yundong Rang Shenghuo Geng Meihao Tuidong Tiyu Yundong Genghao Rongru Renmin Qunzhong"
        " De Meihao Shenghuo",
        "yundong-rang-shenghuo-geng-meihao-tuidong-tiyu-yundong-genghao-rongru-renmin",
    ),
    (
        "蓉城政事“民生回音壁”栏目:在这里,访民意、知民情、解民忧!",
        "Rongcheng Zhengshi Minsheng Huiyinbi Lanmu Zai Zheli Fang Minyi Zhi Minqing Jie Minyou",
        "rongcheng-zhengshi-minsheng-huiyinbi-lanmu-zai-zheli-fang-minyi-zhi-minqing-jie",
    ),
    ("西安", "Xi'an", "xian"),
    ("天安门广场", "Tian'anmen Guangchang", "tiananmen-guangchang"),
    ("欧阳修", "Ouyang Xiu", "ouyang-xiu"),
    ("绿色成都", "Lüse Chengdu", "lvse-chengdu"),
    ("甘肅省衛生計生委", "Gansu Sheng Weisheng Jishengwei", "gansu-sheng-weisheng-jishengwei"),
    ("成都發布", "Chengdu Fabu", "chengdu-fabu"),
    ("《成都“新”年》", "Chengdu Xin Nian", "chengdu-xin-nian"),
    ("成都发布 TV", "Chengdu Fabu TV", "chengdu-fabu-tv"),
    ("中华人民共和国", "Zhonghua Renmin Gongheguo", "zhonghua-renmin-gongheguo"),
    ("四川省成都市", "Sichuan Sheng Chengdu Shi", "sichuan-sheng-chengdu-shi"),
    ("天府新区", "Tianfu Xinqu", "tianfu-xinqu"),
    ("成都高新区", "Chengdu Gaoxin Qu", "chengdu-gaoxin-qu"),
]


def _fixture_names() -> set[str]:
    records = json.loads((settings.BASE_DIR / "fixtures" / "summit_2022.json").read_text())
    names = set()
    for record in records:
        fields = record["fields"]
        if record["model"] == "awards.edition":
            keys = ("name", "guided_by", "hosted_by", "organized_by", "source_publisher")
            names.update(fields[key] for key in keys if fields[key])
        elif record["model"] in ("awards.awardlist", "awards.nominee"):
            names.add(fields["name"])
        elif record["model"] == "awards.case":
            names.update((fields["title"], *fields["nominee"]))
    return names


def test_table_covers_every_name_of_the_2022_record():
    missing = _fixture_names() - {name for name, _reading, _slug in TABLE}

    assert (missing, len(TABLE) >= 60) == (set(), True)


@pytest.mark.parametrize(("name", "reading", "slug"), TABLE)
def test_romanization_table(name, reading, slug):
    assert (romanize(name), pinyin_slug(name)) == (reading, slug)


@pytest.mark.parametrize(("name", "reading", "slug"), TABLE)
def test_slug_search_pinyin_and_reading_aid_share_the_words(name, reading, slug):
    words = [w.casefold().replace("'", "").replace("ü", "v") for w in reading.split()]

    assert (pinyin_full(name), "-".join(words).startswith(slug)) == ("".join(words), True)


@pytest.mark.parametrize(
    ("name", "initials"),
    [
        ("成都发布", "cdfb"),
        ("市公安局", "sgaj"),
        ("成都市委网信办", "cdswwxb"),
        ("王大山Sanmei", "wdss"),
        ("2022年优秀政务新媒体", "2nyxzwxmt"),
    ],
)
def test_initials_are_the_first_letter_of_each_syllable(name, initials):
    assert pinyin_initials(name) == initials


def test_words_keep_the_characters_as_typed():
    assert han_words("成都市委網信辦") == ("成都", "市委", "網信辦")


def test_search_blob_holds_key_pinyin_and_initials():
    assert search_blob("市公安局") == "|市公安局|shigonganju|sgaj|"


def test_user_dictionary_words_are_written_whole():
    spelled = {entry: romanize(entry.replace(" ", "")) for entry in USER_WORDS}

    assert [e for e, r in spelled.items() if len(r.split()) != len(e.split())] == []


def test_slug_is_cut_at_a_word_end():
    slug = pinyin_slug("运动让生活更美好推动体育运动更好融入人民群众的美好生活", max_length=30)

    assert (slug, re.fullmatch(r"[a-z]+(-[a-z]+)*", slug) is not None) == (
        "yundong-rang-shenghuo-geng",
        True,
    )


def test_slug_of_punctuation_only_falls_back():
    assert pinyin_slug("——") == "item"


# --- Stored forms (issue 21): what public workers spell from, without the dictionaries ---


@pytest.mark.parametrize(("name", "reading", "slug"), TABLE)
def test_stored_forms_spell_as_the_dictionaries_do(name, reading, slug):
    stored = stored_forms(name)
    elsewhere = stored_forms("无关的名字")

    assert (
        romanize(name, stored),
        pinyin_full(name, stored),
        pinyin_initials(name, stored),
        char_syllables(name, stored),
    ) == (reading, pinyin_full(name), pinyin_initials(name), char_syllables(name))
    assert json.loads(elsewhere).keys() == {"无关的名字"}


def test_stored_forms_keep_only_text_that_needs_the_dictionaries():
    assert (stored_forms("", "CCTV 2022", "成都发布", "成都发布"), stored_forms("CCTV")) == (
        '{"成都发布":[["成都",["cheng","du"]],["发布",["fa","bu"]]]}',
        "",
    )


def test_the_fixture_stores_what_save_would_store():
    records = json.loads((settings.BASE_DIR / "fixtures" / "summit_2022.json").read_text())
    records += json.loads((settings.BASE_DIR / "fixtures" / "site_chengdu.json").read_text())
    stored, derived = {}, {}

    for record in records:
        model = record["model"].split(".")[1]
        if model in SPELLED_FIELDS:
            fields = record["fields"]
            values = []
            for field in SPELLED_FIELDS[model]:
                value = fields.get(field) or ""
                values.extend(value if isinstance(value, list) else [value])
            key = (model, fields.get("name") or fields.get("title"))
            stored[key], derived[key] = fields.get("pinyin"), stored_forms(*values)

    assert (stored, len(stored)) == (derived, 58)


@pytest.mark.django_db
def test_store_pinyin_fills_rows_written_without_save():
    from io import StringIO

    from django.core.management import call_command

    from awards.models import Nominee

    Nominee.objects.bulk_create([Nominee(name="微成都", slug="weichengdu", kind="media")])
    first, second = StringIO(), StringIO()

    call_command("store_pinyin", stdout=first)
    call_command("store_pinyin", stdout=second)

    assert Nominee.objects.get(slug="weichengdu").pinyin == stored_forms("微成都")
    # One line per model, in awards.pinyin.SPELLED_FIELDS' order: the nominee is third.
    assert (first.getvalue().splitlines()[2], second.getvalue().splitlines()[2]) == (
        "awards.Nominee: 1 stored",
        "awards.Nominee: 0 stored",
    )
