"""The palette in static/css/components.css keeps every text pairing at WCAG 2.2 AA contrast
(4.5:1 for text, 3:1 for the borders of controls), as docs/design.md promises."""

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "components.css"

# (text or foreground, background, the least contrast it needs)
PAIRS = [
    ("ink", "paper", 4.5),
    ("ink", "wash", 4.5),
    ("ink", "sand", 4.5),
    ("ink", "brand-light", 4.5),
    ("ink", "accent", 4.5),
    ("muted", "paper", 4.5),
    ("muted", "wash", 4.5),
    ("brand", "paper", 4.5),
    ("brand", "wash", 4.5),
    ("paper", "brand", 4.5),  # white text on green buttons and the header
    ("paper", "brand-dark", 4.5),
    ("brand-dark", "brand-light", 4.5),
    ("link", "paper", 4.5),
    ("link", "wash", 4.5),
    ("link-visited", "paper", 4.5),
    ("error", "paper", 4.5),
    ("line-strong", "paper", 3.0),
]


def _tokens() -> dict[str, str]:
    root = re.search(r":root\s*{(.*?)}", CSS.read_text(), flags=re.S)[1]
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", root))


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize(("fg", "bg", "least"), PAIRS, ids=[f"{f}-on-{b}" for f, b, _ in PAIRS])
def test_palette_pairs_meet_aa(fg, bg, least):
    tokens = _tokens()
    assert contrast(tokens[fg], tokens[bg]) >= least
