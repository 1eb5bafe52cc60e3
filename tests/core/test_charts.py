"""core.charts: an accessible SVG with the figures it was given, and withheld ones marked."""

import re

from core.charts import WITHHELD_MARK, Series, bar_chart


def test_title_and_description_label_the_chart():
    svg = bar_chart(title="Messages", desc="Per week", labels=["a"], series=[Series("M", [3])])
    ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
    for element_id in ids:
        assert f'id="{element_id}"' in svg
    assert 'role="img"' in svg


def test_one_bar_per_value_and_a_mark_for_each_withheld_one():
    svg = bar_chart(
        title="t",
        desc="d",
        labels=["Jan", "Feb", "Mar"],
        series=[Series("Places", [10, None, 0]), Series("Waiting", [5, 6, None])],
    )
    assert svg.count("<rect x=") == 4 + 2  # four bars, two legend keys
    assert svg.count(f">{WITHHELD_MARK}</text>") == 2
    assert "<title>Places, Jan: 10</title>" in svg


def test_text_is_escaped():
    svg = bar_chart(title="<script>", desc="&", labels=["<b>"], series=[Series("<i>", [1])])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "<b>" not in svg


def test_taller_values_draw_taller_bars():
    svg = bar_chart(title="t", desc="d", labels=["a", "b"], series=[Series("s", [2, 8])])
    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([\d.]+)"', svg)]
    assert heights[1] == 4 * heights[0]
