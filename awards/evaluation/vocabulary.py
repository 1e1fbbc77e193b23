"""The fixed vocabularies of an evaluation: platforms, metrics, formulas, transforms, scalings.

Organizers choose from these lists; nothing they type is ever evaluated as code.
"""

from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class Platform(models.TextChoices):
    WECHAT = "wechat", _("微信公众号")
    WEIBO = "weibo", _("微博")
    DOUYIN = "douyin", _("抖音")
    TOUTIAO = "toutiao", _("今日头条")
    CHANNELS = "channels", _("视频号")
    OTHER = "other", _("其他")


class Metric(NamedTuple):
    key: str  # the MetricRow column
    label: str  # the template's header (Chinese)
    synonyms: tuple[str, ...]  # other headers common exports use


# The fixed metric set. The list (发文数 … 粉丝数) plus the headline and peak counts of
# 在看, likes and forwards that the WCI V14.2 formula needs (H and P dimensions).
METRICS: tuple[Metric, ...] = (
    Metric(
        "posts",
        gettext_noop("发文数"),
        ("发文量", "文章数", "发布数", "发稿数", "作品数", "发博数"),
    ),
    Metric("headline_posts", gettext_noop("头条篇数"), ("头条数", "头条发文数")),
    Metric(
        "reads",
        "总阅读数",
        ("阅读数", "阅读量", "总阅读量", "播放量", "播放数", "总播放量", "阅读/播放数"),
    ),
    Metric("headline_reads", gettext_noop("头条阅读数"), ("头条阅读量",)),
    Metric("max_reads", gettext_noop("最高阅读数"), ("最高阅读量", "单篇最高阅读", "最高播放量")),
    Metric("likes", gettext_noop("点赞数"), ("点赞", "点赞量", "获赞数")),
    Metric("zaikan", gettext_noop("在看数"), ("在看", "在看量")),
    Metric("comments", gettext_noop("评论数"), ("评论", "评论量", "留言数")),
    Metric("forwards", gettext_noop("转发数"), ("转发", "转发量", "分享数", "分享量")),
    Metric("followers", gettext_noop("粉丝数"), ("粉丝", "粉丝量", "关注数")),
    Metric("headline_likes", gettext_noop("头条点赞数"), ("头条点赞",)),
    Metric("headline_zaikan", gettext_noop("头条在看数"), ("头条在看",)),
    Metric("headline_forwards", gettext_noop("头条转发数"), ("头条转发",)),
    Metric("max_likes", gettext_noop("最高点赞数"), ("单篇最高点赞",)),
    Metric("max_zaikan", gettext_noop("最高在看数"), ("单篇最高在看",)),
    Metric("max_forwards", gettext_noop("最高转发数"), ("单篇最高转发",)),
)
METRIC_KEYS = tuple(m.key for m in METRICS)
METRIC_LABELS = {m.key: m.label for m in METRICS}


class Formula(models.TextChoices):
    """How an indicator is made from one metric over the evaluation's window."""

    SUM = "sum", _("合计")
    PER_DAY = "per_day", _("日均(合计 ÷ 天数)")
    PER_ARTICLE = "per_article", _("篇均(合计 ÷ 发文数)")
    MAX = "max", _("最大值")
    RATE = "rate", _("比率(合计 ÷ 另一指标合计)")


class Transform(models.TextChoices):
    NONE = "none", _("不变换")
    LN1 = "ln1", _("ln(x+1)")
    LN10 = "ln10", _("ln(10x+1)")
    POWER = "power", _("幂 x^p")


class Normalisation(models.TextChoices):
    NONE = "none", _("不归一")
    MINMAX = "minmax", _("最小–最大归一到 0–100")
    ZSCORE = "zscore", _("标准分(z-score)")
    RANK = "rank", _("名次分(最好 100,最差 0)")


class Scale(models.TextChoices):
    """How the data index is put on 0–100 before it is combined with a jury score."""

    SHARE_OF_BEST = "best", _("占最高者的百分比(指数 ÷ 最高指数 × 100)")
    MINMAX = "minmax", _("最小–最大归一到 0–100")
    AS_IS = "none", _("原值(指数已在 0–100)")
