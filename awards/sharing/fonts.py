"""Finding a font that draws Chinese: SHARE_IMAGE_FONT if set, else fontconfig's list.

Pillow's default font has no CJK glyphs and would draw boxes, so without a CJK font the
share images are switched off and `manage.py check` says why (awards.W001).
"""

import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core import checks

# Simplified Chinese forms first: the same code point draws differently in the JP/KR cuts.
PREFERRED_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi")
MISSING_MESSAGE = (
    "No font with Chinese glyphs was found, so share images (og:image) are switched off. "
    "Install fonts-noto-cjk (Debian/Ubuntu) or set SHARE_IMAGE_FONT to a CJK .ttf/.otf/.ttc."
)


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int = 0


@dataclass(frozen=True)
class FontPair:
    regular: FontFace
    bold: FontFace


def cjk_fonts() -> FontPair | None:
    """The fonts for share images, or None when the machine has no CJK font."""
    return _find(getattr(settings, "SHARE_IMAGE_FONT", ""))


@lru_cache(maxsize=4)
def _find(configured: str) -> FontPair | None:
    if configured:
        face = FontFace(configured)
        return FontPair(face, face) if Path(configured).is_file() else None
    faces = _fontconfig_faces()
    if not faces:
        return None

    def rank(entry):
        family = entry[2]
        preferred = next(
            (i for i, name in enumerate(PREFERRED_FAMILIES) if family.startswith(name)), 99
        )
        return (preferred, "Mono" in family, family)

    faces.sort(key=rank)
    best_family = faces[0][2]
    same = [f for f in faces if f[2] == best_family]
    regular = next((f for f in same if f[3] in ("Regular", "Book", "Normal")), same[0])
    bold = next((f for f in same if f[3] == "Bold"), regular)
    return FontPair(FontFace(regular[0], regular[1]), FontFace(bold[0], bold[1]))


def _fontconfig_faces() -> list[tuple[str, int, str, str]]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        output = subprocess.run(
            [fc_list, ":lang=zh-cn", "--format", "%{file}|%{index}|%{family[0]}|%{style[0]}\n"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in output.splitlines():
        parts = line.split("|")
        if len(parts) == 4 and parts[1].isdigit() and Path(parts[0]).is_file():
            faces.append((parts[0], int(parts[1]), parts[2], parts[3]))
    return faces


@checks.register()
def check_cjk_font(app_configs=None, **kwargs):
    if cjk_fonts() is None:
        return [checks.Warning(MISSING_MESSAGE, id="awards.W001")]
    return []
