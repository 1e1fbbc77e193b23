"""The editable wording of a certificate: placeholders, their validation and filling in.

Organizers write plain text with placeholders such as {recipient} and {list}. Only the names
below are accepted, with no format spec or attribute access (str.format on organizer text
could reach Python internals), and the text is filled in here, never by str.format. Values and
text alike are escaped by the template that shows them.
"""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Placeholder -> what it stands for, shown in the admin next to the wording fields.
PLACEHOLDERS = {
    "recipient": _("获奖对象名称;案例名单为案例的署名单位"),
    "nominee": _("获奖对象名称"),
    "case_title": _("案例标题(仅案例名单)"),
    "organization": _("案例的署名单位(仅案例名单)"),
    "event": _("活动名称"),
    "edition": _("届次名称"),
    "year": _("年份"),
    "list": _("榜单名称"),
    "rank": _("名次,例如“第3名”;未设置时为空"),
    "level": _("等级,例如“一等奖”;未设置时为空"),
    "rank_level": _("名次和等级合在一起;都未设置时为空"),
    "date": _("落款日期"),
    "hosted_by": _("主办单位"),
    "organized_by": _("承办单位"),
    "code": _("验证码"),
}
MAX_LENGTH = 300

DEFAULTS = {
    "title": "荣誉证书",
    # Full-width ：and ，(escaped here so no editor turns them into ASCII).
    "wording": (
        "{recipient}\uff1a\n在{edition}中\uff0c荣获「{list}」{rank_level}。\n"
        "特发此证\uff0c以资鼓励。"
    ),
    "case_wording": (
        "{organization}\uff1a\n你单位的案例《{case_title}》在{edition}中\uff0c荣获「{list}」{rank_level}。\n"
        "特发此证\uff0c以资鼓励。"
    ),
    "title_en": "Certificate of Honour",
    "wording_en": (
        "{recipient}\nhas been honoured in the list “{list}” of {edition}{rank_level}.\n"
        "Presented in recognition of outstanding work."
    ),
    "case_wording_en": (
        "{organization}\nhas been honoured for the case “{case_title}” in the list “{list}” "
        "of {edition}{rank_level}.\nPresented in recognition of outstanding work."
    ),
}


def _available() -> str:
    return "、".join(f"{{{name}}}" for name in PLACEHOLDERS)


def parse(text: str) -> list[tuple[str, str | None]]:
    """(literal text, placeholder or None) pairs; ValidationError in Chinese on any mistake."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError(
            _("花括号不成对。占位符写成 {recipient} 这样;要显示花括号本身,请写 {{ 或 }}。"),
            code="braces",
        ) from None
    pairs = []
    for literal, name, spec, conversion in parts:
        if name is not None and name not in PLACEHOLDERS:
            raise ValidationError(
                _("未知的占位符「{%(name)s}」。可用的占位符:%(available)s。"),
                code="unknown_placeholder",
                params={"name": name, "available": _available()},
            )
        if spec or conversion:
            raise ValidationError(
                _("占位符「{%(name)s}」后面不能加冒号或感叹号,只写 {%(name)s}。"),
                code="placeholder_format",
                params={"name": name},
            )
        pairs.append((literal, name))
    return pairs


def validate_wording(text: str) -> None:
    """Field validator: known placeholders only, balanced braces, short enough for one page."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            _("证书文字最多 %(max)s 个字(现在 %(count)s 个),以免一页放不下。"),
            code="too_long",
            params={"max": MAX_LENGTH, "count": len(text)},
        )
    parse(text)


def fill(text: str, values: dict[str, str]) -> list[str]:
    """The wording with placeholders replaced, as lines (the first is the salutation)."""
    filled = "".join(
        literal + (values.get(name, "") if name else "") for literal, name in parse(text)
    )
    return [line.strip() for line in filled.splitlines() if line.strip()]
