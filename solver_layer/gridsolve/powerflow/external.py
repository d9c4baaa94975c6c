"""Solving outside the engine (the browser's WebAssembly solver): the compiled network out, the solution back in.

The engine stays the only place where element formulas, bus fusion, islands, references and start voltages
are computed: `compiled_payload` hands an external solver exactly the arrays it iterates on (branch two-ports,
bus shunts, bus types, ZIP injections, start voltages, per-bus Q limits), and `result_from_solution` turns the
solved voltages back into the same `PowerFlowResult` a server-side solve gives. The solver only solves.

Payload arrays are little-endian float64 / int32, base64-encoded, in the compiled bus and branch order:
| name | dtype | length | meaning |
|---|---|---|---|
| f, t | i32 | m | from/to compiled bus of each branch two-port |
| y_branch | f64 | 8m | Yff, Yft, Ytf, Ytt of each two-port (re, im pairs), pu |
| tap | f64 | 2m | complex ideal-transformer ratio at the from end (fast-decoupled B matrices) |
| y_shunt | f64 | 2n | bus shunt admittance, pu |
| bus_type | i32 | n | 1 PQ, 2 PV, 3 reference, 0 de-energized |
| s_const, s_current, s_impedance | f64 | 2n | specified injection (pu): constant power; constant-current and |
|   |   |   | constant-impedance shares at 1 pu |
| vm_flat, va_flat | f64 | n | flat start (1 pu, reference angles plus transformer phase shifts, set points) |
| vm_warm, va_warm | f64 | n | warm start (the network's stored voltages), when it has any |
| va_dc | f64 | n | DC power-flow angles (the `dc` start, with 1 pu and the set points) |
| q_min, q_max | f64 | n | sum of the Q limits of the voltage-controlling units at each PV bus, pu (+-inf: none) |
| vm_set | f64 | n | voltage set point (a PV bus switched to PQ goes back to PV when it passes it) |
"""

from __future__ import annotations

import base64
import hashlib
import time
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..compile import NONE, PQ, PV, CompiledNetwork, compile_network
from ..errors import InvalidNetworkError
from ..model import Network
from .common import IterationRecord, SolverOutcome, mismatch
from .driver import initial_voltage, start_voltage
from .results import PowerFlowResult, build_result

FORMAT = "gridsolve-compiled"
VERSION = 1


class PayloadArray(BaseModel):
    dtype: str = Field(description="f64 or i32, little-endian")
    data: str = Field(description="base64 of the raw array")


class CompiledPayload(BaseModel):
    """The compiled network an external power-flow solver needs (see the module docstring for the arrays)."""

    model_config = ConfigDict(extra="forbid")

    format: str = FORMAT
    version: int = VERSION
    network_hash: str = Field(description="sha256 of the network's canonical JSON: a solution names it")
    base_mva: float
    n_bus: int
    n_branch: int
    bus_ids: list[str] = Field(description="Compiled buses: fused buses take the first id; '<trafo>#star' points")
    network_bus_index: list[int] = Field(description="Per network bus (network order): its compiled bus, -1 if none")
    has_warm_start: bool
    notes: list[str]
    arrays: dict[str, PayloadArray]


class PowerFlowSolution(BaseModel):
    """What an external solver sends back: voltages per compiled bus and how it got there."""

    model_config = ConfigDict(extra="forbid")

    network_hash: str
    vm_pu: list[float]
    va_deg: list[float]
    bus_type: list[int] = Field(description="Final bus types (PV buses switched to PQ at a Q limit are 1)")
    q_fixed_pu: list[float] = Field(description="Q pinned at a limit per bus (PV -> PQ), pu; 0 elsewhere")
    iterations: int = Field(ge=0)
    converged: bool
    history: list[list[float]] = Field(default_factory=list,
                                       description="Per iteration: [max P mismatch, max Q mismatch], pu")


def network_hash(net: Network) -> str:
    return hashlib.sha256(net.model_dump_json().encode()).hexdigest()


def _enc(values: np.ndarray, dtype: str) -> PayloadArray:
    arr = np.ascontiguousarray(values, dtype="<f8" if dtype == "f64" else "<i4")
    return PayloadArray(dtype=dtype, data=base64.b64encode(arr.tobytes()).decode("ascii"))


def _complex(values: np.ndarray) -> np.ndarray:
    return np.column_stack([values.real, values.imag]).ravel()


def unit_q_limits(cn: CompiledNetwork) -> tuple[np.ndarray, np.ndarray]:
    """Sum of the Q limits (pu) of the voltage-controlling units at each bus, as `_apply_q_limits` sums them."""
    u = cn.units
    q_min = np.zeros(cn.n_bus)
    q_max = np.zeros(cn.n_bus)
    ctrl = u.controls_voltage
    np.add.at(q_min, u.bus[ctrl], u.q_min_pu[ctrl])
    np.add.at(q_max, u.bus[ctrl], u.q_max_pu[ctrl])
    return q_min, q_max


