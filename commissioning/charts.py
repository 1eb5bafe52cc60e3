"""Bar charts drawn on the server as SVG: no script, no CDN, no third-party code.

Each chart has a <title> and <desc> (named by aria-labelledby) and is shown next to a table
with the same figures, which is what a screen reader user reads.
"""

from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Colours with enough contrast against white, distinguishable in greyscale by order.
COLOURS = ("#1d4e89", "#2a7f62", "#b0571b", "#6b2d7b")
BAR = 14
GAP = 4
LABEL_WIDTH = 230
PLOT_WIDTH = 420
LEGEND = 28


def grouped_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
) -> SafeString:
    """Horizontal bars: one group per category, one bar per series, each bar labelled."""
    top = max((max(values, default=0) for _, values in series), default=0) or 1
    group = len(series) * (BAR + GAP) + 12
    height = LEGEND + len(categories) * group + 8
    width = LABEL_WIDTH + PLOT_WIDTH + 50
    parts = []
    for index, (name, _values) in enumerate(series):
        x = LABEL_WIDTH + index * 110
        parts.append(
            format_html(
                '<rect x="{}" y="6" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="16" font-size="12">{}</text>',
                x,
                COLOURS[index % len(COLOURS)],
                x + 16,
                name,
            )
        )
    for row, category in enumerate(categories):
        y0 = LEGEND + row * group
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="13" text-anchor="end">{}</text>',
                LABEL_WIDTH - 8,
                y0 + group // 2,
                category,
            )
        )
        for index, (name, values) in enumerate(series):
            value = values[row]
            y = y0 + index * (BAR + GAP)
            length = round(PLOT_WIDTH * value / top)
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {} {}</title></rect>"
                    '<text x="{}" y="{}" font-size="11">{}</text>',
                    LABEL_WIDTH,
                    y,
                    length,
                    BAR,
                    COLOURS[index % len(COLOURS)],
                    category,
                    value,
                    name.lower(),
                    LABEL_WIDTH + length + 4,
                    y + BAR - 3,
                    value,
                )
            )
    body = format_html_join("", "{}", ((part,) for part in parts))
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'viewBox="0 0 {w} {h}" width="100%" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        body=body,
    )
