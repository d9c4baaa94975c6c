"""A radial 11 kV feeder with three relays and a fuse, worked out by hand here: fault currents (IEC
60909 written out), primary/backup pairs, operating times, CTI violations, the suggested setting, and
the automatic coordination against the optimum computed independently (greedy dials from the most
downstream device up, which is the componentwise-smallest feasible setting and so optimal for any
objective increasing in the dials; brute force over the pickup options).

    grid(250/150 MVA) S --L1 3 km-- A --L2 4 km-- B --L3 2 km-- C --L4 3 km-- D
                     R1@S           R2@A          R3@B          F (40 A K link)@C
"""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys

import numpy as np
import pytest
from scipy.optimize import brentq

from gridsolve.errors import InvalidNetworkError
from gridsolve.model import parse_network
from gridsolve.protection import ProtectionOptions, run_protection
from gridsolve.studies import get_study_type

UN = 11e3
R_KM, X_KM, R0_KM, X0_KM = 0.16, 0.35, 0.64, 1.05
KM = {"L1": 3.0, "L2": 4.0, "L3": 2.0, "L4": 3.0}
PICKUP = {"R1": 400.0, "R2": 300.0, "R3": 200.0}
DIAL = {"R1": 0.2, "R2": 0.15, "R3": 0.1}
K_LINK = ([80.0, 88.0, 120.0, 160.0, 240.0, 1200.0], [300.0, 20.0, 4.0, 1.3, 0.41, 0.02])  # OpenDSS KLink x 40 A


def feeder(auto: bool = False, **changes) -> dict:
    def line(i, f, t):
        return {"id": i, "from_bus": f, "to_bus": t, "length_km": KM[i], "r_ohm_per_km": R_KM, "x_ohm_per_km": X_KM,
                "endtemp_degree": 80.0, "r0_ohm_per_km": R0_KM, "x0_ohm_per_km": X0_KM}

    def relay(rid, branch, bus):
        el = {"function": "51", "curve": "IEC-SI", "pickup_a": PICKUP[rid], "dial": DIAL[rid]}
        if auto:
            el |= {"dial_min": 0.05, "dial_max": 1.0}
        el |= changes.get(rid, {})
        return {"id": rid, "branch": branch, "bus": bus, "breaker_time_s": 0.05, "elements": [el]}

    return {
        "name": "radial feeder", "f_hz": 50,
        "buses": [{"id": b, "vn_kv": 11.0} for b in "SABCD"],
        "external_grids": [{"id": "grid", "bus": "S", "s_sc_max_mva": 250, "s_sc_min_mva": 150, "rx_max": 0.1,
                            "rx_min": 0.1, "x0x_max": 1.0, "r0x0_max": 0.1, "x0x_min": 1.0, "r0x0_min": 0.1}],
        "lines": [line("L1", "S", "A"), line("L2", "A", "B"), line("L3", "B", "C"), line("L4", "C", "D")],
        "relays": [relay("R1", "L1", "S"), relay("R2", "L2", "A"), relay("R3", "L3", "B")],
        "fuses": [{"id": "F", "branch": "L4", "bus": "C", "fuse_type": "K", "rated_a": 40}],
    }


# ---- the hand calculation -----------------------------------------------------------------------
def i_fault(lines: list[str], case: str) -> float:
    """IEC 60909-0: I''k3 = c Un / (sqrt(3) |Z_Q + sum Z_L|), c = 1.1 (max) / 1.0 (min) at MV,
    Z_Q = c Un^2 / S''kQ with R/X = 0.1, line R at 80 degC in the min case (eq. 34)."""
    c, s = (1.1, 250e6) if case == "max" else (1.0, 150e6)
    zq = c * UN**2 / s
    xq = zq / math.sqrt(1 + 0.1**2)
    rf = 1.0 if case == "max" else 1 + 0.004 * (80 - 20)
    z = complex(0.1 * xq, xq) + sum(complex(R_KM * rf, X_KM) * KM[ln] for ln in lines)
    return c * UN / (math.sqrt(3) * abs(z))


# fault location -> lines between source and fault; the close-in fault just past a device is
# electrically the bus it sits at
FAULTS = {"S": [], "A": ["L1"], "B": ["L1", "L2"], "C": ["L1", "L2", "L3"], "D": ["L1", "L2", "L3", "L4"]}
ZONES = {"R1": ["S", "A"], "R2": ["A", "B"], "R3": ["B", "C"], "F": ["C", "D"]}  # close-in, far end
PAIRS = [("F", "R3"), ("R2", "R1"), ("R3", "R2")]


