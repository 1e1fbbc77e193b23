"""Drawing a 1200×630 share card and the favicon with Pillow.

Layout: the event's name in summit red, the page's title large, up to five detail lines
(for a nominee its awards), a red band at the left. Lines wrap by measured width, so long
Chinese titles break between characters and English ones between words. Characters the CJK
font has no glyph for (emoji, rare symbols) are left out rather than drawn as empty boxes.
"""

import io
from functools import lru_cache

from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from awards.sharing.fonts import FontFace, FontPair

WIDTH, HEIGHT = 1200, 630
PAPER, INK, MUTED, ACCENT, WASH = "#ffffff", "#1b1b1b", "#4d4d4d", "#9b1c1c", "#f4f1ec"
MARGIN, BAND = 72, 24
MAX_DETAILS = 6


@lru_cache(maxsize=16)
def _font(face: FontFace, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(face.path, size, index=face.index)


@lru_cache(maxsize=8)
def _code_points(face: FontFace) -> frozenset[int]:
    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        return frozenset(font.getBestCmap())


def drawable(text: str, face: FontFace) -> str:
    """The text without the characters `face` cannot draw: emoji (and their joiners and
    variation selectors) would otherwise show as empty boxes. Spaces left doubled by a
    removed character are merged."""
    covered = _code_points(face)
    kept = "".join(char for char in text if ord(char) in covered or char.isspace())
    return " ".join(kept.split())


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy wrap by measured width; an overflowing last line ends with an ellipsis."""
    lines, line = [], ""
    for char in text:
        if font.getlength(line + char) <= width:
            line += char
            continue
        # Latin words move to the next line whole; Chinese breaks between characters.
        cut = line.rfind(" ") if char != " " and line and line[-1].isascii() else -1
        if cut > 0:
            lines.append(line[:cut])
            line = line[cut + 1 :] + char
        else:
            lines.append(line)
            line = char.lstrip()
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + "…"]
    return lines


def share_card(
    fonts: FontPair, *, event: str, title: str, details: list[str], footer: str = ""
) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, BAND, HEIGHT), fill=ACCENT)
    draw.rectangle((BAND, HEIGHT - 96, WIDTH, HEIGHT), fill=WASH)
    text_width = WIDTH - BAND - 2 * MARGIN
    left, top = BAND + MARGIN, 64

    event, title = drawable(event, fonts.bold), drawable(title, fonts.bold)
    details = [drawable(line, fonts.regular) for line in details]
    footer = drawable(footer, fonts.bold)
    event_font = _font(fonts.bold, 34)
    for line in wrap(event, event_font, text_width, 1):
        draw.text((left, top), line, font=event_font, fill=ACCENT)
        top += 52
    top += 16

    title_font = _font(fonts.bold, 64 if len(title) <= 24 else 52)
    for line in wrap(title, title_font, text_width, 2):
        draw.text((left, top), line, font=title_font, fill=INK)
        top += title_font.size + 18
    top += 12

    detail_font = _font(fonts.regular, 30)
    room = max(0, (HEIGHT - 110 - top) // 44)
    shown = details[: min(room, MAX_DETAILS)]
    if len(details) > len(shown) and shown:
        shown[-1] = f"… +{len(details) - len(shown) + 1}"
    for line in shown:
        for piece in wrap(line, detail_font, text_width, 1):
            draw.text((left, top), piece, font=detail_font, fill=MUTED)
            top += 44
    if footer:
        footer_font = _font(fonts.bold, 30)
        for line in wrap(footer, footer_font, text_width, 1):
            draw.text((left, HEIGHT - 48), line, font=footer_font, fill=ACCENT, anchor="lm")
    return _png(image)


def icon(fonts: FontPair | None, letter: str, size: int) -> Image.Image:
    """A square icon: the event's first character in white on summit red."""
    image = Image.new("RGB", (size, size), ACCENT)
    draw = ImageDraw.Draw(image)
    if fonts is not None and letter:
        font = _font(fonts.bold, int(size * 0.72))
        draw.text((size / 2, size / 2), letter, font=font, fill=PAPER, anchor="mm")
    else:
        # Without a CJK font: a plain white ring rather than a box for a missing glyph.
        inset = size * 0.22
        draw.ellipse((inset, inset, size - inset, size - inset), outline=PAPER, width=size // 10)
    return image


def favicon_ico(fonts: FontPair | None, letter: str) -> bytes:
    buffer = io.BytesIO()
    icon(fonts, letter, 64).save(buffer, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return buffer.getvalue()


def touch_icon_png(fonts: FontPair | None, letter: str) -> bytes:
    return _png(icon(fonts, letter, 180))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