def compiled_payload(net: Network) -> dict[str, Any]:
    """The `CompiledPayload` of `net` (JSON-ready)."""
    cn = compile_network(net)
    br = cn.branches
    bus_type = np.where(cn.bus_type == NONE, 0, cn.bus_type)
    v_flat = initial_voltage(cn, cn.bus_type, warm=False)
    warm = any(b.vm_init_pu is not None or b.va_init_degree is not None for b in net.buses)
    q_min, q_max = unit_q_limits(cn)
    y_branch = np.column_stack([br.yff.real, br.yff.imag, br.yft.real, br.yft.imag,
                                br.ytf.real, br.ytf.imag, br.ytt.real, br.ytt.imag]).ravel()
    arrays = {
        "f": _enc(br.f, "i32"), "t": _enc(br.t, "i32"), "y_branch": _enc(y_branch, "f64"),
        "tap": _enc(_complex(br.tap), "f64"), "y_shunt": _enc(_complex(cn.y_shunt), "f64"),
        "bus_type": _enc(bus_type, "i32"), "s_const": _enc(_complex(cn.s_const), "f64"),
        "s_current": _enc(_complex(cn.s_current), "f64"), "s_impedance": _enc(_complex(cn.s_impedance), "f64"),
        "vm_flat": _enc(np.abs(v_flat), "f64"), "va_flat": _enc(np.angle(v_flat), "f64"),
        "q_min": _enc(q_min, "f64"), "q_max": _enc(q_max, "f64"), "vm_set": _enc(cn.vm_set, "f64"),
    }
    arrays["va_dc"] = _enc(np.angle(start_voltage(cn, cn.bus_type, "dc")), "f64")
    if warm:
        v_warm = initial_voltage(cn, cn.bus_type, warm=True)
        arrays["vm_warm"] = _enc(np.abs(v_warm), "f64")
        arrays["va_warm"] = _enc(np.angle(v_warm), "f64")
    payload = CompiledPayload(
        network_hash=network_hash(net), base_mva=cn.base_mva, n_bus=cn.n_bus, n_branch=len(br.f),
        bus_ids=list(cn.bus_ids), network_bus_index=[cn.bus_index.get(b.id, -1) for b in net.buses],
        has_warm_start=warm, notes=list(cn.notes), arrays=arrays)
    return payload.model_dump()


def _check(cn: CompiledNetwork, sol: PowerFlowSolution, expected_hash: str) -> None:
    if sol.network_hash != expected_hash:
        raise InvalidNetworkError("the solution is for another version of the network; solve again",
                                  field="solution.network_hash")
    n = cn.n_bus
    for name in ("vm_pu", "va_deg", "bus_type", "q_fixed_pu"):
        if len(getattr(sol, name)) != n:
            raise InvalidNetworkError(f"{name} has {len(getattr(sol, name))} values; the network has {n} buses",
                                      field=f"solution.{name}")
    if not np.all(np.isfinite(np.r_[sol.vm_pu, sol.va_deg, sol.q_fixed_pu])):
        raise InvalidNetworkError("solution values must be finite numbers", field="solution")
    types = np.asarray(sol.bus_type)
    engine_types = np.where(cn.bus_type == NONE, 0, cn.bus_type)
    switched = (types != engine_types) & ~((engine_types == PV) & (types == PQ))
    if np.any(switched):
        k = int(np.flatnonzero(switched)[0])
        raise InvalidNetworkError(f"bus type {types[k]} at bus '{cn.bus_ids[k]}' does not match the network "
                                  f"(only PV buses may become PQ at a Q limit)", field="solution.bus_type")


def result_from_solution(net: Network, sol: PowerFlowSolution, *, method: str, tol: float,
                         wall_time_s: float = 0.0) -> PowerFlowResult:
    """The `PowerFlowResult` of voltages solved elsewhere. `converged` is the engine's own verdict: the largest
    mismatch at the given voltages must be within `tol` (a solution that claims convergence and is not one is
    refused)."""
    started = time.perf_counter()
    cn = compile_network(net)
    _check(cn, sol, network_hash(net))
    bus_type = np.where(np.asarray(sol.bus_type) == 0, NONE, np.asarray(sol.bus_type)).astype(np.int8)
    q_fixed = np.asarray(sol.q_fixed_pu, dtype=float)
    v = np.asarray(sol.vm_pu) * np.exp(1j * np.deg2rad(np.asarray(sol.va_deg)))
    pv, pq = np.flatnonzero(bus_type == PV), np.flatnonzero(bus_type == PQ)
    mis = mismatch(cn.ybus(), v, cn.s_bus(np.abs(v)) + 1j * q_fixed)
    worst = max(np.max(np.abs(mis[np.r_[pv, pq]].real), initial=0.0), np.max(np.abs(mis[pq].imag), initial=0.0))
    converged = bool(worst <= tol)
    if sol.converged and not converged:
        raise InvalidNetworkError(f"the solution does not satisfy the power-flow equations (largest mismatch "
                                  f"{worst:.3g} pu > tolerance {tol:g})", field="solution.vm_pu")
    history = [IterationRecord(k, float(p), float(q), -1, -1) for k, (p, q) in enumerate(sol.history)]
    outcome = SolverOutcome(v=v, converged=converged, iterations=sol.iterations, history=history)
    result = build_result(cn, outcome, method=method, bus_type=bus_type, q_fixed=q_fixed,
                          wall_time_s=wall_time_s + time.perf_counter() - started)
    return result
