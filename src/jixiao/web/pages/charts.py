"""Charts drawn on the server as SVG: columns, horizontal bars and grouped columns, each with
its `<title>`, a `<desc>` reading every value, and a tooltip per bar. Knows nothing of the
domain: the labels, the values and how each value reads are given.

No `style` attribute and no script (the pages' CSP): geometry as SVG presentation
attributes, colours by class from static/app.css (`.chart`; a bar's `tone_<name>`, a series'
`series_<n>`). The SVG scales with its box (viewBox); its text takes the page's fonts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup, escape

WIDTH = 600  # the viewBox's width: a chart is drawn at this size and scaled to its box
FONT = 13  # the labels' size, in viewBox units
SMALL = 11
TICKS = 4  # grid intervals on the value axis
_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass(frozen=True, slots=True)
class Bar:
    """One value: its label, the number drawn (None: no figure, only `text` is shown), the
    number as a reader reads it, and a tone the stylesheet colours (`tone_<tone>`)."""

    label: str
    value: Decimal | None
    text: str
    tone: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """A cluster of a grouped chart: one bar per series, in the legend's order."""

    label: str
    bars: tuple[Bar, ...]


def columns(
    ident: str,
    title: str,
    bars: Sequence[Bar],
    top: Decimal | None = None,
    whole: bool = False,
) -> Markup:
    """Vertical columns, one per bar, on a value axis from 0 to a round number above the
    largest value (at least `top`; `whole`: counts, so the grid falls on whole numbers)."""
    height, left, right, above, below = 260, 44, 12, 26, 46
    scale = _top([b.value for b in bars], top, whole)
    plot_w, plot_h = WIDTH - left - right, height - above - below
    slot = plot_w / max(len(bars), 1)
    width = min(slot * 0.6, 84)
    parts = _grid(left, WIDTH - right, above, plot_h, scale)
    for i, bar in enumerate(bars):
        middle = left + slot * (i + 0.5)
        parts.append(_column(bar, middle, width, above + plot_h, plot_h, scale, FONT))
        parts.append(_label(bar.label, middle, above + plot_h + 18, slot - 4))
    return _svg(ident, title, height, _read(bars), parts)


def rows(ident: str, title: str, bars: Sequence[Bar], top: Decimal | None = None) -> Markup:
    """Horizontal bars, one row per bar, the label left of it and its value after it: for
    long labels (names of departments, findings)."""
    pitch, thick, pad = 30, 18, 8
    height = pad * 2 + pitch * max(len(bars), 1)
    label_w = min(max((_width(b.label, FONT) for b in bars), default=0) + 8, 240)
    start, room = label_w + 8, WIDTH - label_w - 8 - 96  # 96: the value's text after the bar
    scale = _top([b.value for b in bars], top)
    parts: list[str] = [
        f'<line class="axis" x1="{start}" y1="{pad}" x2="{start}" y2="{height - pad}"/>'
    ]
    for i, bar in enumerate(bars):
        y = pad + pitch * i + (pitch - thick) / 2
        length = _length(bar.value, scale, room)
        name = _clip(bar.label, label_w - 8, FONT)
        parts.append(
            f'<text class="label" x="{label_w}" y="{_n(y + thick / 2 + 4.5)}" '
            f'text-anchor="end" font-size="{FONT}">{escape(name)}</text>'
        )
        tip = f"<title>{escape(bar.label)}：{escape(bar.text)}</title>"
        rect = (
            f'<rect x="{start}" y="{_n(y)}" width="{_n(length)}" height="{thick}" rx="2">{tip}</rect>'
            if bar.value is not None
            else ""
        )
        parts.append(
            f'<g class="{_classes(bar)}">{rect}'
            f'<text class="{"value" if bar.value is not None else "value none"}" '
            f'x="{_n(start + length + 6)}" y="{_n(y + thick / 2 + 4.5)}" '
            f'font-size="{FONT}">{escape(bar.text)}</text></g>'
        )
    return _svg(ident, title, height, _read(bars), parts)


def grouped(
    ident: str,
    title: str,
    series: Sequence[str],
    groups: Sequence[Group],
    top: Decimal | None = None,
    whole: bool = False,
) -> Markup:
    """Grouped columns: a cluster per group, a column per series (coloured `series_<n>`,
    the last series also `series_last`: the one to stand out), a legend of the series above."""
    height, left, right, above, below = 280, 44, 12, 46, 46
    scale = _top([b.value for g in groups for b in g.bars], top, whole)
    plot_w, plot_h = WIDTH - left - right, height - above - below
    slot = plot_w / max(len(groups), 1)
    width = min(slot * 0.8 / max(len(series), 1), 56)
    parts = _legend(series, left, 16)
    parts += _grid(left, WIDTH - right, above, plot_h, scale)
    size = FONT if width >= 40 else SMALL
    for i, group in enumerate(groups):
        middle = left + slot * (i + 0.5)
        first = middle - width * len(group.bars) / 2
        for j, bar in enumerate(group.bars):
            centre = first + width * (j + 0.5)
            named = Bar(f"{group.label} {bar.label}", bar.value, bar.text)
            parts.append(
                _column(
                    named,
                    centre,
                    width * 0.86,
                    above + plot_h,
                    plot_h,
                    scale,
                    size,
                    j,
                    len(series) - 1,
                )
            )
        parts.append(_label(group.label, middle, above + plot_h + 18, slot - 4))
    read = "；".join(
        f"{g.label}：" + "，".join(f"{b.label} {b.text}" for b in g.bars) for g in groups
    )
    return _svg(ident, title, height, read, parts)


# -- the pieces


