"""Server-side SVG charts: no script, no CDN, readable by screen readers.

One small API, for every page that draws figures (the insight dashboard, the commissioning
fairness view):

    bar_chart(title="Messages per week", desc="...", labels=["1 Jun", "8 Jun"],
              series=[Series("Messages", [12, None])])

returns an `<svg role="img">` (a SafeString) with a <title> and <desc> the page's table
repeats in figures. A value of None is a figure withheld (a group too small to show); it is
drawn as no bar, with a mark saying so, never as zero. Several series are drawn as grouped
bars with a legend. Colours come from the stylesheet's custom properties where set.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import count

from django.utils.safestring import SafeString, mark_safe

# Distinguishable for common colour-vision deficiencies (Okabe-Ito), in order of use.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
WITHHELD_MARK = "\u2013"  # an en dash
_ids = count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]


def _nice_max(value: float) -> float:
    """A round top for the axis, at least `value`."""
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return top
    return 10 * magnitude


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    *,
    title: str,
    desc: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    width: int = 640,
    height: int = 260,
    max_value: float | None = None,
) -> SafeString:
    """Grouped vertical bars: one group per label, one bar per series."""
    uid = next(_ids)
    left, right, top, bottom = 44, 8, 12, 44 + (18 if len(series) > 1 else 0)
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [v for s in series for v in s.values if v is not None]
    peak = max_value if max_value is not None else _nice_max(max(known, default=0))
    groups = max(len(labels), 1)
    group_w = plot_w / groups
    bar_w = max(group_w * 0.8 / max(len(series), 1), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="chart-{uid}-title chart-{uid}-desc">',
        f'<title id="chart-{uid}-title">{escape(title)}</title>',
        f'<desc id="chart-{uid}-desc">{escape(desc)}</desc>',
    ]
    for i in range(5):  # gridlines and axis figures
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="chart__grid" stroke="#ccc" stroke-width="1"/>'
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'aria-hidden="true">{_fmt(value)}{escape(unit)}</text>'
        )
    every = max(1, -(-groups // 12))  # at most about 12 axis labels
    for g, label in enumerate(labels):
        x0 = left + g * group_w + group_w * 0.1
        for s_index, s in enumerate(series):
            value = s.values[g] if g < len(s.values) else None
            x = x0 + s_index * bar_w
            colour = PALETTE[s_index % len(PALETTE)]
            if value is None:
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h - 3:.1f}" font-size="11" '
                    f'text-anchor="middle" class="chart__withheld">{WITHHELD_MARK}</text>'
                )
                continue
            h = plot_h * min(value, peak) / peak
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{colour}"><title>{escape(s.name)}, {escape(label)}: '
                f"{_fmt(value)}{escape(unit)}</title></rect>"
            )
        if g % every == 0:
            parts.append(
                f'<text x="{left + g * group_w + group_w / 2:.1f}" y="{top + plot_h + 16}" '
                f'font-size="11" text-anchor="middle" aria-hidden="true">{escape(label)}</text>'
            )
    if len(series) > 1:
        x = left
        for s_index, s in enumerate(series):
            colour = PALETTE[s_index % len(PALETTE)]
            parts.append(
                f'<rect x="{x}" y="{height - 14}" width="10" height="10" fill="{colour}"/>'
                f'<text x="{x + 14}" y="{height - 5}" font-size="11" aria-hidden="true">'
                f"{escape(s.name)}</text>"
            )
            x += 24 + 7 * len(s.name)
    parts.append("</svg>")
    return mark_safe("".join(parts))