def t_si(rid, i, dial=None, pickup=None):
    m = i / (pickup or PICKUP[rid])
    return (DIAL[rid] if dial is None else dial) * 0.14 / (m**0.02 - 1) if m > 1 else math.inf


def t_fuse(i):
    x, t = np.log(K_LINK[0]), np.log(K_LINK[1])
    return math.inf if i < K_LINK[0][0] else float(np.exp(np.interp(math.log(i), x, t)))


def t_dev(dev, i, dial=None, pickup=None):
    return t_fuse(i) if dev == "F" else t_si(dev, i, dial, pickup)


def required(primary):
    return 0.2 if primary == "F" else 0.3


@pytest.fixture(scope="module")
def result():
    return run_protection(parse_network(feeder()))


def test_fault_currents_each_device_sees(result):
    dev = {d.id: d for d in result.devices}
    for d, (near, far) in ZONES.items():
        assert dev[d].i_max_a == pytest.approx(i_fault(FAULTS[near], "max"), rel=1e-5)
        assert dev[d].i_min_a == pytest.approx(i_fault(FAULTS[far], "min"), rel=1e-5)
    assert dev["R1"].i_max_a == pytest.approx(13121.6, abs=0.1)  # 1.1 * 11 kV / (sqrt 3 * 0.5324 ohm)


def test_pairs_times_and_margins(result):
    assert sorted((p.primary, p.backup) for p in result.pairs) == PAIRS
    assert {d.id: d.backups for d in result.devices} == {"R1": [], "R2": ["R1"], "R3": ["R2"], "F": ["R3"]}
    failing = set()
    for pr in result.pairs:
        assert pr.rule == ("fuse_then_relay" if pr.primary == "F" else "relay_relay")
        assert len(pr.points) == 4  # close-in and far end, max and min
        for pt in pr.points:
            loc = pt.fault_bus[0]  # "A (just past R2)" or "B"
            i = i_fault(FAULTS[loc], pt.case)
            tp, tb = t_dev(pr.primary, i), t_dev(pr.backup, i)
            assert pt.i_primary_a == pytest.approx(i, rel=1e-5) and pt.i_backup_a == pytest.approx(i, rel=1e-5)
            assert pt.t_primary_s == pytest.approx(tp, rel=1e-4) and pt.t_backup_s == pytest.approx(tb, rel=1e-4)
            assert pt.margin_s == pytest.approx(tb - tp, abs=1e-4)
            assert pt.ok == (tb - tp >= required(pr.primary))
            if not pt.ok:
                failing.add((pr.backup, pr.primary, loc, pt.case))
    # by hand: R1 over R2 short at A (both cases) and B max; R2 over R3 short at B (both) and C max
    assert failing == {("R1", "R2", "A", "max"), ("R1", "R2", "A", "min"), ("R1", "R2", "B", "max"),
                       ("R2", "R3", "B", "max"), ("R2", "R3", "B", "min"), ("R2", "R3", "C", "max")}


def test_violation_ranges_crossings_and_suggested_dials(result):
    by_pair = {(v.backup, v.primary): v for v in result.violations}
    assert set(by_pair) == {("R1", "R2"), ("R2", "R3")}
    for b, p in by_pair:
        v = by_pair[(b, p)]
        far, near = ZONES[p][1], ZONES[p][0]
        lo, hi = i_fault(FAULTS[far], "min"), i_fault(FAULTS[near], "max")
        # margin(I) = t_b(I) - t_p(I) rises as I falls (the curves part): short above one current
        edge = brentq(lambda i, b=b, p=p: t_si(b, i) - t_si(p, i) - 0.3, lo, hi)
        assert v.i_to_a == pytest.approx(hi, rel=1e-5)
        assert edge <= v.i_from_a <= edge * 1.01  # the sweep's grid step is 0.7 %
        dial = (t_si(p, hi) + 0.3) / t_si(b, hi, dial=1.0)  # by hand, at the largest current
        sug = next(s for s in v.suggestions if s.device == b)
        assert sug.field == "dial" and sug.value == pytest.approx(dial, rel=1e-6)
    # the fuse-relay pair coordinates and its fault currents run past the last published point
    fr = next(p for p in result.pairs if p.primary == "F")
    assert fr.ok and fr.crossings_a == [] and any("outside the published curve points" in n for n in fr.notes)