def _svg(ident: str, title: str, height: int, read: str, parts: list[str]) -> Markup:
    safe = "".join(c for c in ident if c.isascii() and (c.isalnum() or c == "_")) or "chart"
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{safe}_title {safe}_desc" focusable="false">'
        f'<title id="{safe}_title">{escape(title)}</title>'
        f'<desc id="{safe}_desc">{escape(read)}</desc>' + "".join(parts) + "</svg>"
    )


def _read(bars: Sequence[Bar]) -> str:
    return "；".join(f"{b.label}：{b.text}" for b in bars) or "没有数据"


def _grid(x1: float, x2: float, top: float, plot_h: float, scale: Decimal) -> list[str]:
    parts = []
    for k in range(TICKS + 1):
        y = top + plot_h - plot_h * k / TICKS
        value = scale * k / TICKS
        kind = "axis" if k == 0 else "grid"
        parts.append(f'<line class="{kind}" x1="{x1}" y1="{_n(y)}" x2="{x2}" y2="{_n(y)}"/>')
        parts.append(
            f'<text class="tick" x="{_n(x1 - 6)}" y="{_n(y + 4)}" text-anchor="end" '
            f'font-size="{SMALL}">{escape(_plain(value))}</text>'
        )
    return parts


def _column(
    bar: Bar,
    middle: float,
    width: float,
    base: float,
    plot_h: float,
    scale: Decimal,
    size: int,
    series: int | None = None,
    last: int = -1,
) -> str:
    tip = f"<title>{escape(bar.label)}：{escape(bar.text)}</title>"
    classes = _classes(bar) if series is None else f"bar {_series(series, last)}"
    if bar.value is None:
        return (
            f'<g class="{classes}"><text class="value none" x="{_n(middle)}" y="{_n(base - 6)}" '
            f'text-anchor="middle" font-size="{size}">{escape(bar.text)}{tip}</text></g>'
        )
    tall = _length(bar.value, scale, plot_h)
    return (
        f'<g class="{classes}"><rect x="{_n(middle - width / 2)}" y="{_n(base - tall)}" '
        f'width="{_n(width)}" height="{_n(tall)}" rx="2">{tip}</rect>'
        f'<text class="value" x="{_n(middle)}" y="{_n(base - tall - 6)}" text-anchor="middle" '
        f'font-size="{size}">{escape(bar.text)}</text></g>'
    )


def _legend(series: Sequence[str], x: float, y: float) -> list[str]:
    parts = []
    for i, name in enumerate(series):
        parts.append(
            f'<g class="legend {_series(i, len(series) - 1)}"><rect x="{_n(x)}" y="{_n(y - 10)}" width="12" '
            f'height="12" rx="2"/><text x="{_n(x + 18)}" y="{_n(y)}" font-size="{FONT}">'
            f"{escape(name)}</text></g>"
        )
        x += 18 + _width(name, FONT) + 20
    return parts


def _label(text: str, middle: float, y: float, room: float) -> str:
    """A category label under its column: in up to two lines within `room`, the rest cut
    (the whole label is the column's tooltip and in the table under the chart)."""
    lines = _lines(text, room, FONT)
    spans = "".join(
        f'<tspan x="{_n(middle)}" dy="{0 if i == 0 else FONT + 3}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text class="label" y="{_n(y)}" text-anchor="middle" font-size="{FONT}">{spans}</text>'


def _series(i: int, last: int) -> str:
    return f"series_{i} series_last" if i == last else f"series_{i}"


def _classes(bar: Bar) -> str:
    return f"bar tone_{bar.tone}" if bar.tone else "bar"


def _top(values: Sequence[Decimal | None], top: Decimal | None, whole: bool = False) -> Decimal:
    """The value axis' end: a round number (1, 2, 2.5 or 5 × 10ⁿ) at or above the largest
    value, and at least `top` when given (a score axis to 100 whatever the scores); for
    counts (`whole`) a number of grid intervals each 1, 2 or 5 × 10ⁿ."""
    largest = max((v for v in values if v is not None), default=Decimal(0))
    if top is not None and top >= largest and top > 0:
        return top
    if whole:
        need = max(largest, Decimal(1)) / TICKS
        power = Decimal(10) ** need.adjusted()
        unit = next(
            s * power
            for s in (Decimal(1), Decimal(2), Decimal(5), Decimal(10))
            if s * power >= need
        )
        return (unit * TICKS).normalize() if unit >= 1 else Decimal(TICKS)
    if largest <= 0:
        return Decimal(1)
    power = Decimal(10) ** (largest.adjusted())
    for step in _STEPS:
        if step * power >= largest:
            return (step * power).normalize()
    return Decimal(10) * power  # unreachable: 10 × 10ⁿ exceeds any value of exponent n


def _length(value: Decimal | None, scale: Decimal, room: float) -> float:
    if value is None or value <= 0:
        return 0.0
    return float(min(value, scale) / scale) * room


def _width(text: str, size: int) -> float:
    """Roughly how wide `text` sets: a CJK character an em, anything else about half."""
    return sum(1.0 if ord(c) >= 0x2E80 else 0.58 for c in text) * size


def _clip(text: str, room: float, size: int) -> str:
    if _width(text, size) <= room:
        return text
    while text and _width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def _lines(text: str, room: float, size: int) -> list[str]:
    if _width(text, size) <= room:
        return [text]
    first = ""
    for c in text:
        if _width(first + c, size) > room:
            break
        first += c
    rest = text[len(first) :]
    return [first, _clip(rest, room, size)] if first else [_clip(text, room, size)]


def _plain(value: Decimal) -> str:
    """A tick's number without trailing zeros: 25, 2.5, 100."""
    return format(value.quantize(Decimal("0.01"), ROUND_HALF_UP).normalize(), "f")


def _n(value: float) -> str:
    """A coordinate to a tenth: short SVG."""
    return f"{value:.1f}".removesuffix(".0")
