"""Plain-text report of a protection study (the CLI's table format)."""

from __future__ import annotations

from .study import ProtectionResult


def _t(x: float | None) -> str:
    return "    -   " if x is None else f"{x:8.3f}"


def table(res: ProtectionResult) -> str:
    lines = [f"Protection coordination: {res.fault} faults (IEC 60909 max and min), "
             f"CTI relay {res.options.cti_relay_s:g} s, fuse-relay {res.options.cti_fuse_relay_s:g} s, "
             f"fuse ratio {res.options.fuse_ratio:g}", ""]
    lines.append(f"{'device':>12} {'kind':>9} {'at':>24} {'Imax A':>10} {'Imin A':>10}  backups")
    for d in res.devices:
        at = f"{d.branch}@{d.bus}" if d.switch is None else f"switch {d.switch}"
        imax = f"{d.i_max_a:10.1f}" if d.i_max_a is not None else f"{'-':>10}"
        imin = f"{d.i_min_a:10.1f}" if d.i_min_a is not None else f"{'-':>10}"
        lines.append(f"{d.id:>12} {d.kind:>9} {at:>24} {imax} {imin}  {', '.join(d.backups) or '-'}")
    lines += ["", f"{'primary':>12} {'backup':>12} {'fault at':>26} {'case':>4} {'Ip A':>9} {'Ib A':>9} "
                  f"{'tp s':>8} {'tb s':>8} {'margin':>8} {'need':>6}  ok"]
    for pr in res.pairs:
        for p in pr.points:
            lines.append(f"{pr.primary:>12} {pr.backup:>12} {p.fault_bus[:26]:>26} {p.case:>4} {p.i_primary_a:9.1f} "
                         f"{p.i_backup_a:9.1f} {_t(p.t_primary_s)} {_t(p.t_backup_s)} {_t(p.margin_s)} "
                         f"{pr.required_s:6.2f}  {'yes' if p.ok else 'NO'}")
    lines += [f"note ({pr.backup} over {pr.primary}): {n}" for pr in res.pairs for n in pr.notes]
    lines.append("")
    if res.violations:
        lines.append(f"{len(res.violations)} violation(s):")
        for v in res.violations:
            lines.append(f"  - {v.message}")
            lines += [f"      suggestion: {s.text}" for s in v.suggestions]
    else:
        lines.append("no violations")
    if res.auto is not None:
        a = res.auto
        lines += ["", f"automatic coordination: {a.status} ({a.message})"]
        for s in a.settings:
            lines.append(f"  {s.device} element {s.element} ({s.function}): dial {s.dial_before:g} -> "
                         f"{s.dial_after:.4g}, pickup {s.pickup_before_a:g} -> {s.pickup_after_a:g} A")
        lines += [f"  unmet: {u.constraint}, primary {u.i_from_a:.0f}-{u.i_to_a:.0f} A"
                  + (f": short by {u.shortfall_s:.3f} s" if u.shortfall_s is not None else "") for u in a.unmet]
        if a.violations_after is not None:
            lines.append(f"  violations with these settings: {a.violations_after}")
    if res.notes:
        lines += [""] + [f"note: {n}" for n in res.notes]
    return "\n".join(lines) + "\n"
