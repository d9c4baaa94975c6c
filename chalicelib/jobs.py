"""Executing one study: the same function runs in a worker process (local pool) or inline.

Every write is conditional on the study's ``run_token`` and ``status='running'``, so a cancelled study,
or one re-queued after a server restart, can never be overwritten by a stale worker.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
import traceback
from typing import Any

from sqlalchemy import update

from chalicelib.models import Study, utcnow

log = logging.getLogger("gridsolve.jobs")

PF_METHODS = {"newton_raphson": "nr", "fast_decoupled": "fd", "gauss_seidel": "gs"}
HISTORY_CAP = 2000
SC_KWARGS = (
    "fault",
    "case",
    "buses",
    "r_fault_ohm",
    "x_fault_ohm",
    "tk_s",
    "tmin_s",
    "ip_method",
    "c_factor",
    "lv_tol_percent",
)
SEQ_KWARGS = ("case", "c_factor", "lv_tol_percent")
_DATABASES: dict[str, Any] = {}


def sequence_networks_key(study_id: str) -> str:
    return f"studies/{study_id}/sequence_networks.json"


def sequence_networks(net, params: dict[str, Any]) -> dict[str, Any] | None:
    """The study's positive/negative/zero-sequence networks (always with zero sequence, whatever the fault,
    missing zero-sequence data listed rather than raised) for the browser's view; None if they cannot be built."""
    try:
        from gridsolve.shortcircuit import build_sequence_networks

        kwargs = {k: params[k] for k in SEQ_KWARGS if k in params}
        return clean(build_sequence_networks(net, zero_sequence=True, **kwargs).to_dict())
    except Exception:  # the study's own results stand; only the view is missing
        log.exception("sequence networks could not be built")
        return None


class _Stop(Exception):
    """The run lost its claim (cancelled, re-queued, or the server that started it is gone)."""