def _greedy(pickups: dict[str, float], step: dict[str, float] | None = None) -> dict[str, float] | None:
    """Smallest feasible dials from the fuse up (None if a dial would exceed 1.0)."""
    dials, lower = {}, "F"
    for dev in ("R3", "R2", "R1"):
        lo, hi = i_fault(FAULTS[ZONES[lower][1]], "min"), i_fault(FAULTS[ZONES[lower][0]], "max")
        grid = np.geomspace(lo, hi, 4001)
        need = max(
            (t_dev(lower, i, dials.get(lower), pickups.get(lower)) + required(lower)) / t_si(dev, i, 1.0, pickups[dev])
            for i in grid)
        d = max(0.05, need)
        if step and dev in step:
            d = 0.05 + step[dev] * math.ceil((d - 0.05) / step[dev] - 1e-9)
        if d > 1.0:
            return None
        dials[dev], lower = d, dev
    return dials


def _objective(dials, pickups):
    """Sum of each relay's times at the max-case faults of its zone."""
    return sum(t_si(d, i_fault(FAULTS[loc], "max"), dials[d], pickups[d]) for d in dials for loc in ZONES[d])


def test_automatic_coordination_matches_independent_optimum():
    res = run_protection(parse_network(feeder(auto=True)), ProtectionOptions(method="auto_coordination"))
    auto = res.auto
    assert auto.status == "optimal" and auto.method == "linprog" and auto.violations_after == 0
    best = _greedy(PICKUP)
    got = {s.device: s.dial_after for s in auto.settings}
    for d in ("R1", "R2", "R3"):
        assert got[d] == pytest.approx(best[d], rel=1e-6), d
    assert auto.objective_s == pytest.approx(_objective(best, PICKUP), rel=1e-6)


def test_automatic_coordination_with_an_instantaneous_element():
    """A 50 element on R1 above every fault current it sees never trips, so the optimum is the hand-computed one
    of the 51 elements alone (it once failed: an instantaneous stage's times at one current were a 0-d array)."""
    net = feeder(auto=True)
    net["relays"][0]["elements"].append({"function": "50", "pickup_a": 1e6, "delay_s": 0.05})
    auto = run_protection(parse_network(net), ProtectionOptions(method="auto_coordination")).auto
    assert auto.status == "optimal" and auto.violations_after == 0
    best = _greedy(PICKUP)
    got = {s.device: s.dial_after for s in auto.settings}
    for d in ("R1", "R2", "R3"):
        assert got[d] == pytest.approx(best[d], rel=1e-6), d


def test_automatic_coordination_with_discrete_pickups_matches_brute_force():
    opts = {"R1": [350.0, 400.0, 450.0, 500.0, 600.0], "R2": [250.0, 300.0, 350.0, 400.0]}
    net = feeder(auto=True, R1={"pickup_options_a": opts["R1"], "dial_step": 0.01},
                 R2={"pickup_options_a": opts["R2"]})
    res = run_protection(parse_network(net), ProtectionOptions(method="auto_coordination"))
    auto = res.auto
    assert auto.status == "optimal" and auto.method == "milp" and auto.violations_after == 0
    candidates = []
    for p1, p2 in itertools.product(opts["R1"], opts["R2"]):
        pickups = {"R1": p1, "R2": p2, "R3": 200.0}
        dials = _greedy(pickups, step={"R1": 0.01})
        if dials is not None:
            candidates.append((_objective(dials, pickups), pickups, dials))
    obj, pickups, dials = min(candidates, key=lambda c: c[0])
    got = {s.device: s for s in auto.settings}
    for d in ("R1", "R2", "R3"):
        assert got[d].pickup_after_a == pickups[d], d
        assert got[d].dial_after == pytest.approx(dials[d], rel=1e-6), d
    assert auto.objective_s == pytest.approx(obj, rel=1e-6)


def test_automatic_coordination_reports_infeasible_with_shortfall():
    net = parse_network(feeder(auto=True, R1={"dial_max": 0.2}))
    res = run_protection(net, ProtectionOptions(method="auto_coordination"))
    auto = res.auto
    assert auto.status == "infeasible"
    assert [u.constraint for u in auto.unmet] == ["R1 over R2"]
    best = _greedy(PICKUP)
    i = i_fault(FAULTS["A"], "max")  # by hand: R2 and R3 at their optimum, R1 at its cap
    short = t_si("R2", i, best["R2"]) + 0.3 - t_si("R1", i, 0.2)
    assert auto.unmet[0].shortfall_s == pytest.approx(short, rel=1e-4)
    assert auto.unmet[0].i_to_a == pytest.approx(i, rel=1e-5)


