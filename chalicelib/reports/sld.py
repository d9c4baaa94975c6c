"""The single-line diagram as SVG, drawn from the network and the project's diagram (buses it does not place
are laid out with `projects.layout`), with a study's results on it: each study type's renderer gives an
`Overlay` (text and colour per bus and per branch, a legend).

Bus bars are drawn at their diagram position, length and rotation; branches as straight wires between their
buses (through the diagram's waypoints where it has them), transformers with the two-circle symbol, sources
as a circled G (generator) or a hatched box (external grid), loads as an arrow. Labels are drawn while the
network is small enough to read them (`LABEL_LIMIT` buses); larger ones keep the colours and the legend.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape

from chalicelib.engine import Network
from chalicelib.projects import layout
from chalicelib.projects.diagram import Diagram, Placement

LABEL_LIMIT = 150
DEFAULT_BAR = 70.0
GREY = "#555"


@dataclass
class Overlay:
    """What a study puts on the diagram."""

    bus_text: dict[str, str] = field(default_factory=dict)
    bus_color: dict[str, str] = field(default_factory=dict)
    branch_text: dict[str, str] = field(default_factory=dict)
    branch_color: dict[str, str] = field(default_factory=dict)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, meaning)
    caption: str = ""


@dataclass(frozen=True)
class Wire:
    id: str
    a: str
    b: str
    kind: str  # line | transformer | transformer3w | impedance_branch | switch


def wires(net: Network) -> Iterator[Wire]:
    for ln in net.lines:
        yield Wire(ln.id, ln.from_bus, ln.to_bus, "line")
    for br in net.impedance_branches:
        yield Wire(br.id, br.from_bus, br.to_bus, "impedance_branch")
    for tr in net.transformers:
        yield Wire(tr.id, tr.hv_bus, tr.lv_bus, "transformer")
    for t3 in net.transformers3w:
        yield Wire(t3.id, t3.hv_bus, t3.mv_bus, "transformer3w")
        yield Wire(t3.id, t3.hv_bus, t3.lv_bus, "transformer3w")
    for sw in net.switches:
        if sw.et == "bus":
            yield Wire(sw.id, sw.bus, sw.element, "switch")


class Drawing:
    """Coordinates of the completed diagram and the scale of text and strokes on the page."""

    def __init__(self, net: Network, diagram: Diagram) -> None:
        self.net = net
        self.places: dict[str, Placement] = layout.complete(net, diagram).elements
        xs = [p.x for b in net.buses if (p := self.places.get(b.id)) and p.x is not None]
        ys = [p.y for b in net.buses if (p := self.places.get(b.id)) and p.y is not None]
        pad = DEFAULT_BAR
        self.x0, self.y0 = (min(xs) - pad, min(ys) - pad) if xs else (0.0, 0.0)
        self.w = max((max(xs) + pad - self.x0) if xs else 100.0, 200.0)
        self.h = max((max(ys) + pad - self.y0) if ys else 100.0, 150.0)
        self.unit = max(self.w / 760.0, self.h / 520.0)  # user units per point on a landscape A4 page
        self.labels = len(net.buses) <= LABEL_LIMIT

    def xy(self, bus: str) -> tuple[float, float]:
        p = self.places.get(bus)
        return (p.x or 0.0, p.y or 0.0) if p else (0.0, 0.0)

    def bar(self, bus: str) -> tuple[float, float, float, float]:
        p = self.places.get(bus) or Placement()
        half = (p.length or DEFAULT_BAR) / 2
        x, y = self.xy(bus)
        if p.rotation in (90, 270):
            return x, y - half, x, y + half
        return x - half, y, x + half, y


    def attach(self, bus: str, toward: tuple[float, float]) -> tuple[float, float]:
        """Where a wire meets the bar: the point of the bar nearest to where the wire comes from."""
        x1, y1, x2, y2 = self.bar(bus)
        inset = min(6.0, abs(x2 - x1 + y2 - y1) / 4)
        if x1 == x2:
            return x1, min(max(toward[1], min(y1, y2) + inset), max(y1, y2) - inset)
        return min(max(toward[0], min(x1, x2) + inset), max(x1, x2) - inset), y1


def _wire_path(d: Drawing, w: Wire) -> list[tuple[float, float]]:
    place = d.places.get(w.id)
    middle = [(float(x), float(y)) for x, y in place.waypoints] if place is not None and \
        w.kind != "transformer3w" else []
    a, b = d.xy(w.a), d.xy(w.b)
    start = d.attach(w.a, middle[0] if middle else b)
    end = d.attach(w.b, middle[-1] if middle else a)
    return [start, *middle, end]


def _wire_svg(d: Drawing, w: Wire, overlay: Overlay) -> list[str]:
    pts = _wire_path(d, w)
    color = overlay.branch_color.get(w.id, GREY)
    sw = 1.2 * d.unit if d.labels else 0.6 * d.unit
    dash = f' stroke-dasharray="{3 * d.unit:.1f},{2 * d.unit:.1f}"' if w.kind == "switch" else ""
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
    out = [f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="{sw:.2f}"{dash}/>']
    mid = _midpoint(pts)
    if w.kind in ("transformer", "transformer3w") and d.labels:
        r = 4.5 * d.unit
        out.append(f'<circle cx="{mid[0]:.1f}" cy="{mid[1] - r * 0.6:.1f}" r="{r:.1f}" fill="white" '
                   f'stroke="{color}" stroke-width="{sw:.2f}"/>')
        out.append(f'<circle cx="{mid[0]:.1f}" cy="{mid[1] + r * 0.6:.1f}" r="{r:.1f}" fill="none" '
                   f'stroke="{color}" stroke-width="{sw:.2f}"/>')
    text = overlay.branch_text.get(w.id)
    if text and d.labels:
        out.append(_text(mid[0] + 6 * d.unit, mid[1] - 3 * d.unit, text, 5.5 * d.unit, color))
    return out


def _midpoint(pts: list[tuple[float, float]]) -> tuple[float, float]:
    lengths = [math.dist(a, b) for a, b in zip(pts, pts[1:], strict=False)]
    half, acc = sum(lengths) / 2, 0.0
    for (a, b), seg in zip(zip(pts, pts[1:], strict=False), lengths, strict=False):
        if acc + seg >= half and seg > 0:
            t = (half - acc) / seg
            return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        acc += seg
    return pts[0]


def _text(x: float, y: float, text: str, size: float, color: str = "#111", anchor: str = "start") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:.1f}" fill="{color}" text-anchor="{anchor}">'
            f'{escape(text)}</text>')


def _bus_svg(d: Drawing, bus_id: str, name: str, overlay: Overlay) -> list[str]:
    color = overlay.bus_color.get(bus_id, "#111")
    x1, y1, x2, y2 = d.bar(bus_id)
    if not d.labels:
        x, y = d.xy(bus_id)
        return [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{2.2 * d.unit:.1f}" fill="{color}"/>']
    out = [f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{color}" '
           f'stroke-width="{3.2 * d.unit:.1f}" stroke-linecap="butt"/>']
    out.append(_text(x1, y1 - 4 * d.unit, name, 6.5 * d.unit, "#111"))
    value = overlay.bus_text.get(bus_id)
    if value:
        out.append(_text(x1, max(y1, y2) + 8.5 * d.unit, value, 6 * d.unit, color))
    return out


def _equipment_svg(d: Drawing) -> list[str]:
    """Sources and loads hang below their bus (small networks only)."""
    out: list[str] = []
    if not d.labels:
        return out
    u = d.unit
    for g in d.net.generators:
        x, y = d.xy(g.bus)
        out += [f'<line x1="{x + 20 * u:.1f}" y1="{y:.1f}" x2="{x + 20 * u:.1f}" y2="{y - 14 * u:.1f}" '
                f'stroke="{GREY}" stroke-width="{0.8 * u:.2f}"/>',
                f'<circle cx="{x + 20 * u:.1f}" cy="{y - 19 * u:.1f}" r="{5 * u:.1f}" fill="white" stroke="{GREY}" '
                f'stroke-width="{0.8 * u:.2f}"/>', _text(x + 20 * u, y - 17 * u, "G", 6 * u, GREY, "middle")]
    for eg in d.net.external_grids:
        x, y = d.xy(eg.bus)
        out += [f'<rect x="{x - 26 * u:.1f}" y="{y - 22 * u:.1f}" width="{12 * u:.1f}" height="{10 * u:.1f}" '
                f'fill="#ddd" stroke="{GREY}" stroke-width="{0.8 * u:.2f}"/>',
                f'<line x1="{x - 20 * u:.1f}" y1="{y - 12 * u:.1f}" x2="{x - 20 * u:.1f}" y2="{y:.1f}" '
                f'stroke="{GREY}" stroke-width="{0.8 * u:.2f}"/>']
    for ld in d.net.loads:
        x, y = d.xy(ld.bus)
        out.append(f'<polygon points="{x - 14 * u:.1f},{y + 12 * u:.1f} {x - 10 * u:.1f},{y + 12 * u:.1f} '
                   f'{x - 12 * u:.1f},{y + 16 * u:.1f}" fill="{GREY}"/>')
        out.append(f'<line x1="{x - 12 * u:.1f}" y1="{y:.1f}" x2="{x - 12 * u:.1f}" y2="{y + 12 * u:.1f}" '
                   f'stroke="{GREY}" stroke-width="{0.8 * u:.2f}"/>')
    return out


def _legend_svg(d: Drawing, overlay: Overlay) -> list[str]:
    """One row of colour keys below the drawing."""
    u, out = d.unit, []
    x, y = d.x0 + 6 * u, d.y0 + d.h + 12 * u
    for color, meaning in overlay.legend:
        out.append(f'<rect x="{x:.1f}" y="{y - 6 * u:.1f}" width="{10 * u:.1f}" height="{6 * u:.1f}" '
                   f'fill="{color}"/>')
        out.append(_text(x + 14 * u, y, meaning, 6.5 * u))
        x += (24 + 4.2 * len(meaning)) * u
    return out


def sld_svg(net: Network, diagram: Diagram, overlay: Overlay) -> str:
    d = Drawing(net, diagram)
    parts: list[str] = []
    for w in wires(net):
        parts += _wire_svg(d, w, overlay)
    parts += _equipment_svg(d)
    for b in net.buses:
        parts += _bus_svg(d, b.id, b.name or b.id, overlay)
    parts += _legend_svg(d, overlay)
    height = d.h + (20 * d.unit if overlay.legend else 0)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{d.x0:.1f} {d.y0:.1f} {d.w:.1f} {height:.1f}" '
            f'preserveAspectRatio="xMidYMid meet" font-family="DejaVu Sans, sans-serif">{"".join(parts)}</svg>')


# --------------------------------------------------------------------------- colour scales shared by overlays

OK, WARN, BAD, LOW, OFF = "#1e8449", "#d68910", "#c0392b", "#2874a6", "#aaaaaa"
NORMAL = "#8c8c8c"  # a branch loaded normally: grey, so that the buses' colours and the overloads stand out


def voltage_color(vm: float | None, vmin: float, vmax: float) -> str:
    if vm is None or vm <= 0:
        return OFF
    if vm < vmin:
        return LOW
    if vm > vmax:
        return BAD
    return OK


def loading_color(pct: float | None, limit: float) -> str:
    if pct is None:
        return GREY
    if pct > limit:
        return BAD
    return WARN if pct > 0.8 * limit else NORMAL
