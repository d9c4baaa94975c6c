// The browser's TCC math against the engine (vectors written by web/scripts/make_tcc_vectors.py): relay operate
// times from `gridsolve tcc`, reset times, every fuse type's curves, and each pair's margins and violation ranges
// from the protection study, recomputed here from the network's device settings.
import { describe, expect, it } from "vitest";
import vectors from "./tcc_vectors.json";
import { buildDevice, checkPair, getCurve, operateTime, resetTime, FuseCurve, getFuseType, type Device, type RelaySpec, type Rules } from "./tcc";

// the two sides compute the same floating-point expressions (expm1, log, exp); 1e-12 covers libm differences
const REL = 1e-12;

function close(ts: number | null, py: number | null, rel = REL) {
  if (py === null) return expect(ts === null || !Number.isFinite(ts)).toBe(true);
  expect(ts).not.toBeNull();
  expect(Math.abs((ts as number) - py)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(py)));
}

describe("relay curves vs `gridsolve tcc`", () => {
  it(`covers every curve at three settings (${vectors.relay.length} cases)`, () => {
    expect(new Set(vectors.relay.map((v) => v.curve)).size).toBeGreaterThanOrEqual(16);
    for (const v of vectors.relay) {
      const c = getCurve(v.curve);
      v.currents_a.forEach((i, k) => {
        const t = operateTime(c, i / v.pickup_a, v.dial);
        close(Number.isFinite(t) ? t : null, v.times_s[k]);
      });
    }
  });
  it("does not operate below pickup (formula curves: nor at it)", () => {
    for (const v of vectors.relay) {
      const atPickup = getCurve(v.curve).kind !== "points"; // point curves start at their first multiple (1.0)
      v.currents_a.forEach((i, k) => (i < v.pickup_a || (atPickup && i === v.pickup_a)) && expect(v.times_s[k]).toBeNull());
    }
  });
  it("reset times per relay model", () => {
    for (const v of vectors.reset) v.m.forEach((m, k) => close(resetTime(getCurve(v.curve), m, v.dial, v.model), v.reset_s[k]));
  });
});

describe("fuse curves vs gridsolve.protection.fuses", () => {
  it(`every fuse type, both curves (${vectors.fuse.length} cases; PCHIP as scipy)`, () => {
    for (const v of vectors.fuse) {
      const ft = getFuseType(v.fuse_type);
      const scale = ft.rated_a == null ? Number(v.rated_a) : 1;
      for (const [pts, want] of [
        [ft.min_melting, v.min_melting_s],
        [ft.total_clearing, v.total_clearing_s],
      ] as const) {
        if (!pts || !want) {
          expect(pts == null).toBe(want == null);
          continue;
        }
        const c = new FuseCurve(pts, scale, ft.interpolation);
        // PCHIP: polynomial evaluated in a different order than scipy's; 1e-9 relative
        v.currents_a.forEach((i, k) => close(Number.isFinite(c.time(i)) ? c.time(i) : null, want[k], ft.interpolation === "loglog-pchip" ? 1e-9 : REL));
      }
    }
  });
});

describe("pair margins vs the protection study", () => {
  const net = vectors.pairs.network as unknown as Record<string, { id: string }[]>;
  const devices = new Map<string, Device>();
  for (const [list, kind] of [
    ["relays", "relay"],
    ["fuses", "fuse"],
    ["reclosers", "recloser"],
  ] as const)
    for (const el of net[list] ?? []) devices.set(el.id, buildDevice(kind, el as never));

  for (const c of vectors.pairs.cases) {
    it(`${c.fault} faults: ${c.pairs.length} pairs, times, margins, violation and no-trip ranges`, () => {
      const rules: Rules = { ctiRelayS: c.options.cti_relay_s, ctiFuseRelayS: c.options.cti_fuse_relay_s, fuseRatio: c.options.fuse_ratio };
      const ground = c.fault === "1ph";
      for (const pr of c.pairs) {
        const got = checkPair(devices.get(pr.primary)!, devices.get(pr.backup)!, pr.points, ground, rules);
        expect(got.rule).toBe(pr.rule);
        expect(got.requiredS).toBe(pr.required_s);
        expect(got.ok).toBe(pr.ok);
        pr.points.forEach((p, k) => {
          close(got.points[k].t_primary_s, p.t_primary_s, 1e-10);
          close(got.points[k].t_backup_s, p.t_backup_s, 1e-10);
          close(got.points[k].margin_s, p.margin_s, 1e-10);
          expect(got.points[k].ok).toBe(p.ok);
        });
        close(got.minMarginS, pr.min_margin_s, 1e-10);
        expect(got.violationRanges.length).toBe(pr.violation_ranges.length);
        got.violationRanges.forEach(([a, b], k) => {
          close(a, pr.violation_ranges[k].i_from_a, 1e-10);
          close(b, pr.violation_ranges[k].i_to_a, 1e-10);
        });
        expect(got.primaryNoTrip.length).toBe(pr.primary_no_trip.length);
      }
    });
  }
  it("the vectors include violations of every rule", () => {
    const rules = new Set(vectors.pairs.cases.flatMap((c) => c.pairs.filter((p) => !p.ok).map((p) => p.rule)));
    expect([...rules].sort()).toEqual(["fuse_backup", "fuse_then_relay", "relay_relay"]);
  });
});

describe("automatic coordination applied in the browser", () => {
  const v = vectors.auto;
  it(`the proposed settings leave the engine's ${v.auto.violations_after} violation(s)`, async () => {
    const { proposedRelays } = await import("./auto");
    const net = v.network as unknown as { relays: RelaySpec[]; fuses: { id: string }[]; reclosers: { id: string }[] };
    const after = proposedRelays(net.relays, v.auto.settings as never);
    expect(Object.keys(after).sort()).toEqual([...new Set(v.auto.settings.map((s) => s.device))].sort());
    for (const s of v.auto.settings) expect(after[s.device].elements[s.element].dial).toBe(s.dial_after);
    const devices = new Map<string, Device>();
    for (const r of net.relays) devices.set(r.id, buildDevice("relay", after[r.id] ?? r));
    for (const f of net.fuses) devices.set(f.id, buildDevice("fuse", f as never));
    for (const rc of net.reclosers) devices.set(rc.id, buildDevice("recloser", rc as never));
    const rules: Rules = { ctiRelayS: v.options.cti_relay_s, ctiFuseRelayS: v.options.cti_fuse_relay_s, fuseRatio: v.options.fuse_ratio };
    // the engine counts one violation per short range and per no-trip range (protection.study._violations)
    let count = 0;
    for (const p of v.pairs) {
      const c = checkPair(devices.get(p.primary)!, devices.get(p.backup)!, p.points, false, rules);
      count += c.violationRanges.length + c.primaryNoTrip.length;
    }
    expect(count).toBe(v.auto.violations_after);
  });
});
