"""The NR solver's sparse LU backends (KLU via libklu, SuperLU fallback) give the same answer."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from gridsolve import io as gio
from gridsolve import run_power_flow
from gridsolve.powerflow import common
from gridsolve.powerflow.common import SingularJacobian, SparseLU, factorize
from tests.conftest import require_data


@pytest.mark.parametrize("case", ["case118", "case1354pegase"])
def test_klu_and_superlu_agree(case, monkeypatch):
    net = gio.read_case(require_data(f"matpower/{case}.m"))
    monkeypatch.setenv("GRIDSOLVE_SPARSE_LU", "superlu")
    a = run_power_flow(net, tol=1e-10)
    monkeypatch.setenv("GRIDSOLVE_SPARSE_LU", "auto")
    b = run_power_flow(net, tol=1e-10)
    assert a.converged and b.converged and a.iterations == b.iterations
    va, vb = (r.vm_pu * np.exp(1j * np.deg2rad(r.va_deg)) for r in (a, b))
    assert np.max(np.abs(va - vb)) < 1e-10


@pytest.mark.parametrize("backend", ["superlu", "auto"])
def test_sparse_lu_refactorizes_with_the_same_pattern(backend, monkeypatch):
    monkeypatch.setenv("GRIDSOLVE_SPARSE_LU", backend)
    rng = np.random.default_rng(1)
    m = (sp.random(60, 60, density=0.08, random_state=2) + sp.eye(60) * 4).tocsc()
    m.sort_indices()
    lu = SparseLU(m.indptr, m.indices, 60)
    for _ in range(3):  # new values, same pattern: analysis reused
        data = m.data * rng.uniform(0.5, 1.5, m.nnz)
        b = rng.normal(size=60)
        x = lu.factor(data)(b)
        assert np.allclose(sp.csc_matrix((data, m.indices, m.indptr), shape=m.shape) @ x, b, atol=1e-10)
    x = factorize(m)(np.ones(60))
    assert np.allclose(m @ x, 1.0, atol=1e-10)


@pytest.mark.parametrize("backend", ["superlu", "auto"])
def test_sparse_lu_singular_raises(backend, monkeypatch):
    monkeypatch.setenv("GRIDSOLVE_SPARSE_LU", backend)
    m = sp.csc_matrix(np.array([[1.0, 2.0, 0.0], [2.0, 4.0, 0.0], [0.0, 0.0, 0.0]]))
    m.eliminate_zeros()
    with pytest.raises(SingularJacobian):
        factorize(m)
    assert common.lu_backend() in ("klu", "superlu")


def matpower_ds_dv(ybus: sp.csr_matrix, v: np.ndarray) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """MATPOWER's dSbus_dV (polar), written as its sparse matrix products: the independent reference."""
    ibus = ybus @ v
    vnorm = v / np.abs(v)
    diag_v = sp.diags(v)
    ds_dvm = diag_v @ (ybus @ sp.diags(vnorm)).conj() + sp.diags(np.conj(ibus) * vnorm)
    ds_dva = 1j * diag_v @ (sp.diags(ibus) - ybus @ diag_v).conj()
    return ds_dvm.tocsr(), ds_dva.tocsr()


def test_fixed_pattern_jacobian_equals_matpower_formula():
    from gridsolve import compile_network
    from gridsolve.compile import PQ, PV
    from gridsolve.powerflow.newton import JacobianPattern

    cn = compile_network(gio.read_case(require_data("matpower/case118.m")))
    ybus = cn.ybus()
    rng = np.random.default_rng(7)
    v = (1 + 0.05 * rng.standard_normal(cn.n_bus)) * np.exp(1j * 0.2 * rng.standard_normal(cn.n_bus))
    pv, pq = np.flatnonzero(cn.bus_type == PV), np.flatnonzero(cn.bus_type == PQ)
    pvpq = np.r_[pv, pq]
    ds_dvm, ds_dva = matpower_ds_dv(ybus, v)
    expected = sp.bmat([
        [ds_dva[pvpq][:, pvpq].real, ds_dvm[pvpq][:, pq].real],
        [ds_dva[pq][:, pvpq].imag, ds_dvm[pq][:, pq].imag],
    ]).toarray()
    ours = JacobianPattern(ybus, pv, pq).jacobian(v).toarray()
    assert np.max(np.abs(ours - expected)) < 1e-12 * np.max(np.abs(expected))
