"""Line constants: phase impedance and shunt admittance matrices per unit length.

Three ways in, as in OpenDSS (LineCode.pas, LineConstants.pas):
- sequence values r1, x1, r0, x0, c1, c0 expanded to a matrix, Zs = (2 Z1 + Z0)/3, Zm = (Z0 - Z1)/3;
- phase matrices given directly (R, X in ohm, C in nF per unit length);
- conductor geometry: Carson's equations for the series impedance with earth return
  ("carson" is Kersting's modified Carson, Distribution System Modeling and Analysis, eq. 4.41-4.42;
  "fullcarson" the series in Tleis, Power System Modelling and Fault Analysis; "deri" the complex
  depth of Deri et al., IEEE PAS-100, 1981, OpenDSS's default), potential coefficients for the shunt
  capacitance (Kersting eq. 5.9-5.10), and Kron reduction of the conductors beyond the phases
  (Kersting eq. 4.57: Z_abc = Z_ij - Z_in Z_nn^-1 Z_nj).
"""

from __future__ import annotations

import numpy as np
from scipy import special

MU0 = 4e-7 * np.pi
E0 = 8.854e-12  # F/m, the value OpenDSS uses
METERS = {"none": 1.0, "mi": 1609.344, "kft": 304.8, "km": 1000.0, "m": 1.0, "ft": 0.3048, "in": 0.0254,
          "cm": 0.01, "mm": 0.001}


def length_factor(from_units: str, to_units: str) -> float:
    """How many `to_units` are in one `from_units`; 1 when either is 'none' (OpenDSS ConvertLineUnits)."""
    if from_units == "none" or to_units == "none":
        return 1.0
    return METERS[from_units] / METERS[to_units]


def sequence_matrices(n: int, r1: float, x1: float, r0: float, x0: float, c1_nf: float, c0_nf: float,
                      freq_hz: float) -> tuple[np.ndarray, np.ndarray]:
    """Z (ohm) and Yc (S) per unit length of an n-phase line from sequence data."""
    z1, z0 = complex(r1, x1), complex(r0, x0)
    zs, zm = (2 * z1 + z0) / 3, (z0 - z1) / 3
    w = 2 * np.pi * freq_hz * 1e-9
    ys, ym = 1j * w * (2 * c1_nf + c0_nf) / 3, 1j * w * (c0_nf - c1_nf) / 3
    eye = np.eye(n)
    return zm + (zs - zm) * eye, ym + (ys - ym) * eye


def kron(m: np.ndarray, keep: int) -> np.ndarray:
    """Kron reduction: eliminate the conductors after the first `keep` (their voltage is zero)."""
    a, b, c, d = m[:keep, :keep], m[:keep, keep:], m[keep:, :keep], m[keep:, keep:]
    return a - b @ np.linalg.solve(d, c) if d.size else a


