"""Drawing primitives shared by the pictures (the ecomap, the case card): the palette, text
estimates and escaping, and a small SVG writer. Pure Python, deterministic."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"

# -- colours -------------------------------------------------------------------------------
INK = "#1f2933"
MUTED = "#56606b"  # secondary text: 6.3:1 on white (WCAG AA)
FAINT = "#c3cad1"
PAPER = "#ffffff"
HOUSE_FILL = "#f3f6fa"
HOUSE_LINE = "#9aa5b1"
DUTY = "#b42318"
UNCLEAR = "#b54708"
AGE_FILL = {"child": "#fff4d6", "young_adult": "#e6f4ea", "adult": "#ffffff", "unknown": "#ffffff"}
#: Concern categories: white on each and each on white meet WCAG AA (4.5:1), and any two
#: differ by at least 15 (CIE76 ΔE) in normal vision and simulated protanopia and
#: deuteranopia (tests/render/test_svg_print.py). Tags also name their category in words.
CATEGORY_COLOUR = {
    "violence": "#b71c1c",
    "substance": "#8d194b",
    "mental_health": "#2966ab",
    "work": "#11517a",
    "economy": "#017e74",
    "housing": "#258345",
    "social": "#11459e",
    "family": "#d04302",
    "care": "#0c8093",
    "child": "#024bc5",
}
HISTORY_INK = "#4f5963"  # a past or resolved concern's text on HISTORY_FILL: 6.4:1
HISTORY_FILL = "#eef0f2"
QUALITY_COLOUR = {
    "supportive": "#2e7d32",
    "neutral": "#7b8794",
    "stressful": "#c45100",
    "conflictual": "#c0392b",
    "no_contact": "#9aa5b1",
}
SERVICE_LINE = {"active": "#2c5282", "waiting": "#2c5282", "ended": "#b8c2cc"}


# -- text ----------------------------------------------------------------------------------
def esc(text: object) -> str:
    """``text`` escaped for SVG and HTML text and attribute values."""
    return html.escape(str(text), quote=True)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """An estimate of the width of ``text`` at font ``size`` (no font metrics needed), on the
    wide side of common sans-serif fonts, so that text estimated to fit does fit."""
    width = 0.0
    for ch in text:
        if ch in "ilj.,:;!|'`()[] /\\tfrI":
            width += 0.36
        elif ch in "mwMW@%<>=+~^#&*_$":
            width += 0.92
        elif ch.isupper() or ch in "ÆØÅ":
            width += 0.72
        elif ord(ch) >= 0x2E80:  # CJK, emoji and other wide characters
            width += 1.0
        else:
            width += 0.61
    return width * size * (1.08 if bold else 1.0)


def fit(text: str, size: float, width: float, *, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis to fit ``width``."""
    if text_width(text, size, bold=bold) <= width:
        return text
    while text and text_width(text + "…", size, bold=bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, size: float, width: float, lines: int | None = None) -> list[str]:
    """``text`` broken into lines of ``width``, at spaces and after hyphens; with ``lines``,
    at most that many (the last one then shortened with an ellipsis)."""
    words: list[tuple[str, bool]] = []  # (word, joins the next without a space)
    for word in text.split():
        if text_width(word, size) > width and "-" in word[:-1]:
            parts = word.split("-")
            words += [(f"{part}-", True) for part in parts[:-1]] + [(parts[-1], False)]
        else:
            words.append((word, False))
    out: list[str] = []
    current, glue = "", False
    for word, joins in words:
        joined = f"{current}{word}" if glue else f"{current} {word}".strip()
        if text_width(joined, size) <= width or not current:
            current = joined
        else:
            out.append(current)
            current = word
        glue = joins
    if current:
        out.append(current)
    if lines is not None and len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [fit(line, size, width) for line in out] or [""]


def num(value: float) -> str:
    """A coordinate, rounded for stable output."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


# -- drawing -------------------------------------------------------------------------------
class Svg:
    """An SVG being written: its parts, in order."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, part: str) -> None:
        self.parts.append(part)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 12,
        weight: str = "normal",
        fill: str = INK,
        anchor: str = "start",
        style: str = "normal",
    ) -> None:
        self.add(
            f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" font-weight="{weight}" '
            f'font-style="{style}" fill="{fill}" text-anchor="{anchor}">{esc(text)}</text>'
        )

    def path(self, d: str, colour: str, width: float, dash: str | None = None) -> None:
        self.add(f'<path d="{d}" {line_attrs(colour, width, dash)}/>')


def line_attrs(colour: str, width: float, dash: str | None = None, opacity: float = 1) -> str:
    out = f'fill="none" stroke="{colour}" stroke-width="{width}"'
    if dash:
        out += f' stroke-dasharray="{dash}"'
    if opacity != 1:
        out += f' stroke-opacity="{opacity}"'
    return out


def poly(points: Sequence[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{num(x)},{num(y)}" for x, y in points)


def zigzag(x1: float, y1: float, x2: float, y2: float) -> str:
    """A zigzag path from (x1, y1) to (x2, y2): a conflictual tie."""
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1:
        return f"M{num(x1)},{num(y1)}"
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    steps = max(int(length // 8), 2)
    points = [(x1, y1)]
    for i in range(1, steps):
        t = i / steps * length
        side = 4 if i % 2 else -4
        points.append((x1 + ux * t - uy * side, y1 + uy * t + ux * side))
    points.append((x2, y2))
    return poly(points)


def ticks(svg: Svg, x1: float, y1: float, x2: float, y2: float, colour: str) -> None:
    """Cross-ticks along a segment: a stressful tie."""
    length = math.hypot(x2 - x1, y2 - y1)
    if length < 1:
        return
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    count = max(int(length // 14), 1)
    for i in range(1, count + 1):
        t = i * length / (count + 1)
        cx, cy = x1 + ux * t, y1 + uy * t
        a = (cx - uy * 5 - ux * 2, cy + ux * 5 - uy * 2)
        b = (cx + uy * 5 + ux * 2, cy - ux * 5 + uy * 2)
        svg.path(poly([a, b]), colour, 1.4)
