"""WCAG contrast for the colour tests."""

from __future__ import annotations

import re


def rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb``, ``#rgb`` or ``rgb(r, g, b)`` as three numbers 0–255."""
    colour = colour.strip().lower()
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    found = re.findall(r"[\d.]+", colour)
    assert len(found) >= 3, colour
    return (float(found[0]), float(found[1]), float(found[2]))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)
