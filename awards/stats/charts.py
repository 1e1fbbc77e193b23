"""SVG charts drawn with pygal from a Figure's table.

pygal writes SVG natively (no browser, no image backend) with the text as real text, so
Chinese labels use the visitor's fonts and stay sharp and selectable; matplotlib would need
a CJK font on the server and draw glyphs as paths. The charts are served as images from
their own URLs (<img>), so pygal's embedded stylesheet never meets the page's
Content-Security-Policy, and no script is embedded (js=[]): there is nothing to run.
"""

import pygal
from pygal.etree import etree
from pygal.style import Style

from awards.stats.figures import Figure

# The site's palette (awards/static/awards/site.css): summit red, link blue, then two
# colours that stay apart for red-green colour blindness.
STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#d6d0c4",
    opacity="1",
    opacity_hover="1",
    colors=("#9b1c1c", "#0b4f8a", "#b8860b", "#4d4d4d"),
    # Values printed on the bars: white on red and blue, ink on the gold.
    value_colors=("#ffffff", "#ffffff", "#1b1b1b", "#ffffff"),
    font_family='"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", sans-serif',
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=13,
    legend_font_size=15,
    title_font_size=16,
    stroke_width="3",
)

# (width, height) of the drawing; the page shows the narrow one on phones (<picture>).
SIZES = {"wide": (880, 440), "narrow": (420, 520)}

_KINDS = {"bar": pygal.HorizontalBar, "stacked": pygal.StackedBar, "line": pygal.Line}


def dimensions(figure: Figure, size: str = "wide") -> tuple[int, int]:
    """(width, height) of the figure's drawing: bar charts grow with their bars. The page
    gives its <img> these, so the chart's place is kept before the image arrives."""
    width, height = SIZES[size]
    if figure.chart == "bar":
        bars = len(figure.rows) * len(figure.series)
        height = max(height if size == "wide" else 260, 90 + 34 * bars)
    return width, height


def render(figure: Figure, size: str = "wide") -> bytes:
    width, height = dimensions(figure, size)
    rows = figure.rows
    if figure.chart == "bar":
        # A horizontal bar chart lists its first row at the bottom; read top-down instead.
        rows = list(reversed(rows))
    labels = [str(row[0]) for row in rows]
    chart = _KINDS[figure.chart](
        width=width,
        height=height,
        style=STYLE,
        js=[],
        show_legend=len(figure.series) > 1,
        legend_at_bottom=True,
        # One legend entry a line on phones: two long English names do not fit side by side.
        legend_at_bottom_columns=len(figure.series) if size == "wide" else 1,
        print_values=figure.chart != "line" and len(rows) <= 30,
        truncate_label=-1,
        truncate_legend=-1,
        show_minor_x_labels=len(rows) <= 12,
        x_labels_major_every=max(1, len(rows) // (4 if size == "narrow" else 10)),
        x_label_rotation=0,
        dots_size=2,
        margin=12,
        margin_left=12 + (_wide_label_room(labels) if figure.chart == "bar" else 0),
        spacing=10,
        include_x_axis=True,
    )
    chart.x_labels = labels
    # A table's "—" (not known, e.g. no announced number) is no value and no bar.
    values = [row[c] for row in rows for c in figure.series if not isinstance(row[c], str)]
    if values and all(isinstance(value, int) for value in values):
        # Counts: whole-number ticks only (pygal would label 0, 0.1 … 1 for a largest count of 1).
        chart.y_labels = count_ticks(max(values))
        chart.value_formatter = str
    for column in figure.series:
        values = [row[column] if isinstance(row[column], int) else None for row in rows]
        chart.add(figure.columns[column], values)
    return _without_scripts(chart.render_tree())


def count_ticks(largest: int, most: int = 10) -> list[int]:
    """Whole-number ticks from 0 past `largest`, about `most` at most: 1, 2, 5, 10 … apart."""
    step = 1
    while largest / step > most:
        for factor in (2, 5 / 2, 2):  # 1 → 2 → 5 → 10 → 20 …
            step = int(step * factor)
            if largest / step <= most:
                break
    top = max(1, -(-largest // step) * step)
    return list(range(0, top + 1, step))


def _wide_label_room(labels: list[str]) -> float:
    """Extra left margin for labels beside horizontal bars.

    pygal sizes label space at 0.6 em a character; a Chinese character is a full em wide, so
    long Chinese names would be cut at the left edge without this.
    """
    wide = max((sum(ord(ch) >= 0x2E80 for ch in label) for label in labels), default=0)
    return wide * 0.45 * STYLE.label_font_size


def _without_scripts(root) -> bytes:
    """pygal always embeds its config as a <script> for its optional tooltips; an image never
    runs it and the chart's CSP forbids it, so drop it rather than ship dead code."""
    for parent in list(root.iter()):
        for child in list(parent):
            if str(child.tag).rsplit("}", 1)[-1] == "script":
                parent.remove(child)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