def test_earth_fault_currents_by_hand():
    res = run_protection(parse_network(feeder()), ProtectionOptions(fault="1ph"))
    dev = {d.id: d for d in res.devices}

    def i_1ph(lines, case):
        c, s = (1.1, 250e6) if case == "max" else (1.0, 150e6)
        zq = c * UN**2 / s
        xq = zq / math.sqrt(1.01)
        rf = 1.0 if case == "max" else 1.24
        z1 = complex(0.1 * xq, xq) + sum(complex(R_KM * rf, X_KM) * KM[ln] for ln in lines)
        z0 = complex(0.1 * xq, xq) + sum(complex(R0_KM * rf, X0_KM) * KM[ln] for ln in lines)  # X0/X = 1
        return math.sqrt(3) * c * UN / abs(2 * z1 + z0)

    for d, (near, far) in ZONES.items():
        assert dev[d].i_max_a == pytest.approx(i_1ph(FAULTS[near], "max"), rel=1e-5)
        assert dev[d].i_min_a == pytest.approx(i_1ph(FAULTS[far], "min"), rel=1e-5)


def test_tcc_data_is_json_and_complete(result):
    data = json.loads(json.dumps(result.to_dict()))
    tcc = data["tcc"]
    assert {d["id"] for d in tcc["devices"]} == {"R1", "R2", "R3", "F"}
    r3 = next(d for d in tcc["devices"] if d["id"] == "R3")
    op = next(c for c in r3["curves"] if c["name"] == "operate")
    i, t = np.array(op["i_a"]), op["t_s"]
    assert t[0] is None and i[0] == pytest.approx(200.0)  # at pickup: no operation
    k = len(i) // 2
    assert t[k] == pytest.approx(t_si("R3", i[k]), rel=1e-12)
    clearing = next(c for c in r3["curves"] if c["name"] == "clearing")
    assert clearing["t_s"][k] == pytest.approx(t[k] + 0.05)
    fuse = next(d for d in tcc["devices"] if d["id"] == "F")
    assert [c["name"] for c in fuse["curves"]] == ["min_melting", "total_clearing"]
    markers = {(m["device"], m["case"]): m["i_a"] for m in tcc["fault_markers"]}
    assert markers[("F", "min")] == pytest.approx(i_fault(FAULTS["D"], "min"), rel=1e-5)
    assert {(a["primary"], a["backup"]) for a in tcc["annotations"]} == set(PAIRS)


def test_cli_protection(tmp_path):
    path = tmp_path / "feeder.json"
    path.write_text(json.dumps(feeder()))
    run = [sys.executable, "-m", "gridsolve", "protection", str(path)]
    out = subprocess.run(run + ["--format", "json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["violations"]) == 2 and data["fault"] == "3ph"
    out = subprocess.run(run + ["--fault", "1ph"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "Protection coordination: 1ph faults" in out.stdout and "R1 over R2: margin below 0.3 s" in out.stdout
    bad = feeder()
    bad["relays"][0]["elements"][0]["curve"] = "IEC-XX"
    path.write_text(json.dumps(bad))
    out = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "element 'R1', field 'elements.0.curve'" in out.stderr


def test_bad_placements_name_element_and_field():
    data = feeder()
    data["relays"][1]["bus"] = "C"
    with pytest.raises(InvalidNetworkError) as exc:
        parse_network(data)
    assert exc.value.element_id == "R2" and exc.value.field == "bus"
    data = feeder()
    data["fuses"][0]["branch"] = "L9"
    with pytest.raises(InvalidNetworkError) as exc:
        parse_network(data)
    assert exc.value.element_id == "F" and exc.value.field == "branch"
    data = feeder()
    data["relays"][0]["elements"][0]["tap_a"] = 2.0
    with pytest.raises(InvalidNetworkError) as exc:
        parse_network(data)
    assert exc.value.element_id == "R1" and "exactly one of pickup_a" in exc.value.message


def test_registered_study_type_runs_and_matches_its_models():
    st = get_study_type("protection_coordination")
    seen = []
    outcome = st.run(parse_network(feeder(auto=True)), st.parse_options("auto_coordination", {"cti_relay_s": 0.3}),
                     lambda f, m, **d: seen.append(f))
    assert outcome.status == "completed"
    st.result.model_validate(outcome.result)
    st.summary.model_validate(outcome.summary)
    assert outcome.summary["violation_count"] == 2 and outcome.summary["auto_status"] == "optimal"
    assert outcome.summary["worst_margin_s"] < 0  # R1 over R2 is short by about 0.1 s
    assert seen == sorted(seen) and seen[-1] == 1.0
