"""Published fuse time-current points, copied verbatim from their sources (no point is invented here).

Each family says where its points come from, under which licence, and whether the source publishes a
minimum-melting and a total-clearing curve or a single curve only.

* OpenDSS generic links `TLink` and `KLink` (expulsion links, T = slow, K = fast): multiples of the
  link rating versus time, from `CreateDefaultDSSItems` in OpenDSS's Executive.pas, Copyright (c)
  2008-2015 Electric Power Research Institute, Inc., BSD-3-Clause (dss-extensions/dss_capi,
  src/Executive/Executive.pas). OpenDSS publishes ONE curve per link type and does not say whether it is
  the minimum-melting or the total-clearing curve; GridSolve uses it as both.
* pandapower fuse standard types (`pandapower.std_types.basic_fuse_std_types`, pandapower 3.5.6),
  Copyright (c) 2016-2026 University of Kassel and Fraunhofer IEE, BSD-3-Clause:
  - "HV <rating>": high-voltage (current-limiting, HRC) fuse links with a minimum-melting (t_min) and a
    total-clearing (t_total) curve, amperes versus seconds; the manufacturer is not stated.
    "HV 10A"'s minimum-melting list has 1675.0 s at 32 A between 10 s at 30 A and 0.344 s at 35 A (not
    monotone; evidently 1.675): that curve is WITHHELD here rather than corrected (see WITHHELD).
  - "Siemens NH-<size>-<rating>": LV NH (gG) fuse links with ONE published curve (t_avg, a mean
    pre-arcing curve); GridSolve uses it as both minimum-melting and total-clearing.
"""

from __future__ import annotations

OPENDSS = ("OpenDSS Executive.pas CreateDefaultDSSItems, (c) 2008-2015 EPRI, BSD-3-Clause "
           "(dss-extensions/dss_capi src/Executive/Executive.pas)")
PANDAPOWER = ("pandapower 3.5.6 pandapower/std_types.py basic_fuse_std_types(), (c) 2016-2026 University of "
              "Kassel and Fraunhofer IEE, BSD-3-Clause")

# Generic links scaled by their rating: (multiples of rated current, seconds).
OPENDSS_LINKS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "T": ((2.0, 2.1, 3.0, 4.0, 6.0, 22.0, 50.0), (300.0, 100.0, 10.1, 4.0, 1.4, 0.1, 0.02)),
    "K": ((2.0, 2.2, 3.0, 4.0, 6.0, 30.0), (300.0, 20.0, 4.0, 1.3, 0.41, 0.02)),
}

