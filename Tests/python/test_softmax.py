"""
Row softmax and log-softmax: forward against NumPy; the O(c) backward products against
the formulas and against autodiff (jax.vjp); the JVP against jax.jvp (softmax's Jacobian is
symmetric, so softmax_backward also computes J v); the explicit Jacobian against
jax.jacobian; the Jacobian backward against einsum, the fast path and autodiff.
"""
import numpy as np
import pytest

import dendrite_c as dd
import refs
from support import ad_jacobian, ad_jvp, ad_vjp, assert_close, tol

SHAPES = [(1, 1), (3, 5), (7, 16), (4, 257), (2, 1000), (300, 300)]  # tiles, rows in parallel


def shape_id(s):
    return f"{s[0]}x{s[1]}"


def logits(rng, shape, dtype, spread=3.0):
    return (rng.standard_normal(shape) * spread).astype(dtype)


@pytest.mark.parametrize("shape", SHAPES, ids=shape_id)
def test_forward(shape, variant, rng, seed):
    z = logits(rng, shape, variant)
    rtol, atol = tol(variant, rel=4)
    a = dd.softmax_forward(z)
    assert_close(a, refs.np_softmax(z), rtol, atol, "softmax", seed)
    assert_close(a.astype(np.float64).sum(axis=1), np.ones(shape[0]), 0, 8 * shape[1] * np.finfo(variant).eps)
    l = dd.log_softmax_forward(z)
    assert_close(l, refs.np_log_softmax(z), rtol, atol * 10, "log_softmax", seed)


@pytest.mark.parametrize("shape", SHAPES[:-1], ids=shape_id)
def test_backward_vs_formula_and_autodiff(shape, variant, rng, seed, need_ad):
    z = logits(rng, shape, variant)
    g = rng.standard_normal(shape).astype(variant)
    rtol, atol = tol(variant, rel=8)
    a = dd.softmax_forward(z)
    d = dd.softmax_backward(a, g)
    a64, g64 = a.astype(np.float64), g.astype(np.float64)
    formula = a64 * (g64 - (g64 * a64).sum(axis=1, keepdims=True))
    assert_close(d, formula, rtol, atol, "softmax backward vs A (dLdA - <dLdA, A>)", seed)
    assert_close(d, ad_vjp(refs.ad_softmax, z, g), rtol, atol, "softmax backward vs autodiff", seed)

    l = dd.log_softmax_forward(z)
    d = dd.log_softmax_backward(l, g)
    formula = g64 - np.exp(l.astype(np.float64)) * g64.sum(axis=1, keepdims=True)
    scale = max(1.0, np.abs(g64).sum(axis=1).max())
    assert_close(d, formula, rtol, atol * scale, "log_softmax backward vs formula", seed)
    assert_close(d, ad_vjp(refs.ad_log_softmax, z, g), rtol, atol * scale,
                 "log_softmax backward vs autodiff", seed)


@pytest.mark.parametrize("shape", [(3, 5), (2, 33)], ids=shape_id)
def test_jvp(shape, variant, rng, seed, need_ad):
    """J v through the kernels: softmax's Jacobian is symmetric, so softmax_backward(a, v)
    is also the forward-mode product; log-softmax's J v = v - <a, v> (via its Jacobian)."""
    z = logits(rng, shape, variant)
    v = rng.standard_normal(shape).astype(variant)
    rtol, atol = tol(variant, rel=8)
    a = dd.softmax_forward(z)
    assert_close(dd.softmax_backward(a, v), ad_jvp(refs.ad_softmax, z, v), rtol, atol,
                 "softmax J v vs jvp", seed)
    # J v == jacobian_backward with J^T = J
    assert_close(dd.softmax_jacobian_backward(dd.softmax_jacobian(a), v),
                 ad_jvp(refs.ad_softmax, z, v), rtol, atol, "softmax J v (explicit J)", seed)
    l = dd.log_softmax_forward(z)
    v64 = v.astype(np.float64)
    lsm_jvp = v64 - (np.exp(l.astype(np.float64)) * v64).sum(axis=1, keepdims=True)
    assert_close(lsm_jvp, ad_jvp(refs.ad_log_softmax, z, v), rtol, atol * 4,
                 "log_softmax J v from the kernel's L vs jvp", seed)


