"""The study's sequence networks for IEC 60909: voltage factors, energized buses, the browser's view.

The networks themselves are filled by the compile stage `gridsolve.sequences.compile_sequences`
from the element models in `gridsolve.branch_models` (IEC 60909-0 conventions as pandapower
implements them, so that results can be compared bus by bus):

* loads, line capacitances (positive/negative sequence), transformer magnetizing branches and
  shunts are neglected; transformers use their rated ratio (taps ignored) and no phase shift;
* external grids are the impedance c*Un^2/S''k behind the fault; synchronous generators are
  K_G*(R_G + jX''d); asynchronous motors (max case only) Z_M = Un^2/(I_LR/I_rM * S_rM);
* transformers get the correction factor K_T (max case); line resistance is taken at the end
  temperature `endtemp_degree` in the min case;
* static generators (inverters) are current sources k*I_n (max case), not impedances;
* the zero sequence follows the transformer vector group and neutral earthing (YN/ZN earthed,
  D/Y blocking), lines use r0/x0/c0, external grids X0/X and R0/X0.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from ..compile import CompiledNetwork, compile_network
from ..errors import StudyInputError
from ..model import Network
from ..sequences import (
    CompiledSequences,
    CurrentSource,
    SequenceNetwork,
    SourceInfo,
    UnitVariant,
    compile_sequences,
    source_info,
)

SQRT3 = np.sqrt(3.0)
CASES = ("max", "min")
SEQUENCE_NAMES = {1: "positive", 2: "negative", 0: "zero"}


def c_factors(vn_kv: np.ndarray, lv_tol_percent: float = 10) -> tuple[np.ndarray, np.ndarray]:
    """Voltage factors c_max and c_min per bus (IEC 60909-0:2016, table 1).

    Above 1 kV: c_max 1.10, c_min 1.00. Low voltage: c_max 1.05 / c_min 0.95 for a 6 % tolerance,
    c_max 1.10 / c_min 0.90 for 10 % (the 2016 edition's values, as pandapower uses).
    """
    if lv_tol_percent == 10:
        lv_max, lv_min = 1.10, 0.90
    elif lv_tol_percent == 6:
        lv_max, lv_min = 1.05, 0.95
    else:
        raise StudyInputError("the low-voltage tolerance must be 6 or 10 % (IEC 60909-0 table 1)",
                              field="lv_tol_percent")
    lv = vn_kv < 1.0
    return np.where(lv, lv_max, 1.10), np.where(lv, lv_min, 1.00)


@dataclass
class SequenceNetworks:
    """The study's sequence networks on the compiled bus indexing and branch rows."""

    compiled: CompiledNetwork
    case: str
    vn_kv: np.ndarray
    c: np.ndarray  # c factor per bus (for the chosen case)
    c_max: np.ndarray
    seq: dict[int, SequenceNetwork]
    peak: SequenceNetwork  # positive sequence for the peak current (method C scales its X separately)
    sources: list[SourceInfo]
    current_sources: list[CurrentSource]
    energized: np.ndarray  # bool per compiled bus
    z0_complete: bool
    z0_missing: list[tuple[str, str]]
    negative_equals_positive: bool
    notes: list[str] = field(default_factory=list)
    motors_present: bool = False
    lv_tol_percent: float = 10
    c_factor: float | None = None
    has_zero_sequence: bool = True  # whether the zero sequence was built
    units: list[UnitVariant] = field(default_factory=list)  # power station units
    corrections: list[dict] = field(default_factory=list)  # every correction factor applied, per element
    detect_units: bool = False
    inside_unit: str | None = None  # the generator id when these are the networks for a fault inside its unit

    @property
    def n_bus(self) -> int:
        return len(self.vn_kv)

    def branch_kinds(self) -> list[str]:
        """Each branch row's kind as results name it (a 3-winding transformer's legs: transformer3w)."""
        return ["transformer3w" if k.startswith("transformer3w") else k for k in self.compiled.branches.kind]

    def branch_meta(self) -> list[tuple[str, str, str, str]]:
        """(element id, kind, from bus id, to bus id) per branch row."""
        ids, br = self.compiled.bus_ids, self.compiled.branches
        return [(eid, kind, ids[f], ids[t])
                for eid, kind, f, t in zip(br.element_id, self.branch_kinds(), br.f, br.t, strict=True)]

    def _z_ohm(self, z: complex, bus: int) -> tuple[float, float]:
        zb = self.vn_kv[bus] ** 2 / self.compiled.base_mva
        return float(z.real * zb), float(z.imag * zb)

    def _elements(self, sq: SequenceNetwork) -> list[dict]:
        ids, br = self.compiled.bus_ids, self.compiled.branches
        kinds = self.branch_kinds()
        elements = []
        for k in np.flatnonzero(sq.has_series):
            z = complex(sq.z[k])
            r_ohm, x_ohm = self._z_ohm(z, br.t[k])
            elements.append({"id": br.element_id[k], "kind": kinds[k], "from_bus": ids[br.f[k]],
                             "to_bus": ids[br.t[k]], "r_pu": float(z.real), "x_pu": float(z.imag),
                             "r_ohm": r_ohm, "x_ohm": x_ohm, "ratio": float(sq.ratio[k])})
        sh = sq.shunts
        for j in range(len(sh.kind)):
            y = complex(sh.y[j])
            z = 1 / y if y != 0 else complex(np.inf, np.inf)
            r_ohm, x_ohm = self._z_ohm(z, sh.bus[j])
            elements.append({"id": sh.element_id[j], "kind": sh.kind[j], "from_bus": ids[sh.bus[j]], "to_bus": None,
                             "r_pu": float(z.real), "x_pu": float(z.imag), "r_ohm": r_ohm, "x_ohm": x_ohm})
        return elements

    def to_dict(self) -> dict:
        """Per element and per sequence: connectivity and impedances, for the browser."""
        ids = self.compiled.bus_ids
        return {"base_mva": self.compiled.base_mva, "case": self.case,
                "buses": [{"id": ids[k], "vn_kv": float(self.vn_kv[k]), "c": float(self.c[k]),
                           "energized": bool(self.energized[k])} for k in range(self.n_bus)],
                "z0_complete": bool(self.z0_complete),
                "z0_missing": [{"element_id": e, "field": f} for e, f in self.z0_missing],
                "notes": list(self.notes),
                "sequences": {SEQUENCE_NAMES[s]: self._elements(sq) for s, sq in self.seq.items()}}

    def with_zero_sequence(self) -> SequenceNetworks:
        """The same networks including the zero sequence (missing data listed), without recompiling."""
        if self.has_zero_sequence:
            return self
        return sequence_networks(self.compiled, case=self.case, lv_tol_percent=self.lv_tol_percent,
                                 c_factor=self.c_factor, zero_sequence=True, detect_units=self.detect_units)

    def inside(self, variant: UnitVariant) -> SequenceNetworks:
        """The networks for a fault between the unit's generator and transformer (IEC 60909-0 §6.7):
        the transformer with K_T,S | K_T,SO, the generator with K_G,S | K_G,SO, and c U_rG at the LV bus."""
        gen, row, gid = variant.generator, variant.unit.row, variant.unit.generator_id

        def changed(sq: SequenceNetwork, z_gen: complex) -> SequenceNetwork:
            z = sq.z.copy()
            z[row] = variant.z_transformer
            y = sq.shunts.y.copy()
            y[[j for j, e in enumerate(sq.shunts.element_id) if e == gid]] = 1 / z_gen
            return replace(sq, z=z, shunts=replace(sq.shunts, y=y))

        sources = list(self.sources)
        src = sources[variant.source]
        sources[variant.source] = source_info(src.element_id, src.kind, src.bus, gen)
        c = self.c.copy()
        c[variant.unit.lv_bus] *= variant.c_scale
        return replace(self, seq={1: changed(self.seq[1], gen.z1), 2: changed(self.seq[2], gen.z2), 0: self.seq[0]},
                       peak=changed(self.peak, gen.zp), sources=sources, c=c, inside_unit=gid)

    def without_motors(self) -> SequenceNetworks:
        """The same networks without motor contributions (where IEC 60909-0 §6.8 allows neglecting them)."""
        keep = [j for j, s in enumerate(self.sources) if s.kind != "motor"]
        return replace(self, seq={s: sq.without("motor") for s, sq in self.seq.items()},
                       peak=self.peak.without("motor"), sources=[self.sources[j] for j in keep], motors_present=False)

    def meshed(self) -> bool:
        """Whether the energized branch graph has a loop (parallel branches count): IEC 60909-0 §10.2.3's
        meshed network, where Ik = I''kM rather than the sum of the sources' steady-state currents."""
        br = self.compiled.branches
        on = self.energized[br.f] & self.energized[br.t]
        n = self.n_bus
        adj = sp.csr_matrix((np.ones(int(on.sum())), (br.f[on], br.t[on])), shape=(n, n))
        n_comp, labels = connected_components(adj, directed=False)
        edges = np.bincount(labels[br.f[on]], minlength=n_comp)
        nodes = np.bincount(labels, minlength=n_comp)
        return bool(np.any(edges >= nodes))


def voltage_factors(vn_kv: np.ndarray, case: str, lv_tol_percent: float, c_factor: float | None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """c for the case and c_max per bus; `c_factor` overrides both at every level."""
    c_max, c_min = c_factors(vn_kv, lv_tol_percent)
    if c_factor is not None:
        if not 0.5 <= c_factor <= 1.5:
            raise StudyInputError("c_factor must lie between 0.5 and 1.5", field="c_factor")
        c_max = np.full(len(vn_kv), float(c_factor))
        c_min = np.full(len(vn_kv), float(c_factor))
    return (c_max if case == "max" else c_min), c_max


def energized_buses(cn: CompiledNetwork, sources: list[SourceInfo]) -> np.ndarray:
    """Buses connected over branches to a voltage source (bool per compiled bus)."""
    n = cn.n_bus
    adj = sp.csr_matrix((np.ones(len(cn.branches.f)), (cn.branches.f, cn.branches.t)), shape=(n, n))
    _, labels = connected_components(adj, directed=False)
    fed = np.zeros(labels.max() + 1 if n else 0, dtype=bool)
    fed[labels[[s.bus for s in sources]]] = True
    return fed[labels]


def sequence_networks(cn: CompiledNetwork, case: str = "max", lv_tol_percent: float = 10,
                      c_factor: float | None = None, zero_sequence: bool = True, detect_units: bool = False
                      ) -> SequenceNetworks:
    """The sequence networks of a compiled network for `case` (compile stage plus the study's checks)."""
    if case not in CASES:
        raise StudyInputError("case must be 'max' or 'min'", field="case")
    vn = cn.vn_kv.astype(float)
    for k in np.flatnonzero(vn <= 0)[:1]:
        raise StudyInputError("short-circuit studies need each bus's nominal voltage", element_id=cn.bus_ids[k],
                              field="vn_kv")
    c, c_max = voltage_factors(vn, case, lv_tol_percent, c_factor)
    cs: CompiledSequences = compile_sequences(cn, case=case, c=c, c_max=c_max, zero_sequence=zero_sequence,
                                              detect_units=detect_units)
    if not cs.sources:
        raise StudyInputError("the network has no short-circuit source (external grid, synchronous generator or "
                              "motor in service)", field="external_grids")
    return SequenceNetworks(
        compiled=cn, case=case, vn_kv=vn, c=c, c_max=c_max, seq={1: cs.positive, 2: cs.negative, 0: cs.zero},
        peak=cs.peak, sources=cs.sources, current_sources=cs.current_sources,
        energized=energized_buses(cn, cs.sources), z0_complete=zero_sequence and not cs.z0_missing,
        z0_missing=cs.z0_missing, negative_equals_positive=cs.negative_equals_positive, notes=cs.notes,
        motors_present=cs.motors_present, lv_tol_percent=lv_tol_percent, c_factor=c_factor,
        has_zero_sequence=zero_sequence, units=cs.units, corrections=cs.corrections, detect_units=detect_units,
    )


def build_sequence_networks(
    net: Network,
    case: str = "max",
    lv_tol_percent: float = 10,
    c_factor: float | None = None,
    zero_sequence: bool = True,
    compiled: CompiledNetwork | None = None,
    detect_units: bool = False,
) -> SequenceNetworks:
    """Positive-, negative- and (optionally) zero-sequence networks of `net` for `case`."""
    if case not in CASES:
        raise StudyInputError("case must be 'max' or 'min'", field="case")
    cn = compiled if compiled is not None else compile_network(net)
    return sequence_networks(cn, case, lv_tol_percent, c_factor, zero_sequence, detect_units)