# pandapower: name -> rated A and (amperes, seconds) per published curve.
PANDAPOWER_TYPES: dict[str, dict] = {
    "HV 100A": {
        "rated_a": 100.0,
        "min_melting": (
            (300.0, 350.0, 450.0, 550.0, 700.0, 850.0, 1200.0, 1752.0),
            (10.0, 3.64, 0.854, 0.281, 0.1, 0.0531, 0.022, 0.01),
        ),
        "total_clearing": (
            (600.0, 700.0, 900.0, 1150.0, 1665.0, 2000.0, 3000.0, 4313.0),
            (10.0, 4.267, 1.21, 0.403, 0.1, 0.058, 0.022, 0.01),
        ),
    },
    "HV 10A": {
        "rated_a": 10.0,
        "min_melting": (
            (30.0, 32.0, 35.0, 37.0, 39.0, 50.0, 70.0, 88.0),
            (10.0, 1675.0, 0.344, 0.156, 0.1, 0.0417, 0.0171, 0.01),
        ),
        "total_clearing": (
            (60.0, 70.0, 80.0, 87.0, 94.0, 110.0, 150.0, 216.0),
            (10.0, 1.3, 0.3, 0.155, 0.1, 0.0555, 0.023, 0.01),
        ),
    },
    "HV 125A": {
        "rated_a": 125.0,
        "min_melting": (
            (375.0, 500.0, 700.0, 925.0, 1200.0, 1500.0, 2341.0),
            (10.0, 1.82, 0.344, 0.1, 0.0467, 0.0269, 0.01),
        ),
        "total_clearing": (
            (750.0, 1000.0, 1500.0, 2200.0, 3000.0, 4000.0, 5765.0),
            (10.0, 2.478, 0.426, 0.1, 0.0427, 0.0211, 0.01),
        ),
    },
    "HV 160A": {
        "rated_a": 160.0,
        "min_melting": (
            (480.0, 550.0, 700.0, 1000.0, 1260.0, 1600.0, 2500.0, 3227.0),
            (10.0, 4.15, 1.03, 0.198, 0.1, 0.051, 0.0172, 0.01),
        ),
        "total_clearing": (
            (960.0, 1300.0, 1700.0, 2200.0, 2996.0, 4000.0, 6000.0, 7946.0),
            (10.0, 2.3, 0.734, 0.274, 0.1, 0.046, 0.0177, 0.01),
        ),
    },
    "HV 16A": {
        "rated_a": 16.0,
        "min_melting": (
            (48.0, 60.0, 65.0, 71.0, 80.0, 100.0, 162.0),
            (10.0, 0.352, 0.164, 0.1, 0.0649, 0.0342, 0.01),
        ),
        "total_clearing": (
            (96.0, 110.0, 125.0, 150.0, 168.0, 200.0, 250.0, 398.0),
            (10.0, 2.34, 0.722, 0.181, 0.1, 0.055, 0.0296, 0.01),
        ),
    },
    "HV 200A": {
        "rated_a": 200.0,
        "min_melting": (
            (600.0, 700.0, 900.0, 1150.0, 1665.0, 2000.0, 3000.0, 4313.0),
            (10.0, 4.267, 1.21, 0.403, 0.1, 0.058, 0.022, 0.01),
        ),
        "total_clearing": (
            (1200.0, 1500.0, 1800.0, 2700.0, 3960.0, 5000.0, 7500.0, 10620.0),
            (10.0, 3.73, 1.654, 0.328, 0.1, 0.0531, 0.019, 0.01),
        ),
    },
    "HV 20A": {
        "rated_a": 20.0,
        "min_melting": (
            (60.0, 70.0, 80.0, 87.0, 94.0, 110.0, 150.0, 216.0),
            (10.0, 1.3, 0.3, 0.155, 0.1, 0.0555, 0.023, 0.01),
        ),
        "total_clearing": (
            (120.0, 150.0, 200.0, 223.0, 260.0, 300.0, 450.0, 532.0),
            (10.0, 1.3, 0.161, 0.1, 0.0611, 0.0399, 0.0141, 0.01),
        ),
    },
    "HV 25A": {
        "rated_a": 25.0,
        "min_melting": (
            (75.0, 82.0, 90.0, 100.0, 124.0, 170.0, 200.0, 289.0),
            (10.0, 2.512, 0.833, 0.299, 0.1, 0.0372, 0.0223, 0.01),
        ),
        "total_clearing": (
            (150.0, 170.0, 210.0, 250.0, 294.0, 400.0, 500.0, 711.0),
            (10.0, 3.125, 0.597, 0.198, 0.1, 0.0378, 0.022, 0.01),
        ),
    },
    "HV 31.5A": {
        "rated_a": 31.5,
        "min_melting": (
            (95.0, 110.0, 125.0, 150.0, 165.0, 200.0, 250.0, 390.0),
            (10.0, 2.34, 0.722, 0.181, 0.1, 0.055, 0.0296, 0.01),
        ),
        "total_clearing": (
            (189.0, 220.0, 300.0, 350.0, 393.0, 450.0, 530.0, 700.0, 960.0),
            (10.0, 2.84, 0.368, 0.164, 0.1, 0.0621, 0.0378, 0.0195, 0.01),
        ),
    },
    "HV 40A": {
        "rated_a": 40.0,
        "min_melting": (
            (120.0, 150.0, 200.0, 223.0, 260.0, 300.0, 450.0, 532.0),
            (10.0, 1.3, 0.161, 0.1, 0.0611, 0.0399, 0.0141, 0.01),
        ),
        "total_clearing": (
            (240.0, 300.0, 400.0, 450.0, 530.0, 650.0, 800.0, 1311.0),
            (10.0, 2.05, 0.369, 0.198, 0.1, 0.051, 0.0298, 0.01),
        ),
    },
    "HV 50A": {
        "rated_a": 50.0,
        "min_melting": (
            (150.0, 170.0, 210.0, 250.0, 294.0, 400.0, 500.0, 711.0),
            (10.0, 3.215, 0.597, 0.198, 0.1, 0.0378, 0.022, 0.01),
        ),
        "total_clearing": (
            (300.0, 350.0, 450.0, 550.0, 700.0, 850.0, 1200.0, 1752.0),
            (10.0, 3.64, 0.854, 0.281, 0.1, 0.0531, 0.022, 0.01),
        ),
    },
    "HV 6.3A": {
        "rated_a": 6.3,
        "min_melting": (
            (19.0, 19.5, 20.4, 20.8, 22.0, 25.0, 32.0, 48.0),
            (10.0, 1.39, 0.344, 0.168, 0.1, 0.056, 0.0263, 0.01),
        ),
        "total_clearing": (
            (38.0, 40.0, 43.0, 48.0, 53.0, 60.0, 75.0, 118.0),
            (10.0, 1.711, 0.516, 0.198, 0.1, 0.0634, 0.0303, 0.01),
        ),
    },
    "HV 63A": {
        "rated_a": 63.0,
        "min_melting": (
            (189.0, 220.0, 300.0, 350.0, 393.0, 450.0, 530.0, 700.0, 961.0),
            (10.0, 2.84, 0.368, 0.164, 0.1, 0.0621, 0.0378, 0.0195, 0.01),
        ),
        "total_clearing": (
            (378.0, 500.0, 700.0, 934.0, 1200.0, 1500.0, 2366.0),
            (10.0, 1.82, 0.344, 0.1, 0.0467, 0.0269, 0.01),
        ),
    },
    "HV 80A": {
        "rated_a": 80.0,
        "min_melting": (
            (240.0, 300.0, 400.0, 450.0, 530.0, 650.0, 800.0, 1311.0),
            (10.0, 2.05, 0.369, 0.198, 0.1, 0.051, 0.0298, 0.01),
        ),
        "total_clearing": (
            (480.0, 550.0, 700.0, 1000.0, 1260.0, 1600.0, 2500.0, 3227.0),
            (10.0, 4.15, 1.03, 0.198, 0.1, 0.051, 0.0172, 0.01),
        ),
    },
    "Siemens NH-1-100": {
        "rated_a": 100.0,
        "single": (
            (150.0, 190.0, 250.0, 430.0, 900.0, 1250.0, 2700.0, 3600.0),
            (5400.0, 2000.0, 400.0, 20.0, 1.0, 0.2, 0.012, 0.004),
        ),
    },
    "Siemens NH-1-125": {
        "rated_a": 125.0,
        "single": (
            (180.0, 400.0, 740.0, 2000.0, 4250.0),
            (4800.0, 120.0, 7.0, 0.1, 0.004),
        ),
    },
    "Siemens NH-1-16": {
        "rated_a": 16.0,
        "single": (
            (26.0, 35.0, 75.0, 150.0, 200.0, 300.0),
            (4000.0, 400.0, 2.0, 0.1, 0.04, 0.01),
        ),
    },
    "Siemens NH-1-160": {
        "rated_a": 160.0,
        "single": (
            (210.0, 500.0, 900.0, 2300.0, 5000.0),
            (4800.0, 120.0, 7.0, 0.1, 0.004),
        ),
    },
    "Siemens NH-1-25": {
        "rated_a": 25.0,
        "single": (
            (40.0, 50.0, 100.0, 210.0, 400.0, 500.0),
            (4000.0, 1000.0, 10.0, 0.2, 0.02, 0.01),
        ),
    },
    "Siemens NH-1-50": {
        "rated_a": 50.0,
        "single": (
            (86.0, 200.0, 300.0, 400.0, 1000.0, 1280.0),
            (4000.0, 40.0, 4.0, 1.0, 0.02, 0.01),
        ),
    },
    "Siemens NH-1-63": {
        "rated_a": 63.0,
        "single": (
            (100.0, 200.0, 300.0, 400.0, 1000.0, 1500.0),
            (4000.0, 100.0, 10.0, 2.0, 0.04, 0.01),
        ),
    },
    "Siemens NH-1-80": {
        "rated_a": 80.0,
        "single": (
            (150.58, 250.0, 450.0, 1150.0, 2470.0),
            (4800.0, 120.0, 7.0, 0.1, 0.01),
        ),
    },
    "Siemens NH-2-1000": {
        "rated_a": 1000.0,
        "single": (
            (1900.0, 3500.0, 8400.0, 24000.0, 52000.0),
            (4800.0, 120.0, 7.0, 0.1, 0.004),
        ),
    },
    "Siemens NH-2-200": {
        "rated_a": 200.0,
        "single": (
            (280.0, 650.0, 1200.0, 3000.0, 7000.0),
            (4800.0, 120.0, 7.0, 0.1, 0.004),
        ),
    },
    "Siemens NH-2-224": {
        "rated_a": 224.0,
        "single": (
            (400.0, 750.0, 1453.0, 3025.0, 4315.0, 7600.0),
            (4800.0, 120.0, 7.0, 0.2, 0.04, 0.004),
        ),
    },
    "Siemens NH-2-250": {
        "rated_a": 250.0,
        "single": (
            (450.0, 800.0, 1650.0, 4000.0, 8500.0),
            (4800.0, 120.0, 7.0, 0.1, 0.004),
        ),
    },
    "Siemens NH-2-315": {
        "rated_a": 315.0,
        "single": (
            (550.0, 920.0, 1900.0, 5000.0, 11000.0),
            (4800.0, 120.0, 7.0, 0.1, 0.004),
        ),
    },
    "Siemens NH-2-355": {
        "rated_a": 355.0,
        "single": (
            (650.0, 1116.27, 2350.0, 5840.0, 12790.0),
            (4800.0, 120.0, 6.0, 0.1, 0.004),
        ),
    },
    "Siemens NH-2-400": {
        "rated_a": 400.0,
        "single": (
            (720.0, 1350.0, 2800.0, 6500.0, 15000.0),
            (4800.0, 120.0, 7.0, 0.1, 0.004),
        ),
    },
    "Siemens NH-2-425": {
        "rated_a": 425.0,
        "single": (
            (850.0, 1500.0, 3050.0, 7500.0, 16500.0),
            (4800.0, 120.0, 7.0, 0.1, 0.004),
        ),
    },
    "Siemens NH-2-630": {
        "rated_a": 630.0,
        "single": (
            (1200.0, 2000.0, 4800.0, 12000.0, 26000.0),
            (4800.0, 120.0, 7.0, 0.1, 0.004),
        ),
    },
}

# Curves not used because the published points are not monotone (name -> (curve, reason)).
WITHHELD = {
    "HV 10A": ("min_melting", "published t_min has 1675.0 s at 32 A between 10 s at 30 A and 0.344 s at 35 A"),
}
