"""Plots as SVG, written by hand (no plotting library in the runtime): linear and logarithmic axes with ticks
and a grid, polylines, markers, horizontal limit lines and a legend. Used for the voltage profile and the
time-current characteristics (TCC) of protection studies."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

PALETTE = ("#1f5fa8", "#c0392b", "#27864a", "#8e44ad", "#d35400", "#16a085", "#7f8c8d", "#b7950b", "#2c3e50",
           "#e84393")


@dataclass
class Axis:
    lo: float
    hi: float
    label: str
    log: bool = False
    integer: bool = False
    #: Tick labels at integer positions (e.g. bus ids), used when there are few.
    names: list[str] | None = None

    def __post_init__(self) -> None:
        if self.log:
            self.lo, self.hi = max(self.lo, 1e-12), max(self.hi, self.lo * 10)
        if self.hi <= self.lo:
            self.hi = self.lo + (abs(self.lo) * 0.1 or 1.0)

    def frac(self, v: float) -> float:
        if self.log:
            return (math.log10(max(v, 1e-300)) - math.log10(self.lo)) / (math.log10(self.hi) - math.log10(self.lo))
        return (v - self.lo) / (self.hi - self.lo)

    def ticks(self) -> list[float]:
        if self.log:
            return [10.0 ** k for k in range(math.floor(math.log10(self.lo)), math.ceil(math.log10(self.hi)) + 1)
                    if self.lo * 0.999 <= 10.0 ** k <= self.hi * 1.001]
        if self.names is not None:
            return [float(k) for k in range(len(self.names))]
        raw = (self.hi - self.lo) / 6
        mag = 10 ** math.floor(math.log10(raw))
        step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw and (not self.integer or m * mag >= 1))
        first = math.ceil(self.lo / step) * step
        return [round(first + k * step, 10) for k in range(int((self.hi - first) / step + 1e-9) + 1)]


def tick_label(v: float, log: bool, names: list[str] | None = None) -> str:
    if names is not None:
        return escape(names[int(v)][:10]) if 0 <= int(v) < len(names) else ""
    if log:
        return f"{v:g}" if 1e-3 <= v < 1e5 else f"1e{int(round(math.log10(v)))}"
    return f"{v:.10g}"


@dataclass
class Chart:
    x: Axis
    y: Axis
    width: float = 640.0
    height: float = 360.0
    margin: tuple[float, float, float, float] = (16.0, 16.0, 46.0, 62.0)  # top, right, bottom, left
    parts: list[str] = field(default_factory=list)
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # color, dash, label

    def _px(self, x: float, y: float) -> tuple[float, float]:
        top, right, bottom, left = self.margin
        w, h = self.width - left - right, self.height - top - bottom
        return left + self.x.frac(x) * w, top + (1 - self.y.frac(y)) * h

    def line(self, xs: list[float], ys: list[float | None], color: str, width: float = 1.4, dash: str = "",
             label: str = "") -> None:
        """A polyline; None values break it."""
        run: list[str] = []
        for x, y in zip(xs, ys, strict=False):
            if y is None or not (math.isfinite(x) and math.isfinite(y)) or (self.y.log and y <= 0) or (
                    self.x.log and x <= 0):
                self._flush(run, color, width, dash)
                run = []
                continue
            px, py = self._px(x, y)
            run.append(f"{px:.1f},{py:.1f}")
        self._flush(run, color, width, dash)
        if label:
            self.legend.append((color, dash, label))

    def _flush(self, run: list[str], color: str, width: float, dash: str) -> None:
        if len(run) > 1:
            d = f' stroke-dasharray="{dash}"' if dash else ""
            self.parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" '
                              f'stroke-width="{width}"{d} stroke-linejoin="round"/>')

    def points(self, xs: list[float], ys: list[float | None], color: str, r: float = 1.6, label: str = "") -> None:
        for x, y in zip(xs, ys, strict=False):
            if y is not None and math.isfinite(y):
                px, py = self._px(x, y)
                self.parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="{r}" fill="{color}"/>')
        if label:
            self.legend.append((color, "", label))

    def hline(self, y: float, color: str, label: str = "", dash: str = "5,3") -> None:
        self.line([self.x.lo, self.x.hi], [y, y], color, 1.0, dash, label)

    def vline(self, x: float, color: str, text: str = "", dash: str = "2,2") -> None:
        (px, top), (_, bottom) = self._px(x, self.y.hi), self._px(x, self.y.lo)
        self.parts.append(f'<line x1="{px:.1f}" y1="{top:.1f}" x2="{px:.1f}" y2="{bottom:.1f}" stroke="{color}" '
                          f'stroke-width="0.8" stroke-dasharray="{dash}"/>')
        if text:
            self.parts.append(f'<text x="{px + 2:.1f}" y="{top + 9:.1f}" font-size="7" fill="{color}">'
                              f'{escape(text)}</text>')

    def _minor(self, x0: float, x1: float, y0: float, y1: float) -> list[str]:
        """Light grid lines at 2..9 of each decade of a logarithmic axis."""
        out = []
        for axis, vertical in ((self.x, True), (self.y, False)):
            if not axis.log:
                continue
            decades = range(math.floor(math.log10(axis.lo)), math.ceil(math.log10(axis.hi)) + 1)
            for v in (m * 10.0 ** d for d in decades for m in range(2, 10)):
                if axis.lo < v < axis.hi:
                    px, py = self._px(v if vertical else self.x.lo, self.y.lo if vertical else v)
                    out.append(f'<line x1="{px:.1f}" y1="{y0}" x2="{px:.1f}" y2="{y1}" stroke="#eee" '
                               'stroke-width="0.4"/>' if vertical else
                               f'<line x1="{x0}" y1="{py:.1f}" x2="{x1}" y2="{py:.1f}" stroke="#eee" '
                               'stroke-width="0.4"/>')
        return out

    def _axes(self) -> list[str]:
        top, right, bottom, left = self.margin
        x0, x1, y0, y1 = left, self.width - right, top, self.height - bottom
        out = [f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" fill="white" stroke="#444" '
               'stroke-width="0.8"/>', *self._minor(x0, x1, y0, y1)]
        for t in self.x.ticks():
            px, _ = self._px(t, self.y.lo)
            out.append(f'<line x1="{px:.1f}" y1="{y0}" x2="{px:.1f}" y2="{y1}" stroke="#ddd" stroke-width="0.5"/>')
            out.append(f'<text x="{px:.1f}" y="{y1 + 12}" font-size="8" text-anchor="middle">'
                       f'{tick_label(t, self.x.log, self.x.names)}</text>')
        for t in self.y.ticks():
            _, py = self._px(self.x.lo, t)
            out.append(f'<line x1="{x0}" y1="{py:.1f}" x2="{x1}" y2="{py:.1f}" stroke="#ddd" stroke-width="0.5"/>')
            out.append(f'<text x="{x0 - 4}" y="{py + 3:.1f}" font-size="8" text-anchor="end">'
                       f'{tick_label(t, self.y.log)}</text>')
        out.append(f'<text x="{(x0 + x1) / 2}" y="{self.height - 8}" font-size="9" text-anchor="middle">'
                   f'{escape(self.x.label)}</text>')
        out.append(f'<text transform="translate(12,{(y0 + y1) / 2}) rotate(-90)" font-size="9" '
                   f'text-anchor="middle">{escape(self.y.label)}</text>')
        return out

    def _legend(self) -> list[str]:
        top, right, _, _ = self.margin
        out, x, y = [], self.width - right - 150, top + 8
        for color, dash, label in self.legend[:14]:
            d = f' stroke-dasharray="{dash}"' if dash else ""
            out.append(f'<line x1="{x}" y1="{y}" x2="{x + 16}" y2="{y}" stroke="{color}" stroke-width="2"{d}/>')
            out.append(f'<text x="{x + 20}" y="{y + 3}" font-size="7.5">{escape(label[:32])}</text>')
            y += 10
        if self.legend:
            h = 10 * min(len(self.legend), 14) + 4
            out.insert(0, f'<rect x="{x - 4}" y="{top + 1}" width="152" height="{h}" fill="white" '
                          'fill-opacity="0.85" stroke="#bbb" stroke-width="0.5"/>')
        return out

    def svg(self) -> str:
        top, right, bottom, left = self.margin
        clip = (f'<clipPath id="plot"><rect x="{left}" y="{top}" width="{self.width - left - right}" '
                f'height="{self.height - top - bottom}"/></clipPath>')
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
                f'width="{self.width}" height="{self.height}" font-family="DejaVu Sans, sans-serif">'
                f'<defs>{clip}</defs>{"".join(self._axes())}<g clip-path="url(#plot)">{"".join(self.parts)}</g>'
                f'{"".join(self._legend())}</svg>')


def voltage_profile(ids: list[str], vm: list[float | None], vmin: float | None, vmax: float | None) -> str:
    """|V| of every bus in the network's order, with the voltage band used for violations."""
    vals = [v for v in vm if v is not None and v > 0]
    lo = min([*vals, vmin or 1.0]) if vals else 0.9
    hi = max([*vals, vmax or 1.0]) if vals else 1.1
    pad = max(0.01, (hi - lo) * 0.08)
    names = ids if len(ids) <= 30 else None
    chart = Chart(Axis(-0.5 if names else 0, max(len(ids) - 0.5 if names else len(ids) - 1, 1),
                       "Bus" if names else f"Bus (network order, {len(ids)} buses)", integer=True, names=names),
                  Axis(lo - pad, hi + pad, "|V| (pu)"))
    xs = [float(i) for i in range(len(ids))]
    shown: list[float | None] = [v if v is not None and v > 0 else None for v in vm]
    if len(ids) <= 400:
        chart.line(xs, shown, PALETTE[0], 1.0)
    chart.points(xs, shown, PALETTE[0], 1.8 if len(ids) <= 400 else 0.9, "|V|")
    if vmin is not None:
        chart.hline(vmin, PALETTE[1], f"lower limit {vmin:g} pu")
    if vmax is not None:
        chart.hline(vmax, PALETTE[1], f"upper limit {vmax:g} pu", dash="2,2")
    return chart.svg()
