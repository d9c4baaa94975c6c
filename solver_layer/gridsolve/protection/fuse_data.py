"""OpenDSS's generic fuse links, copied verbatim (the other fuse curves come from gridsolve.library).

`TLink` (slow) and `KLink` (fast) expulsion links: multiples of the link rating versus seconds, from
`CreateDefaultDSSItems` in OpenDSS's Executive.pas, Copyright (c) 2008-2015 Electric Power Research
Institute, Inc., BSD-3-Clause (dss-extensions/dss_capi, src/Executive/Executive.pas). OpenDSS publishes
ONE curve per link type and opens its Fuse element when that time has elapsed (Fuse.pas), i.e. it acts as
the total-clearing curve; it does not publish a minimum-melting curve, so GridSolve uses the same curve
for both (say so wherever it matters: the 75 % rule of a backup link).
"""

from __future__ import annotations

OPENDSS = ("OpenDSS Executive.pas CreateDefaultDSSItems, (c) 2008-2015 EPRI, BSD-3-Clause "
           "(dss-extensions/dss_capi src/Executive/Executive.pas)")

# Generic links scaled by their rating: (multiples of rated current, seconds).
OPENDSS_LINKS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "T": ((2.0, 2.1, 3.0, 4.0, 6.0, 22.0, 50.0), (300.0, 100.0, 10.1, 4.0, 1.4, 0.1, 0.02)),
    "K": ((2.0, 2.2, 3.0, 4.0, 6.0, 30.0), (300.0, 20.0, 4.0, 1.3, 0.41, 0.02)),
}