@pytest.mark.parametrize("shape", [(1, 1), (3, 4), (2, 17), (2, 70)], ids=shape_id)
def test_jacobian(shape, variant, rng, seed, need_ad):
    z = logits(rng, shape, variant)
    a = dd.softmax_forward(z)
    jac = dd.softmax_jacobian(a)
    assert jac.shape == (shape[0], shape[1], shape[1])
    a64 = a.astype(np.float64)
    explicit = np.stack([np.diag(r) - np.outer(r, r) for r in a64])
    rtol, atol = tol(variant, rel=4)
    assert_close(jac, explicit, rtol, atol, "diag(a) - a a^T", seed)
    J = ad_jacobian(refs.ad_softmax, z)  # n x c x n x c; rows are independent
    for i in range(shape[0]):
        assert_close(jac[i], J[i, :, i, :], rtol, atol * 4, f"row {i} vs jacobian()", seed)
        off = np.delete(J[i], i, axis=1)
        assert np.all(off == 0), "rows do not interact"
    # symmetric, rows sum to zero
    np.testing.assert_array_equal(jac, np.swapaxes(jac, 1, 2))
    assert_close(jac.astype(np.float64).sum(axis=2), 0.0, 0, 4 * shape[1] * np.finfo(variant).eps)


@pytest.mark.parametrize("shape", [(1, 1), (3, 4), (2, 65), (5, 130)], ids=shape_id)
def test_jacobian_backward(shape, variant, rng, seed, need_ad):
    """The slow path (explicit J) against einsum, the fast path and autodiff; c > 64
    crosses the kernel's column blocks."""
    z = logits(rng, shape, variant)
    g = rng.standard_normal(shape).astype(variant)
    a = dd.softmax_forward(z)
    jac = dd.softmax_jacobian(a)
    slow = dd.softmax_jacobian_backward(jac, g)
    rtol, atol = tol(variant, rel=8)
    assert_close(slow, np.einsum("ijk,ij->ik", jac.astype(np.float64), g.astype(np.float64)),
                 rtol, atol, "J^T g vs einsum", seed)
    assert_close(slow, dd.softmax_backward(a, g), rtol, atol, "slow vs fast path", seed)
    assert_close(slow, ad_vjp(refs.ad_softmax, z, g), rtol, atol, "slow path vs autodiff", seed)
    # arbitrary (non-softmax) J: the kernel is a plain batched J^T g
    J = rng.standard_normal((shape[0], shape[1], shape[1])).astype(variant)
    assert_close(dd.softmax_jacobian_backward(J, g),
                 np.einsum("ijk,ij->ik", J.astype(np.float64), g.astype(np.float64)),
                 rtol, atol * shape[1], "general J^T g", seed)


def test_hard_rows(variant):
    inf = np.inf
    z = np.array([
        [1000.0, -1000.0, 0.0, 999.0],
        [12345.0, 12344.0, 12343.0, -12345.0],
        [1e-30, -1e-30, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0],
        [-inf, 0.0, -inf, 1.0],
        [-inf, -inf, -inf, 5.0],
        [-3e38, 3e38, 0.0, 1.0],
    ], variant)
    a = dd.softmax_forward(z)
    l = dd.log_softmax_forward(z)
    ref = refs.np_softmax(z)
    rtol, atol = tol(variant, rel=4)
    assert_close(a, ref, rtol, atol, "softmax hard rows")
    # L = z - (max + log sum): in float64 the shift is rounded at the logits' magnitude, so
    # the absolute error is a few ULPs of max |z| (see test_log_softmax_large_offset)
    big = np.max(np.abs(np.where(np.isfinite(z), z, 0)), axis=1, keepdims=True)
    lref = rounded(refs.np_log_softmax(z), variant)
    assert_close(l, lref, rtol, atol + 2 * np.finfo(variant).eps * big, "log_softmax hard rows")
    # exact values: -inf logits give 0 / -inf; 1000 vs 999 keeps its digits
    assert a[4, 0] == 0 and a[4, 2] == 0 and l[4, 0] == -inf
    assert a[5, 3] == 1 and l[5, 3] == 0
    assert_close(l[0, 1], -2000.0 - np.log1p(np.exp(-1.0)), 0, 2e-3 if variant == np.float32 else 1e-9)
    # backward through the saved outputs of those rows stays finite
    g = np.linspace(-1, 1, z.size).reshape(z.shape).astype(variant)
    assert np.all(np.isfinite(dd.softmax_backward(a, g)))
    d = dd.log_softmax_backward(l, g)
    assert np.all(np.isfinite(d))
    assert_close(d, ad_free_log_softmax_backward(l, g), rtol, atol * 4, "log_softmax backward")


