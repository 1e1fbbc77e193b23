"""Ready-made index definitions, each with where its constants come from (docs/evaluation.md).

Every preset states what its published source leaves open (OPEN_POINTS); the admin and the
public method show those notes, so nothing open is decided silently.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from awards.evaluation.vocabulary import Formula, Normalisation, Scale, Transform


@dataclass(frozen=True)
class Leaf:
    name: str
    name_en: str
    formula: str
    metric: str
    weight: float
    transform: str = Transform.NONE
    normalisation: str = Normalisation.NONE
    platform: str = ""
    per_metric: str = ""


@dataclass(frozen=True)
class Branch:
    name: str
    name_en: str
    weight: float
    leaves: tuple[Leaf, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    source: str
    branches: tuple[Branch, ...]
    power: float = 1.0
    factor: float = 1.0
    scale: str = Scale.SHARE_OF_BEST
    notes: tuple[str, ...] = ()


def _wci_inner(formula, metrics, weights) -> tuple[Leaf, ...]:
    """0.70·ln(r+1) + 0.09·ln(10z+1) + 0.06·ln(10l+1) [+ 0.15·ln(10re+1)], WeChat only."""
    names = (("阅读", "reads"), ("在看", "wows"), ("点赞", "likes"), ("转发", "forwards"))
    return tuple(
        Leaf(
            name=name,
            name_en=name_en,
            formula=formula,
            metric=metric,
            weight=weight,
            transform=Transform.LN1 if metric.endswith("reads") else Transform.LN10,
            platform="wechat",
        )
        for (name, name_en), metric, weight in zip(names, metrics, weights, strict=False)
    )


def _wci(key: str, label: str, weights: tuple[float, ...], source: str, notes) -> Preset:
    return Preset(
        key=key,
        label=label,
        source=source,
        power=2.0,
        factor=12.0,  # (…)² × 1.2 × 10
        scale=Scale.SHARE_OF_BEST,
        notes=notes,
        branches=(
            Branch(
                "整体传播力",
                "Overall reach (O)",
                60,
                _wci_inner(Formula.PER_DAY, ("reads", "zaikan", "likes", "forwards"), weights),
            ),
            Branch(
                "篇均传播力",
                "Reach per article (A)",
                20,
                _wci_inner(Formula.PER_ARTICLE, ("reads", "zaikan", "likes", "forwards"), weights),
            ),
            Branch(
                "头条传播力",
                "Headline reach (H)",
                10,
                _wci_inner(
                    Formula.PER_DAY,
                    ("headline_reads", "headline_zaikan", "headline_likes", "headline_forwards"),
                    weights,
                ),
            ),
            Branch(
                "峰值传播力",
                "Peak reach (P)",
                10,
                _wci_inner(
                    Formula.MAX, ("max_reads", "max_zaikan", "max_likes", "max_forwards"), weights
                ),
            ),
        ),
    )


WCI_NOTES = (
    _("最后一步按平方读取:镜像页印作「}2*1.2*10」,疑为上标丢失;指数不换算到 0–1000,也不封顶。"),
    _("同一版本号下流传两套内层权重:0.70/0.09/0.06/0.15(含转发)与 0.85/0.09/0.06(无转发)。"),
    _("「10万+」记为 100001;一月按 30 天、一周按 7 天计;取哪一天的快照由主办方说明。"),
    _("发文数为 0 时篇均传播力无定义:本系统按 0 计,并在排名中标出数据缺口。"),
)

PRESETS: dict[str, Preset] = {}


def _add(preset: Preset) -> None:
    PRESETS[preset.key] = preset


_add(
    _wci(
        "wci-14.2",
        _("微信传播指数 WCI V14.2(含转发:0.70/0.09/0.06/0.15)"),
        (70, 9, 6, 15),
        _("清博 WCI V14.2 定义的镜像(二手来源,stevekatra.com/site/usage-1)"),
        WCI_NOTES,
    )
)
_add(
    _wci(
        "wci-14.2-no-forwards",
        _("微信传播指数 WCI V14.2(无转发:0.85/0.09/0.06)"),
        (85, 9, 6),
        _("流传的同名版本的 Python 实现(二手来源,weizhi.cc)"),
        WCI_NOTES,
    )
)
_add(
    Preset(
        key="bci-variant",
        label=_("微博传播指数 BCI(公开的一个变体)"),
        source=_("未署厂商和版本的数据集说明(二手来源,selectdataset.com)"),
        factor=160.0,
        scale=Scale.SHARE_OF_BEST,
        notes=(
            _("来源未说明计数是合计还是日均:本系统按评估期内合计计算。"),
            _("这是公开的一个变体,不是厂商发布的定义。"),
        ),
        branches=(
            Branch(
                "活跃度 W1",
                "Activity W1",
                20,
                (
                    Leaf(
                        "发博数",
                        "posts",
                        Formula.SUM,
                        "posts",
                        100,
                        Transform.LN1,
                        platform="weibo",
                    ),
                ),
            ),
            Branch(
                "传播度 W2",
                "Spread W2",
                80,
                (
                    Leaf(
                        "转发",
                        "reposts",
                        Formula.SUM,
                        "forwards",
                        40,
                        Transform.LN1,
                        platform="weibo",
                    ),
                    Leaf(
                        "评论",
                        "comments",
                        Formula.SUM,
                        "comments",
                        40,
                        Transform.LN1,
                        platform="weibo",
                    ),
                    Leaf(
                        "点赞", "likes", Formula.SUM, "likes", 20, Transform.LN1, platform="weibo"
                    ),
                ),
            ),
        ),
    )
)


def _minmax(name: str, name_en: str, formula: str, metric: str, weight: float, transform) -> Leaf:
    return Leaf(name, name_en, formula, metric, weight, transform, Normalisation.MINMAX)


# The three dimensions of 人民网's reports, which publish no weights (PEOPLE_NOTES).
PEOPLE_REACH = (
    _minmax("日均阅读/播放", "reads per day", Formula.PER_DAY, "reads", 70, Transform.LN1),
    _minmax("粉丝数", "followers", Formula.MAX, "followers", 30, Transform.LN1),
)
PEOPLE_INTERACTION = (
    _minmax("篇均点赞", "likes per post", Formula.PER_ARTICLE, "likes", 40, Transform.LN1),
    _minmax("篇均评论", "comments per post", Formula.PER_ARTICLE, "comments", 30, Transform.LN1),
    _minmax("篇均转发", "shares per post", Formula.PER_ARTICLE, "forwards", 30, Transform.LN1),
)
PEOPLE_SERVICE = (
    _minmax("日均发文", "posts per day", Formula.PER_DAY, "posts", 100, Transform.NONE),
)
PEOPLE_NOTES = (
    _("人民网未公布权重,这里的权重由主办方确定。"),
    _("报告只计可信粉丝;本系统使用导入的粉丝数,是否为可信粉丝由数据来源决定。"),
    _("服务力没有公开的计算口径:预设以日均发文数代替,主办方可改为自定义指标。"),
)


def people(weights: tuple[float, float, float] = (40, 40, 20)) -> Preset:
    """传播力 / 互动力 / 服务力 in the manner of 人民网's reports, with the organizer's weights."""
    reach, interaction, service = weights
    return Preset(
        key="people",
        label=_("传播力 / 互动力 / 服务力(人民网报告的方式,权重由主办方确定)"),
        source=_("人民网舆情数据中心《政务微博影响力报告》的维度;报告未公布权重"),
        scale=Scale.AS_IS,
        notes=PEOPLE_NOTES,
        branches=(
            Branch("传播力", "Reach", reach, PEOPLE_REACH),
            Branch("互动力", "Interaction", interaction, PEOPLE_INTERACTION),
            Branch("服务力", "Service", service, PEOPLE_SERVICE),
        ),
    )


def get(key: str, weights=None) -> Preset:
    if key == "people":
        return people(weights) if weights else people()
    return PRESETS[key]


def choices() -> list[tuple[str, str]]:
    return [(p.key, p.label) for p in PRESETS.values()] + [("people", people().label)]
