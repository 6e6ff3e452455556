"""Small charts drawn on the server as inline SVG, for printed documents (no JavaScript in PDFs).

The SVG is built from plain numbers, escaped, and returned as markup the template prints with ``|safe``.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from scoring.classes import points_text

# Drawing units (the viewBox); the chart is printed 160 mm wide.
WIDTH = 640
HEIGHT = 220
LEFT = 40
RIGHT = 12
TOP = 14
BOTTOM = 34
FONT = "Times New Roman, Liberation Serif, serif"


@dataclass(frozen=True)
class ScorePoint:
    """One scored meeting: its date and score (and whether it reached the model bar as class 1)."""

    held_on: datetime.date
    score: Decimal
    meets_bar: bool


def _axis_floor(lowest: Decimal, bar: Decimal) -> int:
    """The bottom of the value axis: a multiple of 5 at least 5 points under the lowest score and the
    bar, never under 0."""
    value = float(min(lowest, bar)) - 5
    return max(0, int(math.floor(value / 5) * 5))


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 11,
    anchor: str = "middle",
    extra: str = "",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-family="{FONT}"{extra}>{escape(text)}</text>'
    )


def meeting_scores_svg(
    points: list[ScorePoint], *, bar: Decimal, bar_label: str, title: str
) -> str:
    """A bar per scored meeting (dd/mm under it, its points over it), the model bar as a dashed line
    (explained by ``bar_label`` in the caption).
    Bars that reach the bar are filled dark grey, the others hatched light grey, so that the chart reads
    in black and white. Empty string when no meeting is scored."""
    if not points:
        return ""
    floor = _axis_floor(min(p.score for p in points), bar)
    ceiling = 100
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def y_of(value: float) -> float:
        return TOP + plot_h * (1 - (value - floor) / (ceiling - floor))

    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="160mm" height="{160 * HEIGHT / WIDTH:.1f}mm" role="img">',
        f"<title>{escape(title)}</title>",
        '<defs><pattern id="hatch" width="5" height="5" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="5" height="5" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="5" stroke="#555" stroke-width="1.4"/></pattern></defs>',
    ]
    # Grid lines and value labels every 5 points.
    for value in range(floor, ceiling + 1, 5):
        y = y_of(value)
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            'stroke="#ccc" stroke-width="0.6"/>'
        )
        parts.append(_text(LEFT - 5, y + 4, str(value), size=10, anchor="end"))
    slot = plot_w / len(points)
    bar_w = min(slot * 0.6, 34)
    for index, point in enumerate(points):
        x = LEFT + slot * index + (slot - bar_w) / 2
        y = y_of(float(point.score))
        fill = "#444" if point.meets_bar else "url(#hatch)"
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
            f'height="{TOP + plot_h - y:.1f}" fill="{fill}" stroke="#000" stroke-width="0.6"/>'
        )
        parts.append(_text(x + bar_w / 2, y - 3, points_text(point.score), size=10))
        parts.append(
            _text(
                x + bar_w / 2,
                HEIGHT - BOTTOM + 14,
                point.held_on.strftime("%d/%m"),
                size=10,
            )
        )
    # The axes, then the model bar over the bars.
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#000" stroke-width="0.8"/>'
    )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#000" stroke-width="0.8"/>'
    )
    bar_y = y_of(float(bar))
    parts.append(
        f'<line x1="{LEFT}" y1="{bar_y:.1f}" x2="{WIDTH - RIGHT}" y2="{bar_y:.1f}" '
        'stroke="#000" stroke-width="1.2" stroke-dasharray="6 3"/>'
    )
    # The bar's value on the axis (unless a grid label is there already); its meaning in the caption.
    if float(bar) % 5:
        parts.append(
            _text(
                LEFT - 5,
                bar_y + 4,
                points_text(bar),
                size=10,
                anchor="end",
                extra=' font-weight="bold"',
            )
        )
    parts.append(
        _text(
            LEFT + plot_w / 2,
            HEIGHT - 4,
            f"{title} – {bar_label}",
            size=11,
            extra=' font-style="italic"',
        )
    )
    parts.append("</svg>")
    return "".join(parts)