def rounded(x, dtype):
    with np.errstate(over="ignore"):
        return np.asarray(x).astype(dtype).astype(np.float64)


def test_log_softmax_large_offset():
    """(z - max) - log sum keeps full precision for logits near 12345 (PyTorch's order)."""
    z = np.array([[12345.0, 12344.0, 12343.0, -12345.0]])
    expect = refs.np_log_softmax(z - 12345.0)  # shifting by an exact max is exact
    np.testing.assert_allclose(dd.log_softmax_forward(z), expect, rtol=1e-14, atol=1e-15)


def ad_free_log_softmax_backward(l, g):
    l64, g64 = l.astype(np.float64), g.astype(np.float64)
    return g64 - np.exp(l64) * g64.sum(axis=1, keepdims=True)


def test_nan_rows(variant):
    """A row with NaN, +inf or only -inf gives NaN (PyTorch); other rows are untouched."""
    inf, nan = np.inf, np.nan
    z = np.array([[0.0, nan, 1.0, 2.0], [inf, 0.0, 1.0, 2.0], [-inf, -inf, -inf, -inf],
                  [nan, 0.0, 0.0, 0.0], [0.0, 1.0, 2.0, 3.0]] * 3, variant)
    for f in (dd.softmax_forward, dd.log_softmax_forward):
        out = f(z)
        for r in range(z.shape[0]):
            if r % 5 == 4:
                assert np.all(np.isfinite(out[r])), f.__name__
            else:
                assert np.all(np.isnan(out[r])), (f.__name__, r, out[r])
    a = dd.softmax_forward(np.array([[0.0, 1.0, 2.0]], variant))
    d = dd.softmax_backward(a, np.array([[1.0, nan, 0.0]], variant))
    assert np.all(np.isnan(d)), "NaN in dLdA reaches the whole row through <dLdA, A>"


def test_in_place_and_empty(variant, rng):
    z = logits(rng, (4, 9), variant)
    g = rng.standard_normal(z.shape).astype(variant)
    a = dd.softmax_forward(z)
    buf = z.copy()
    dd.softmax_forward(buf, out=buf)
    np.testing.assert_array_equal(buf, a)
    l = dd.log_softmax_forward(z)
    buf = z.copy()
    dd.log_softmax_forward(buf, out=buf)
    np.testing.assert_array_equal(buf, l)
    d = dd.softmax_backward(a, g)
    gb = g.copy()
    dd.softmax_backward(a, gb, out=gb)
    np.testing.assert_array_equal(gb, d)
    d = dd.log_softmax_backward(l, g)
    gb = g.copy()
    dd.log_softmax_backward(l, gb, out=gb)
    np.testing.assert_array_equal(gb, d)
    assert dd.softmax_forward(np.zeros((0, 3), variant)).shape == (0, 3)
    assert dd.softmax_forward(np.zeros((3, 0), variant)).shape == (3, 0)


def test_threads_same_bits(variant, rng, threads):
    z = logits(rng, (700, 130), variant)
    g = rng.standard_normal(z.shape).astype(variant)
    out = []
    for t in (1, 2):
        threads(t)
        a = dd.softmax_forward(z)
        l = dd.log_softmax_forward(z)
        out.append((a, l, dd.softmax_backward(a, g), dd.log_softmax_backward(l, g),
                    dd.softmax_jacobian(a[:50]),
                    dd.softmax_jacobian_backward(dd.softmax_jacobian(a[:50]), g[:50])))
    for x, y in zip(*out):
        np.testing.assert_array_equal(x, y)
