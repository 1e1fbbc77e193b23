"""Grow a database to a large archive around the 2022 edition, fast (bulk_create).

Default: 100 editions (the 2022 fixture plus 99 generated) × 10 lists × 100 awards, about
50,000 nominees; one list per edition is a case list. The 2022 edition and its nominees are
left exactly as loaded, so their pages can be compared with a 2022-only database.

    DATABASE_URL=... .venv/bin/python bench/generate_archive.py [--editions 100] [--json]

Prints the generation time and the database size. Bulk inserts skip signals, so the script
bumps the data version itself on commit (awards/caching.py).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from awards import caching  # noqa: E402
from awards.models import Award, AwardList, Case, Edition, Nominee  # noqa: E402
from awards.pinyin import pinyin_slug, search_blob, sort_key, spell_row  # noqa: E402

PLACES = [
    "成都",
    "锦江",
    "青羊",
    "金牛",
    "武侯",
    "成华",
    "龙泉驿",
    "青白江",
    "新都",
    "温江",
    "双流",
    "郫都",
    "新津",
    "简阳",
    "都江堰",
    "彭州",
    "邛崃",
    "崇州",
    "金堂",
    "大邑",
    "蒲江",
    "天府",
    "高新",
    "东部",
    "绵阳",
    "德阳",
    "眉山",
    "资阳",
    "乐山",
    "雅安",
    "自贡",
    "泸州",
    "宜宾",
    "南充",
    "遂宁",
    "内江",
    "广安",
    "达州",
    "巴中",
    "广元",
    "攀枝花",
    "凉山",
    "甘孜",
    "阿坝",
]
WORDS = [
    "发布",
    "政务",
    "公安",
    "交警",
    "消防",
    "教育",
    "卫健",
    "人社",
    "民政",
    "文旅",
    "商务",
    "税务",
    "法院",
    "检察",
    "司法",
    "市场监管",
    "生态环境",
    "应急",
    "气象",
    "水务",
    "交通",
    "地铁",
    "公交",
    "医保",
    "统计",
    "共青团",
    "妇联",
    "融媒",
    "日报",
    "电视台",
    "广播",
    "观察",
    "头条",
    "在线",
    "之声",
    "e家",
    "服务",
    "微视",
    "文明",
    "志愿",
]
KINDS = ("account", "media", "self_media", "organization")
LIST_NAMES = (
    ("gov-new-media", "优秀政务新媒体"),
    ("new-media", "优秀新媒体"),
    ("self-media", "优秀自媒体"),
    ("video", "优秀短视频账号"),
    ("service", "优秀政务服务平台"),
    ("innovation", "创新传播奖"),
    ("influence", "影响力奖"),
    ("rising", "新锐奖"),
    ("advanced-collectives", "先进集体"),
    ("top-cases", "十佳案例"),
)


def spelled(rows: list) -> list:
    """The rows with the stored pinyin their save() would write (bulk_create skips it), so
    public pages of the archive spell names without the dictionaries, as on a real site."""
    for row in rows:
        row.pinyin = spell_row(row)
    return rows


def nominee_names(count: int, rng: random.Random, taken: set[str]) -> list[str]:
    names, n = [], 0
    bases = [f"{p}{w}" for p in PLACES for w in WORDS]
    while len(names) < count:
        name = f"{bases[n % len(bases)]}{n // len(bases) + 1:02d}"
        n += 1
        if name not in taken:
            names.append(name)
    rng.shuffle(names)
    return names


def generate(
    editions: int, lists: int, awards: int, nominees: int, seed: int, first_year: int = 1990
) -> dict:
    rng = random.Random(seed)
    started = time.perf_counter()
    years = [y for y in range(first_year, 2201) if y != 2022][: editions - 1]
    if Edition.objects.filter(year__in=years).exists():
        raise SystemExit("the database already holds generated editions; start from a fresh one")
    now = timezone.now()

    with transaction.atomic():
        taken_names = set(Nominee.objects.values_list("name", flat=True))
        taken_slugs = set(Nominee.objects.values_list("slug", flat=True))
        new_nominees = []
        for name in nominee_names(nominees, rng, taken_names):
            base = pinyin_slug(name, max_length=72)
            slug, n = base, 2
            while slug in taken_slugs:
                slug, n = f"{base}-{n}", n + 1
            taken_slugs.add(slug)
            new_nominees.append(
                Nominee(
                    name=name,
                    slug=slug,
                    kind=rng.choice(KINDS),
                    aliases=[],
                    links=[],
                    search_text=search_blob(name),
                    sort_key=sort_key(name),
                )
            )
        pool = Nominee.objects.bulk_create(spelled(new_nominees), batch_size=5000)
        timings = {"nominees_s": round(time.perf_counter() - started, 2)}

        new_editions = Edition.objects.bulk_create(
            spelled(
                [
                    Edition(
                        year=year,
                        name=f"{year}成都市政务新媒体峰会",
                        held_on=date(year, 12, 15),
                        hosted_by="成都市委网信办",
                        published_at=now - timedelta(days=1 + i),
                        updated_at=now,
                    )
                    for i, year in enumerate(years)
                ]
            )
        )
        new_lists = AwardList.objects.bulk_create(
            spelled(
                [
                    AwardList(
                        edition=edition,
                        slug=LIST_NAMES[n % len(LIST_NAMES)][0] + ("" if n < 10 else f"-{n}"),
                        name=LIST_NAMES[n % len(LIST_NAMES)][1] + ("" if n < 10 else str(n)),
                        position=n,
                        kind="cases"
                        if LIST_NAMES[n % len(LIST_NAMES)][0] == "top-cases"
                        else "nominees",
                        announced_count=awards,
                        # bulk_create skips save(), which defaults the review year to the edition's.
                        review_year=edition.year,
                    )
                    for edition in new_editions
                    for n in range(lists)
                ]
            ),
            batch_size=5000,
        )
        case_lists = [al for al in new_lists if al.kind == "cases"]
        cases = Case.objects.bulk_create(
            spelled(
                [
                    Case(
                        nominee=nominee,
                        title=f"{al.edition.year}年案例{i + 1}:{nominee.name}的故事",
                    )
                    for al in case_lists
                    for i, nominee in enumerate(rng.sample(pool, awards))
                ]
            ),
            batch_size=5000,
        )
        timings["editions_lists_cases_s"] = round(time.perf_counter() - started, 2)

        case_iter = iter(cases)
        rows = []
        for al in new_lists:
            if al.kind == "cases":
                for position in range(1, awards + 1):
                    case = next(case_iter)
                    rows.append(
                        Award(
                            award_list=al,
                            position=position,
                            nominee=case.nominee,
                            announced_name=case.nominee.name,
                            case=case,
                        )
                    )
            else:
                for position, nominee in enumerate(rng.sample(pool, awards), 1):
                    rows.append(
                        Award(
                            award_list=al,
                            position=position,
                            nominee=nominee,
                            announced_name=nominee.name,
                        )
                    )
            if len(rows) >= 20000:
                Award.objects.bulk_create(rows, batch_size=5000)
                rows = []
        Award.objects.bulk_create(rows, batch_size=5000)
        # bulk_create sends no signals: the public caches learn of the change from this bump.
        transaction.on_commit(caching.bump)

    total = round(time.perf_counter() - started, 2)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    else:
        # SQLite in WAL mode keeps recent pages in the -wal file beside the database.
        files = [Path(str(connection.settings_dict["NAME"]) + suffix) for suffix in ("", "-wal")]
        size = sum(f.stat().st_size for f in files if f.exists())
    return {
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "generation_seconds": total,
        "timings": timings,
        "database_bytes": size,
        "database_mib": round(size / 2**20, 1),
        "counts": {
            "editions": Edition.objects.count(),
            "award_lists": AwardList.objects.count(),
            "nominees": Nominee.objects.count(),
            "cases": Case.objects.count(),
            "awards": Award.objects.count(),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=int, default=100, help="including the 2022 fixture")
    parser.add_argument("--lists", type=int, default=10)
    parser.add_argument("--awards", type=int, default=100, help="per list")
    parser.add_argument("--nominees", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--first-year", type=int, default=1990, help="of the generated editions")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    report = generate(
        args.editions, args.lists, args.awards, args.nominees, args.seed, args.first_year
    )
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        for key, value in report.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
