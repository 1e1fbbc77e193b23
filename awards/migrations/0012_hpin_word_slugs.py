# One word segmentation for all pinyin (issue 25 items 7-8, issue 20 item 7):
# - search keys refolded: quotes, book-title marks and punctuation dropped, pinyin by word;
# - case titles stored without the outer 《》 of a title typed as news reports print it;
# - the 2022 record's nominees moved to word slugs, each old address answering 301.

from django.db import migrations

# The shipped 2022 record: (name, slug by syllable pairs, slug by words). Frozen here: a
# migration states what it changed, whatever later versions of the segmenter would say.
WORD_SLUGS = (
    ("微成都", "weicheng-du", "weichengdu"),
    ("青聚锦官城", "qingju-jinguan-cheng", "qingju-jinguancheng"),
    ("成都青白江", "chengdu-qingbai-jiang", "chengdu-qingbaijiang"),
    ("金温江", "jinwen-jiang", "jin-wenjiang"),
    ("又见都江堰", "youjian-dujiang-yan", "you-jian-dujiangyan"),
    ("李伯清", "libo-qing", "li-boqing"),
    (
        "温江人不知道的温江事",
        "wenjiang-renbu-zhidao-dewen-jiangshi",
        "wenjiang-ren-bu-zhidao-de-wenjiang-shi",
    ),
    ("王大山Sanmei", "wangda-shan-sanmei", "wang-dashan-sanmei"),
    ("朱铁雄", "zhutie-xiong", "zhu-tiexiong"),
    ("市经信局", "shijing-xinju", "shi-jingxinju"),
    ("市市场监管局", "shishi-changjian-guanju", "shi-shichang-jianguanju"),
    ("市体育局", "shiti-yuju", "shi-tiyuju"),
    ("市网络理政办", "shiwang-luoli-zhengban", "shi-wangluo-lizhengban"),
    ("市公安局", "shigong-anju", "shi-gonganju"),
    ("市精神文明办", "shijing-shenwen-mingban", "shi-jingshen-wenmingban"),
    ("市科技局", "shike-jiju", "shi-kejiju"),
    (
        "成都高新区党群工作部",
        "chengdu-gaoxin-qudang-qungong-zuobu",
        "chengdu-gaoxin-qu-dangqun-gongzuobu",
    ),
    (
        "天府新区工作委员会党群工作部",
        "tianfu-xinqu-gongzuo-weiyuan-huidang-qungong-zuobu",
        "tianfu-xinqu-gongzuo-weiyuanhui-dangqun-gongzuobu",
    ),
    ("双流区委网信办", "shuangliu-quwei-wangxin-ban", "shuangliu-quwei-wangxinban"),
    ("温江区委网信办", "wenjiang-quwei-wangxin-ban", "wenjiang-quwei-wangxinban"),
    ("都江堰市委网信办", "dujiang-yanshi-weiwang-xinban", "dujiangyan-shiwei-wangxinban"),
)


def _paths(slug: str) -> list[str]:
    """A nominee's public paths in both languages: page, share image, API record (as
    awards.corrections.recording.redirect_nominee names them on 2026-12-07)."""
    shapes = ("/nominees/{}/", "/nominees/{}/share.png", "/api/v1/nominees/{}/")
    return [prefix + shape.format(slug) for shape in shapes for prefix in ("", "/en")]


def _redirect(MovedPath, old: str, new: str) -> None:
    # As recording.redirect: a live path never bounces, chains collapse to one hop.
    MovedPath.objects.filter(old_path=new).delete()
    MovedPath.objects.filter(new_path=old).update(new_path=new)
    MovedPath.objects.update_or_create(old_path=old, defaults={"new_path": new})


def _move_slugs(apps, pairs) -> None:
    Nominee = apps.get_model("awards", "Nominee")
    MovedPath = apps.get_model("corrections", "MovedPath")
    for name, old, new in pairs:
        if Nominee.objects.filter(name=name, slug=old).update(slug=new):
            for old_path, new_path in zip(_paths(old), _paths(new), strict=True):
                _redirect(MovedPath, old_path, new_path)


def word_slugs(apps, schema_editor):
    """Nominees still on their shipped slug move to the word slug, unless another holds it."""
    Nominee = apps.get_model("awards", "Nominee")
    free = [
        (name, old, new)
        for name, old, new in WORD_SLUGS
        if not Nominee.objects.filter(slug=new).exists()
    ]
    _move_slugs(apps, free)


def syllable_slugs(apps, schema_editor):
    Nominee = apps.get_model("awards", "Nominee")
    free = [
        (name, new, old)
        for name, old, new in WORD_SLUGS
        if not Nominee.objects.filter(slug=old).exists()
    ]
    _move_slugs(apps, free)


def refold(apps, schema_editor):
    """Titles without outer 《》, and every search key and sort key derived again."""
    from awards.pinyin import search_blob, sort_key
    from awards.text import clean_title, search_key

    Case = apps.get_model("awards", "Case")
    Nominee = apps.get_model("awards", "Nominee")
    cases = list(Case.objects.all())
    titles = {(case.nominee_id, case.title) for case in cases}
    for case in cases:
        title = clean_title(case.title)
        # Kept as it is if the nominee already holds a case of the stripped title.
        if title != case.title and title and (case.nominee_id, title) not in titles:
            titles.add((case.nominee_id, title))
            case.title = title
        english = search_key(case.title_en) if case.title_en else ""
        case.search_text = search_key(case.title) + (f"\n{english}" if english else "")
    Case.objects.bulk_update(cases, ["title", "search_text"], batch_size=500)
    nominees = list(Nominee.objects.all())
    for nominee in nominees:
        english = [value for value in (nominee.name_en, nominee.description_en) if value]
        nominee.search_text = search_blob(nominee.name, *nominee.aliases, *english)
        nominee.sort_key = sort_key(nominee.name)
    Nominee.objects.bulk_update(nominees, ["search_text", "sort_key"], batch_size=500)


def mark_public_data_changed(apps, schema_editor):
    """Bump the data version, as awards.caching.bump does: pages cached under the old version
    (a shared Redis cache outlives a deploy) showed the old slugs and titles."""
    from django.db.models import F
    from django.utils import timezone

    DataVersion = apps.get_model("awards", "DataVersion")
    DataVersion.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0011_nominee_sort_key_english"),
        ("corrections", "0001_corrections_log_moved_paths"),
    ]

    operations = [
        migrations.RunPython(refold, migrations.RunPython.noop),
        migrations.RunPython(word_slugs, syllable_slugs),
        migrations.RunPython(mark_public_data_changed, mark_public_data_changed),
    ]