def clean(obj: Any) -> Any:
    """JSON-safe copy: NaN/inf become null, numpy scalars become Python numbers."""
    if isinstance(obj, dict):
        return {str(k): clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [clean(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, str | bytes):
        try:
            obj = obj.item()
        except (TypeError, ValueError):
            pass
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def normalize_history(entries: Any) -> list[dict[str, Any]]:
    """The engine's per-iteration records, each with ``max_mismatch`` (the larger of P and Q, pu) as written
    while the study runs, so that clients read one shape before and after completion."""
    out = []
    for i, e in enumerate(entries or []):
        if isinstance(e, int | float) and not isinstance(e, bool):  # the browser solver: mismatch per iteration
            out.append({"iteration": i, "max_mismatch": float(e)})
            continue
        if not isinstance(e, dict):
            continue
        e = dict(e)
        if "max_mismatch" not in e:
            vals = [v for v in (e.get("max_p_mismatch"), e.get("max_q_mismatch")) if isinstance(v, int | float)]
            e["max_mismatch"] = max(vals) if vals else None
        out.append(e)
    return out


def progress_pct(iteration: int, mismatch: float, first: float | None, tol: float, max_iter: int) -> float:
    by_iter = iteration / max(max_iter, 1)
    by_mis = 0.0
    if first and mismatch and first > tol and mismatch > 0:
        by_mis = math.log(first / max(mismatch, tol)) / math.log(first / tol)
    return round(min(99.0, max(1.0, 100.0 * max(by_iter, by_mis))), 1)


def _limits(values, lo, hi):
    return [v for v in values if v is not None and (v < lo or v > hi)]


def bus_limits(net) -> dict[str, tuple[float, float]]:
    return {
        str(b.id): (float(b.min_vm_pu), float(b.max_vm_pu))
        for b in getattr(net, "buses", [])
        if getattr(b, "min_vm_pu", None) is not None and getattr(b, "max_vm_pu", None) is not None
    }


def summarize_power_flow(
    res: dict[str, Any],
    params: dict[str, Any],
    wall: float | None,
    limits: dict[str, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """Voltage limits: parameters vmin_pu / vmax_pu if given, else each bus's own min/max_vm_pu, else
    0.95-1.05 pu. Loading limit: max_loading_percent (default 100 %)."""
    limits = limits or {}
    default = (float(params.get("vmin_pu", 0.95)), float(params.get("vmax_pu", 1.05)))
    override = "vmin_pu" in params or "vmax_pu" in params

    def lim(bus_id) -> tuple[float, float]:
        return default if override else limits.get(str(bus_id), default)

    lmax = float(params.get("max_loading_percent", 100.0))
    buses = res.get("buses") or []
    branches = res.get("branches") or []
    vviol = []
    for b in buses:
        vm = b.get("vm_pu")
        if not isinstance(vm, int | float):
            continue
        lo, hi = lim(b.get("id"))
        if not lo <= vm <= hi:
            vviol.append(
                {
                    "bus_id": b.get("id"),
                    "vm_pu": vm,
                    "limit": "low" if vm < lo else "high",
                    "min_vm_pu": lo,
                    "max_vm_pu": hi,
                }
            )
    lviol = [
        {"branch_id": b.get("id"), "loading_percent": b.get("loading_percent")}
        for b in branches
        if isinstance(b.get("loading_percent"), int | float) and b["loading_percent"] > lmax
    ]
    vms = [b["vm_pu"] for b in buses if isinstance(b.get("vm_pu"), int | float)]
    totals = dict(res.get("totals") or {})
    if totals.get("losses_mw") is None and branches:  # results without totals (the browser solver)
        losses = [b.get("p_loss_mw", b.get("pl_mw")) for b in branches]
        if all(isinstance(x, int | float) for x in losses):
            totals["losses_mw"] = float(sum(losses))
    return clean(
        {
            "converged": res.get("converged"),
            "iterations": res.get("iterations"),
            "method": res.get("method"),
            "wall_time_s": wall,
            "losses_mw": totals.get("losses_mw"),
            "generation_mw": totals.get("generation_mw"),
            "load_mw": totals.get("load_mw"),
            "min_vm_pu": min(vms) if vms else None,
            "max_vm_pu": max(vms) if vms else None,
            "voltage_limits": "parameters" if override else ("per bus" if limits else "0.95-1.05 pu"),
            "voltage_violation_count": len(vviol),
            "voltage_violations": vviol[:100],
            "loading_limit_percent": lmax,
            "loading_violation_count": len(lviol),
            "loading_violations": lviol[:100],
            "bus_count": len(buses),
            "branch_count": len(branches),
        }
    )


def summarize_short_circuit(res: dict[str, Any], wall: float | None) -> dict[str, Any]:
    out: dict[str, Any] = {"wall_time_s": wall}
    for key in ("fault", "case"):
        if key in res:
            out[key] = res[key]
    buses = res.get("buses") or []
    out["bus_count"] = len(buses)
    for fld in ("ikss_ka", "ip_ka", "ith_ka", "skss_mva"):
        vals = [b[fld] for b in buses if isinstance(b.get(fld), int | float)]
        if vals:
            out[f"max_{fld}"] = max(vals)
            out[f"min_{fld}"] = min(vals)
    out["breaker_violation_count"] = len(res.get("breaker_violations") or [])
    out["breaker_violations"] = (res.get("breaker_violations") or [])[:100]
    return clean(out)


def _db(env: dict[str, str] | None):
    from chalicelib.config import load_settings
    from chalicelib.db import Database

    settings = load_settings({**os.environ, **(env or {})})
    key = settings.database_url
    if key not in _DATABASES:
        _DATABASES[key] = Database(key, run_migrations=False)
    return settings, _DATABASES[key]


def execute_study(
    study_id: str,
    run_token: str,
    env: dict[str, str] | None = None,
    parent_pid: int | None = None,
    platform=None,
) -> str:
    """Run a claimed study to its end. Returns the final status (or 'skipped')."""
    if platform is not None:
        settings, db, blobs = platform.settings, platform.db, platform.blobs
    else:
        from chalicelib.platform import make_blob_store

        settings, db = _db(env)
        blobs = make_blob_store(settings)
    mine = (Study.id == study_id, Study.run_token == run_token, Study.status == "running")
    with db.session() as s:
        claimed = s.execute(
            update(Study)
            .where(Study.id == study_id, Study.run_token == run_token, Study.status == "pending")
            .values(status="running", started_at=utcnow(), attempt=Study.attempt + 1, progress_pct=0.0, history=[])
        ).rowcount
        if claimed != 1:
            return "skipped"
        st = s.get(Study, study_id)
        study_type, method, params, input_key = (
            st.study_type,
            st.analysis_method,
            dict(st.parameters),
            st.input_key,
        )

    history: list[dict[str, Any]] = []
    state = {"first": None, "last_write": 0.0}
    delay = settings.debug_iteration_delay_s
    tol = float(params.get("tol", 1e-8))
    max_iter = int(params.get("max_iter", 0) or {"gauss_seidel": 10000}.get(method, 50))

    def write(values: dict[str, Any]) -> None:
        with db.session() as s:
            if s.execute(update(Study).where(*mine).values(**values)).rowcount != 1:
                raise _Stop()

    def progress(iteration: int, max_mismatch: float) -> None:
        if parent_pid is not None and os.getppid() != parent_pid:
            raise _Stop()
        mis = float(max_mismatch)
        if state["first"] is None:
            state["first"] = mis
        if len(history) < HISTORY_CAP:
            history.append({"iteration": int(iteration), "max_mismatch": mis if math.isfinite(mis) else None})
        if delay:
            time.sleep(delay)
        now = time.monotonic()
        if delay or iteration <= 20 or now - state["last_write"] >= 0.25:
            state["last_write"] = now
            write(
                {
                    "progress_pct": progress_pct(iteration, mis, state["first"], tol, max_iter),
                    "history": list(history),
                }
            )

    t0 = time.perf_counter()
    try:
        import gridsolve

        net = gridsolve.Network.model_validate_json(blobs.get(input_key))
        if study_type == "power_flow":
            kwargs = {k: params[k] for k in ("tol", "max_iter", "enforce_q_limits") if k in params}
            result = gridsolve.run_power_flow(net, method=PF_METHODS[method], progress=progress, **kwargs)
            res = clean(result.to_dict())
            wall = round(time.perf_counter() - t0, 6)
            summary = summarize_power_flow(res, params, wall, bus_limits(net))
            final_history = normalize_history(res.get("history")) or history
            status = "completed" if res.get("converged") else "failed"
            error = (
                None
                if res.get("converged")
                else (
                    f"Power flow did not converge in {res.get('iterations')} iterations "
                    f"({method.replace('_', ' ')}); see the convergence history"
                )
            )
        else:
            from gridsolve.shortcircuit import run_short_circuit

            kwargs = {k: v for k, v in params.items() if k in SC_KWARGS}
            res = clean(run_short_circuit(net, **kwargs).to_dict())
            wall = round(time.perf_counter() - t0, 6)
            summary = summarize_short_circuit(res, wall)
            final_history, status, error = [], "completed", None
            seq = sequence_networks(net, params)
            if seq is not None:
                blobs.put(sequence_networks_key(study_id), json.dumps(seq, separators=(",", ":")).encode())
        key = f"studies/{study_id}/result.json"
        blobs.put(key, json.dumps(res, separators=(",", ":")).encode())
        write(
            {
                "status": status,
                "progress_pct": 100.0,
                "history": clean(final_history)[:HISTORY_CAP],
                "results_summary": summary,
                "result_key": key,
                "error_message": error,
                "finished_at": utcnow(),
                "wall_time_s": wall,
            }
        )
        return status
    except _Stop:
        with db.session() as s:
            gone = s.get(Study, study_id) is None
        if gone:  # deleted while running: do not leave its blobs behind
            blobs.delete_prefix(f"studies/{study_id}")
        return "stopped"
    except Exception as exc:  # every failure ends the study with a reason; never stuck "running"
        detail: dict[str, Any] | None = None
        if hasattr(exc, "to_dict") and exc.__class__.__module__.startswith("gridsolve"):
            try:
                detail = clean(exc.to_dict())
            except Exception:
                detail = None
            message = getattr(exc, "message", None) or str(exc)
        else:
            log.error("study %s crashed:\n%s", study_id, traceback.format_exc())
            message = f"The solver failed unexpectedly ({exc.__class__.__name__}: {str(exc)[:300]})"
        try:
            write(
                {
                    "status": "failed",
                    "error_message": message,
                    "error_detail": detail,
                    "history": clean(history),
                    "finished_at": utcnow(),
                    "wall_time_s": round(time.perf_counter() - t0, 6),
                }
            )
        except _Stop:
            return "stopped"
        return "failed"
