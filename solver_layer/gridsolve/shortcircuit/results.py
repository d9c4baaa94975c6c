"""Short-circuit results: numpy arrays in engineering units, with dict/CSV/table views."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np

BUS_FIELDS = ("ikss_ka", "ip_ka", "ith_ka", "ib_ka", "ik_ka", "skss_mva", "rk_ohm", "xk_ohm", "kappa",
              "ikss_vs_ka", "ikss_cs_ka", "rk2_ohm", "xk2_ohm", "rk0_ohm", "xk0_ohm", "ike_ka")


def _num(x: Any) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


@dataclass
class ShortCircuitResult:
    fault: str
    case: str
    ip_method: str
    tk_s: float
    base_mva: float
    networks: Any  # SequenceNetworks
    report_ids: list[str]
    report_idx: np.ndarray  # compiled bus per reported id (-1 out of service)
    report_ok: np.ndarray  # energized
    fault_buses: np.ndarray  # compiled buses faulted (sorted)
    values: dict[str, np.ndarray]  # per faulted compiled bus
    phase_i: np.ndarray  # (n_fault, 3) complex kA at the fault, phases a b c
    phase_v: np.ndarray  # (n_fault, 3) complex pu of Un/sqrt(3), phases a b c
    seq_i: np.ndarray  # (n_fault, 3) complex kA, sequences 0 1 2
    source_ids: list[str]
    source_kind: list[str]
    source_contrib: np.ndarray  # (n_fault, n_source, 3) complex kA
    branch_max_from: np.ndarray
    branch_max_to: np.ndarray
    branch_arg_from: np.ndarray
    branch_arg_to: np.ndarray
    incident: list
    details: dict
    energized_local: np.ndarray
    violations: list[dict]
    notes: list[str] = field(default_factory=list)
    wall_time_s: float = 0.0
    r_fault_ohm: float = 0.0
    x_fault_ohm: float = 0.0
    near: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # per faulted bus (IEC 60909-0 §3.16)
    decay: list = field(default_factory=list)  # per faulted bus: the machines' mu, q, lambda (3ph near to generator)
    motors_negligible: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    motors_neglected: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    steady_state_rule: list = field(default_factory=list)

    # ---- lookups -------------------------------------------------------------------------
    def _row(self, bus_id: str) -> int | None:
        k = self.report_ids.index(bus_id)
        if not self.report_ok[k]:
            return None
        return int(np.searchsorted(self.fault_buses, self.report_idx[k]))

    def value(self, bus_id: str, name: str = "ikss_ka") -> float:
        row = self._row(bus_id)
        return float("nan") if row is None else float(self.values[name][row])

    def array(self, name: str = "ikss_ka") -> np.ndarray:
        """Values in `report_ids` order (NaN for de-energized buses)."""
        out = np.full(len(self.report_ids), np.nan)
        rows = np.searchsorted(self.fault_buses, self.report_idx[self.report_ok])
        out[self.report_ok] = self.values[name][rows]
        return out

    def sequence_networks(self, zero_sequence: bool | None = None) -> dict:
        """Per element and sequence: impedances and connectivity (for the browser).

        By default the networks the study used (zero sequence only for earth faults);
        `zero_sequence=True` adds it (missing data listed) from the same compiled network."""
        networks = self.networks.with_zero_sequence() if zero_sequence else self.networks
        return networks.to_dict()

    # ---- views ---------------------------------------------------------------------------
    def _branch_meta(self):
        return self.networks.branch_meta()

    def bus_rows(self) -> list[dict]:
        meta = self._branch_meta()
        rows = []
        zero = self.fault in ("1ph", "2phg")
        for k, bid in enumerate(self.report_ids):
            row: dict[str, Any] = {"id": bid, "vn_kv": None, "energized": bool(self.report_ok[k])}
            if not self.report_ok[k]:
                rows.append(row)
                continue
            r = int(np.searchsorted(self.fault_buses, self.report_idx[k]))
            b = int(self.report_idx[k])
            row["vn_kv"] = float(self.networks.vn_kv[b])
            row["c"] = float(self.networks.c[b])
            for name in BUS_FIELDS:
                if name in ("rk0_ohm", "xk0_ohm", "ike_ka") and not zero:
                    continue
                row[name] = _num(self.values[name][r])
            ia = self.phase_i[r]
            va = self.phase_v[r]
            row["phases"] = {
                "i_ka": [float(abs(x)) for x in ia], "i_deg": [float(np.angle(x, deg=True)) for x in ia],
                "v_pu": [float(abs(x)) for x in va], "v_deg": [float(np.angle(x, deg=True)) for x in va],
            }
            self._iec_details(row, r, b)
            row["contributions"] = (
                [{"element": self.source_ids[s], "kind": self.source_kind[s],
                  "i_ka": [float(abs(x)) for x in self.source_contrib[r, s]]}
                 for s in range(len(self.source_ids)) if np.any(np.abs(self.source_contrib[r, s]) > 1e-9)]
                + [{"element": meta[0], "kind": meta[1], "end": end,
                    "i_ka": [float(abs(x)) for x in ph]}
                   for (kbr, end, ph), meta in ((inc, meta[inc[0]]) for inc in self.incident[r])
                   if np.any(np.abs(ph) > 1e-9)]
            )
            rows.append(row)
        return rows

    def _iec_details(self, row: dict[str, Any], r: int, bus: int) -> None:
        """Which IEC 60909 rules and corrections the fault at this bus used."""
        if not len(self.near):
            return
        row["near_to_generator"] = bool(self.near[r])
        row["ik_rule"] = self.steady_state_rule[r]
        units = {v.unit.lv_bus: v.unit for v in self.networks.units}
        if bus in units:
            u = units[bus]
            row["inside_unit"] = {"generator": u.generator_id, "transformer": u.transformer_id,
                                  "factors": [u.factors.generator[0], u.factors.transformer[0]]}
        if self.networks.motors_present or np.any(self.motors_neglected):
            row["motors_negligible"] = bool(self.motors_negligible[r])
            row["motors_neglected"] = bool(self.motors_neglected[r])
        if self.decay[r]:
            row["decay"] = self.decay[r]

    def branch_rows(self) -> list[dict]:
        fb = self.fault_buses
        ids = self.networks.compiled.bus_ids
        rows = []
        for k, (eid, kind, f, t) in enumerate(self._branch_meta()):
            rows.append({
                "id": eid, "kind": kind, "from_bus": f, "to_bus": t,
                "ikss_from_ka": float(self.branch_max_from[k]), "ikss_to_ka": float(self.branch_max_to[k]),
                "fault_bus_from": ids[fb[self.branch_arg_from[k]]] if self.branch_arg_from[k] >= 0 else None,
                "fault_bus_to": ids[fb[self.branch_arg_to[k]]] if self.branch_arg_to[k] >= 0 else None,
            })
        return rows

    def fault_details(self) -> list[dict]:
        """Per-fault branch currents, source contributions and post-fault voltages (when kept)."""
        ids = self.networks.compiled.bus_ids
        e = self.energized_local
        meta = self._branch_meta()
        out = []
        for r, d in sorted(self.details.items()):
            out.append({
                "bus": ids[self.fault_buses[r]],
                "branches": [{"id": m[0], "from_bus": m[2], "to_bus": m[3],
                              "i_from_ka": [float(abs(x)) for x in d["branch_from"][k]],
                              "i_to_ka": [float(abs(x)) for x in d["branch_to"][k]]} for k, m in enumerate(meta)],
                "voltages": [{"bus": ids[b], "v_pu": [float(abs(x)) for x in d["v_phase"][j]]}
                             for j, b in enumerate(e) if not self.networks.compiled.internal_bus[b]],
            })
        return out

    def to_dict(self) -> dict:
        return {
            "fault": self.fault, "case": self.case, "ip_method": self.ip_method, "tk_s": self.tk_s,
            "standard": "IEC 60909-0:2016 (equivalent voltage source at the fault)",
            "r_fault_ohm": self.r_fault_ohm, "x_fault_ohm": self.x_fault_ohm,
            "buses": self.bus_rows(), "branches": self.branch_rows(), "faults": self.fault_details(),
            "breaker_violations": self.violations, "notes": self.notes,
            "corrections": self.networks.corrections,
            "wall_time_s": self.wall_time_s,
        }

    def buses_csv(self) -> str:
        buf = io.StringIO()
        cols = ["id", "vn_kv", "energized"] + [f for f in BUS_FIELDS
                                               if self.fault in ("1ph", "2phg") or f not in
                                               ("rk0_ohm", "xk0_ohm", "ike_ka")]
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for row in self.bus_rows():
            w.writerow(["" if row.get(c) is None else row.get(c) for c in cols])
        return buf.getvalue()

    def branches_csv(self) -> str:
        buf = io.StringIO()
        rows = self.branch_rows()
        cols = ["id", "kind", "from_bus", "to_bus", "ikss_from_ka", "ikss_to_ka", "fault_bus_from", "fault_bus_to"]
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for row in rows:
            w.writerow(["" if row[c] is None else row[c] for c in cols])
        return buf.getvalue()

    def table(self) -> str:
        lines = [f"IEC 60909 short circuit: fault {self.fault}, case {self.case}, ip method {self.ip_method}, "
                 f"tk {self.tk_s} s, time {self.wall_time_s * 1000:.1f} ms", "",
                 "{:>12} {:>8} {:>9} {:>9} {:>9} {:>9} {:>10} {:>10} {:>10}".format(
                     "bus", "Un kV", "Ik'' kA", "ip kA", "ib kA", "ith kA", "Sk'' MVA", "Rk ohm", "Xk ohm")]
        for row in self.bus_rows():
            if not row["energized"]:
                lines.append(f"{row['id']:>12}  de-energized")
                continue

            def f(x, w=9, p=4):
                return f"{x:{w}.{p}f}" if x is not None else " " * (w - 1) + "-"
            lines.append(f"{row['id']:>12} {row['vn_kv']:8.2f} {f(row['ikss_ka'])} {f(row['ip_ka'])} "
                         f"{f(row['ib_ka'])} {f(row['ith_ka'])} {f(row['skss_mva'], 10, 3)} "
                         f"{f(row['rk_ohm'], 10)} {f(row['xk_ohm'], 10)}")
        if self.violations:
            lines += ["", "breaker duty violations:"]
            lines += [f"  {v['switch']} at {v['bus']}: {v['quantity']} {v['value_ka']:.3f} kA > "
                      f"{v['rating_field']} {v['rating_ka']:.3f} kA" for v in self.violations]
        if self.notes:
            lines += [""] + [f"note: {n}" for n in self.notes]
        return "\n".join(lines) + "\n"
