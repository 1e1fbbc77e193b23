"""Minting slugs: a new record's public address, from its name's pinyin by words, made unique.

The one rule for the model, the admin and the import; imports awards.pinyin only.
"""

from collections.abc import Collection

from awards.pinyin import pinyin_slug

# Room left in an 80-character slug for the "-2", "-3" … of a homophone.
BASE_LENGTH = 72


def unnamed_slug(position: int) -> str:
    """The slug of a list the source left unnamed: says so, by its position (unnamed-3)."""
    return f"unnamed-{position}"


def mint_slug(
    name: str, *, taken: Collection[str] = (), existing=None, position: int | None = None
) -> str:
    """市公安局 → shi-gonganju, or shi-gonganju-2, -3 … when that is already taken.

    `taken` holds slugs claimed so far (unsaved rows of the same form or import); `existing`
    is a QuerySet of the rows a slug must differ from (the nominees, one edition's lists),
    read once for the slugs that share the base. A list the source left unnamed (blank
    `name`) gets `unnamed_slug(position)` as its base, never a made-up name's pinyin.
    """
    base = pinyin_slug(name, max_length=BASE_LENGTH) if name else unnamed_slug(position or 1)
    used = set(taken)
    if existing is not None:
        used.update(existing.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return slug
