"""Inline SVG charts for the HTML reports: no scripts, no external assets, prints as vectors.

`line_chart` draws per-epoch curves (a student's against the reference's);
`bar_chart` draws counts (the class's score distribution)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 16, 40, 40


@dataclass
class Series:
    label: str
    values: list
    color: str
    dashed: bool = False


def _finite(values) -> list[float]:
    out = []
    for v in values:
        try:
            v = float(v)
        except (TypeError, ValueError):
            continue
        if math.isfinite(v):
            out.append(v)
    return out


def _nice_step(span: float, target: int = 5) -> float:
    raw = span / max(target, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _linear_ticks(lo: float, hi: float) -> list[float]:
    step = _nice_step(hi - lo)
    first = math.ceil(lo / step - 1e-9) * step
    return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]


def _fmt(v: float) -> str:
    if v != 0 and (abs(v) >= 1e4 or abs(v) < 1e-3):
        return f"{v:.0e}"
    return f"{v:.4g}"


class _Axis:
    """Maps data y to pixels, linearly or on a log scale when values span decades."""

    def __init__(self, values: list[float], top: float, bottom: float):
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        self.log = lo > 0 and hi / lo > 30
        if self.log:
            lo, hi = math.log10(lo), math.log10(hi)
            lo, hi = math.floor(lo), math.ceil(hi)
            self.ticks = [10.0 ** e for e in range(int(lo), int(hi) + 1)]
        else:
            if hi - lo < 1e-12:
                lo, hi = lo - 0.5, hi + 0.5
            pad = (hi - lo) * 0.05
            lo, hi = lo - pad if lo != 0 else lo, hi + pad
            self.ticks = _linear_ticks(lo, hi)
            lo, hi = min(lo, self.ticks[0]), max(hi, self.ticks[-1])
        self.lo, self.hi, self.top, self.bottom = lo, hi, top, bottom

    def __call__(self, v: float) -> float:
        v = math.log10(v) if self.log else v
        return self.bottom - (v - self.lo) / (self.hi - self.lo) * (self.bottom - self.top)


def _legend(series: list[Series], left: float, right: float) -> tuple[str, int]:
    """Legend entries along the top, wrapping onto more rows as needed; (svg, rows)."""
    parts, lx, row = [], left, 0
    for s in series:
        item = 40 + 7 * len(s.label)
        if lx + item > right and lx > left:
            lx, row = left, row + 1
        ly = 16 + 18 * row
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{s.color}"'
                     f' stroke-width="2"{dash}/><text x="{lx + 30}" y="{ly + 4}">{escape(s.label)}</text>')
        lx += item + 12
    return "".join(parts), row + 1


def line_chart(series: list[Series], *, title: str, y_label: str = "loss",
               x_label: str = "epoch", width: int = WIDTH, height: int = HEIGHT) -> Markup:
    """Curves over epochs 1..n. Non-finite values break the line and are listed under it."""
    series = [s for s in series if s.values]
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    legend, rows = _legend(series, left, right)
    top, bottom = MARGIN_TOP + 18 * (rows - 1), height - MARGIN_BOTTOM
    y = _Axis([v for s in series for v in _finite(s.values)], top, bottom)
    n = max((len(s.values) for s in series), default=1)

    def x(epoch: int) -> float:
        return left + (epoch - 1) / max(n - 1, 1) * (right - left)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}"'
             f' role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" class="plot"/>',
             legend]
    for t in y.ticks:
        py = y(t)
        parts.append(f'<line x1="{left}" x2="{right}" y1="{py:.1f}" y2="{py:.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{py + 4:.1f}" text-anchor="end">{_fmt(t)}</text>')
    for t in sorted({1, *_linear_ticks(1, max(n, 2))}):
        if float(t).is_integer() and 1 <= t <= n and (t == 1 or x(int(t)) - x(1) > 24):
            px = x(int(t))
            parts.append(f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{bottom}" y2="{bottom + 4}" class="axis"/>'
                         f'<text x="{px:.1f}" y="{bottom + 18}" text-anchor="middle">{int(t)}</text>')
    parts.append(f'<text x="{(left + right) / 2}" y="{height - 6}" text-anchor="middle" class="label">'
                 f'{escape(x_label)}</text>')
    parts.append(f'<text x="14" y="{(top + bottom) / 2}" text-anchor="middle" class="label" '
                 f'transform="rotate(-90 14 {(top + bottom) / 2})">{escape(y_label)}'
                 f'{", log scale" if y.log else ""}</text>')

    bad_points = []
    for s in series:
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        segment: list[str] = []
        segments = [segment]
        for i, v in enumerate(s.values, start=1):
            try:
                v = float(v)
            except (TypeError, ValueError):
                v = math.nan
            if not math.isfinite(v):
                bad_points.append(f"{s.label}: {v} at epoch {i}")
                segment = []
                segments.append(segment)
                continue
            segment.append(f"{x(i):.1f},{y(v):.1f}")
        for seg in segments:
            if len(seg) > 1:
                parts.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{s.color}"'
                             f' stroke-width="2"{dash}/>')
            elif len(seg) == 1:
                cx, cy = seg[0].split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{s.color}"/>')

    if not series:
        parts.append(f'<text x="{(left + right) / 2}" y="{(top + bottom) / 2}" text-anchor="middle">'
                     'no values recorded</text>')
    parts.append("</svg>")
    chart = Markup("".join(parts))
    if bad_points:
        shown = "; ".join(bad_points[:6]) + (f"; and {len(bad_points) - 6} more" if len(bad_points) > 6 else "")
        chart += Markup('<p class="chart-note">Not drawn: {}</p>').format(shown)
    return chart


def bar_chart(bars: list[tuple[str, int]], *, title: str, x_label: str, y_label: str = "students",
              width: int = WIDTH, height: int = 240) -> Markup:
    """One bar per (label, count), labels under the bars and counts above them."""
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = 20, height - MARGIN_BOTTOM
    peak = max((c for _, c in bars), default=0) or 1
    slot = (right - left) / max(len(bars), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}"'
             f' role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" class="axis"/>']
    for i, (label, count) in enumerate(bars):
        h = count / peak * (bottom - top - 14)
        bx, mid = left + i * slot + slot * 0.12, left + (i + 0.5) * slot
        parts.append(f'<rect x="{bx:.1f}" y="{bottom - h:.1f}" width="{slot * 0.76:.1f}"'
                     f' height="{h:.1f}" class="bar"/>'
                     f'<text x="{mid:.1f}" y="{bottom + 16}" text-anchor="middle">{escape(label)}</text>')
        if count:
            parts.append(f'<text x="{mid:.1f}" y="{bottom - h - 4:.1f}" text-anchor="middle">{count}</text>')
    parts.append(f'<text x="{(left + right) / 2}" y="{height - 4}" text-anchor="middle" class="label">{escape(x_label)}</text>'
                 f'<text x="14" y="{(top + bottom) / 2}" text-anchor="middle" class="label" '
                 f'transform="rotate(-90 14 {(top + bottom) / 2})">{escape(y_label)}</text></svg>')
    return Markup("".join(parts))