def _earth(xi: np.ndarray, hi: np.ndarray, model: str, freq: float, rho: float) -> np.ndarray:
    """Earth-return terms Ze_ij in ohm/m for conductors at (x, h) in meters."""
    w = 2 * np.pi * freq
    n = len(xi)
    if model == "carson":
        return np.full((n, n), complex(w * MU0 / 8, w * MU0 / (2 * np.pi) * np.log(658.5 * np.sqrt(rho / freq))))
    h = np.abs(hi)
    dx = xi[:, None] - xi[None, :]
    hsum = h[:, None] + h[None, :]
    if model == "deri":
        pe = 1 / np.sqrt(1j * w * MU0 / rho)  # complex depth
        return 1j * w * MU0 / (2 * np.pi) * np.log(np.sqrt((hsum + 2 * pe) ** 2 + dx ** 2))
    # full Carson series (OpenDSS LineConstants.Get_Ze, notation of Tleis)
    dij = np.sqrt(hsum ** 2 + dx ** 2)
    th = np.arccos(np.clip(hsum / dij, -1, 1))
    m = 2.8099e-3 * dij * np.sqrt(freq / rho)
    b1, b2, b3, b4 = 1 / (3 * np.sqrt(2)), 1 / 16, 1 / (45 * np.sqrt(2)), 1 / 384
    c2, c4, d2, d4 = 1.3659315, 1.3659315 + 1 / 4 + 1 / 6, np.pi / 4 / 16, np.pi / 4 / 384
    re = (np.pi / 8 - b1 * m * np.cos(th) + b2 * m ** 2 * ((c2 - np.log(m)) * np.cos(2 * th) + th * np.sin(2 * th))
          + b3 * m ** 3 * np.cos(3 * th) - d4 * m ** 4 * np.cos(4 * th))
    im = (0.5 * np.log(1.85138 / m) + b1 * m * np.cos(th) - d2 * m ** 2 * np.cos(2 * th) + b3 * m ** 3 * np.cos(3 * th)
          - b4 * m ** 4 * ((c4 - np.log(m)) * np.cos(4 * th) + th * np.sin(4 * th))) + 0.5 * np.log(dij)
    return (re + 1j * im) * w * MU0 / np.pi


def _internal(r_ac: np.ndarray, r_dc: np.ndarray, model: str, freq: float) -> np.ndarray:
    """Internal resistance at power frequency (the internal reactance is carried by the GMR)."""
    if model != "deri":
        return r_ac.astype(complex)
    alpha = (1 + 1j) * np.sqrt(freq * MU0 / r_dc)
    ratio = np.where(np.abs(alpha) > 35, 1.0, special.iv(0, alpha) / special.iv(1, alpha))
    return ((1 + 1j) * ratio * np.sqrt(r_dc * freq * MU0) / 2).real.astype(complex)


def geometry_matrices(x_m: np.ndarray, h_m: np.ndarray, gmr_m: np.ndarray, radius_m: np.ndarray,
                      r_ac_ohm_m: np.ndarray, n_phases: int, *, freq_hz: float = 60.0, rho_ohm_m: float = 100.0,
                      earth_model: str = "deri", r_dc_ohm_m: np.ndarray | None = None, reduce: bool = True,
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Series Z (ohm/m) and shunt Yc = jwC (S/m) of overhead conductors, Kron-reduced to the phases."""
    x_m, h_m = np.asarray(x_m, float), np.asarray(h_m, float)
    if np.any(h_m == 0):
        raise ValueError("conductor height must not be zero")
    w = 2 * np.pi * freq_hz
    dist = np.hypot(x_m[:, None] - x_m[None, :], h_m[:, None] - h_m[None, :])
    np.fill_diagonal(dist, 1.0)
    if np.any(dist < radius_m[:, None] + radius_m[None, :] - np.eye(len(x_m)) * 2 * radius_m):
        raise ValueError("two conductors occupy the same space")
    spacing = np.log(1 / dist)
    np.fill_diagonal(spacing, np.log(1 / np.asarray(gmr_m, float)))
    r_dc = r_ac_ohm_m / 1.02 if r_dc_ohm_m is None else r_dc_ohm_m
    z = 1j * w * MU0 / (2 * np.pi) * spacing + _earth(x_m, h_m, earth_model, freq_hz, rho_ohm_m)
    z[np.diag_indices_from(z)] += _internal(np.asarray(r_ac_ohm_m, float), np.asarray(r_dc, float), earth_model,
                                            freq_hz)
    image = np.hypot(x_m[:, None] - x_m[None, :], h_m[:, None] + h_m[None, :])
    p = np.log(image / dist)
    np.fill_diagonal(p, np.log(2 * np.abs(h_m) / radius_m))
    p /= 2 * np.pi * E0
    yc = 1j * w * np.linalg.inv(p)
    if reduce and n_phases < len(x_m):
        return kron(z, n_phases), yc[:n_phases, :n_phases]
    return z, yc
