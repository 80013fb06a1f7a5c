"""
Vector and matrix helpers and reductions against NumPy (float64 / long double sums),
hard inputs (norm2's overflow and underflow rescaling, inf, NaN, empty inputs), thread
independence, and add_row_bias's backward (col_sums) against autodiff.
"""
import numpy as np
import pytest

import dendrite_c as dd
from support import DTYPES, ad_vjp, assert_close, dtype_id, tol

SIZES = [0, 1, 7, 8, 9, 100, 1001, 70001]  # the 8-way sums' tails, chunked parallel sums
SHAPES = [(1, 1), (3, 5), (7, 128), (5, 129), (300, 257), (600, 130)]  # column blocks of 128


def exact_sum(x):
    return float(np.sum(np.asarray(x, np.longdouble)))


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_scalar_reductions(dtype, rng, seed):
    for n in SIZES:
        x = (rng.standard_normal(n) * 10).astype(dtype)
        y = rng.standard_normal(n).astype(dtype)
        xl = x.astype(np.longdouble)
        # accumulated in double: relative to the sum of magnitudes, a few double eps * log n
        mag = float(np.sum(np.abs(xl))) + 1e-300
        atol = 64 * np.finfo(np.float64).eps * mag
        assert_close(dd.sum(x), exact_sum(x), 0, atol, f"sum n={n}", seed)
        assert_close(dd.mean(x), exact_sum(x) / n if n else 0.0, 0, atol / max(n, 1), f"mean n={n}")
        assert_close(dd.mean_abs(x), float(np.sum(np.abs(xl))) / n if n else 0.0, 1e-14, 0,
                     f"mean_abs n={n}")
        assert_close(dd.norm2(x), float(np.sqrt(np.sum(xl * xl))), 1e-14, 0, f"norm2 n={n}")
        dmag = float(np.sum(np.abs(xl * y.astype(np.longdouble)))) + 1e-300
        assert_close(dd.dot(x, y), float(np.sum(xl * y.astype(np.longdouble))), 0,
                     64 * np.finfo(np.float64).eps * dmag, f"dot n={n}")


def test_empty_gives_zero():
    for dtype in DTYPES:
        e = np.zeros(0, dtype)
        assert dd.sum(e) == 0 and dd.mean(e) == 0 and dd.mean_abs(e) == 0
        assert dd.norm2(e) == 0 and dd.dot(e, e) == 0


def test_norm2_rescaling():
    """Squares that overflow or underflow double are rescaled: exact-ish results."""
    for v, n in ((1e200, 4), (1e-200, 9), (3e-320, 16), (1e154, 3), (1.2e308, 2)):
        x = np.full(n, v)
        assert_close(dd.norm2(x), v * np.sqrt(n), 1e-15, 0, f"norm2({v} x {n})")
    x = np.array([1e300, 1.0, -1e300, 1e-300])
    assert_close(dd.norm2(x), 1e300 * np.sqrt(2), 1e-15, 0, "mixed magnitudes")
    assert dd.norm2(np.array([1.0, np.inf, 2.0])) == np.inf
    assert dd.norm2(np.array([-np.inf, 1.0])) == np.inf
    assert np.isnan(dd.norm2(np.array([1.0, np.nan])))
    assert dd.norm2(np.zeros(5)) == 0
    # float32 needs no rescaling (the squares are doubles) but must still be right
    f = np.full(10, 3e38, np.float32)
    assert_close(dd.norm2(f), float(np.float32(3e38)) * np.sqrt(10), 1e-15, 0, "float32 near max")
    f = np.full(10, 1e-45, np.float32)
    assert_close(dd.norm2(f), float(np.float32(1e-45)) * np.sqrt(10), 1e-15, 0, "float32 subnormal")


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_reductions_hard(dtype):
    x = np.array([1000, -1000, 1e-30, 0, -0.0, 1e-30], dtype)
    assert dd.sum(x) == 2 * float(dtype(1e-30))
    assert dd.mean_abs(x) == pytest.approx((2000 + 2 * float(dtype(1e-30))) / 6, rel=1e-15)
    xn = np.array([1, np.nan, 2], dtype)
    for f in (dd.sum, dd.mean, dd.mean_abs, dd.norm2):
        assert np.isnan(f(xn)), f.__name__
    assert np.isnan(dd.dot(xn, np.ones(3, dtype)))
    assert dd.sum(np.array([np.inf, 1], dtype)) == np.inf
    assert np.isnan(dd.sum(np.array([np.inf, -np.inf], dtype)))


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_matrix_helpers(dtype, rng, seed):
    for m, n in SHAPES:
        x = (rng.standard_normal((m, n)) * 3).astype(dtype)
        bias = rng.standard_normal(n).astype(dtype)
        y = dd.add_row_bias(x, bias)
        np.testing.assert_array_equal(y, x + bias)  # one rounding, exactly NumPy's
        buf = x.copy()
        dd.add_row_bias(buf, bias, out=buf)  # y may equal x
        np.testing.assert_array_equal(buf, y)
        xl = x.astype(np.longdouble)
        rtol, _ = tol(dtype)
        cs_atol = 8 * np.finfo(dtype).eps * np.abs(xl).sum(axis=0).astype(np.float64) / 4
        assert_close(dd.col_sums(x), xl.sum(axis=0).astype(np.float64), rtol, cs_atol + 1e-300,
                     f"col_sums {m}x{n}", seed)
        rs_atol = 8 * np.finfo(dtype).eps * np.abs(xl).sum(axis=1).astype(np.float64) / 4
        assert_close(dd.row_sums(x), xl.sum(axis=1).astype(np.float64), rtol, rs_atol + 1e-300,
                     f"row_sums {m}x{n}", seed)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_axpy_scale_fill(dtype, rng):
    for n in SIZES:
        x = rng.standard_normal(n).astype(dtype)
        y = rng.standard_normal(n).astype(dtype)
        y0 = y.copy()
        dd.axpy(dtype(-1.5), x, y)
        # alpha * x + y with one or two roundings (FMA or not): within 1 ulp of the exact value
        exact = -1.5 * x.astype(np.float64) + y0.astype(np.float64)
        assert_close(y, exact, np.finfo(dtype).eps, np.finfo(dtype).eps * np.abs(1.5 * x.astype(np.float64)),
                     f"axpy n={n}")
        s = x.copy()
        dd.scale(dtype(0.25), s)
        np.testing.assert_array_equal(s, x * dtype(0.25))
        f = np.empty(n, dtype)
        dd.fill(f, dtype(-7.5))
        assert np.all(f == -7.5)
    # NaN and inf go through
    v = np.array([np.nan, np.inf, 1], dtype)
    dd.scale(dtype(2), v)
    assert np.isnan(v[0]) and v[1] == np.inf and v[2] == 2
    dd.scale(dtype(0), v)
    assert np.isnan(v[0]) and np.isnan(v[1]) and v[2] == 0  # 0 * inf = NaN, as IEEE says


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_threads_same_bits(dtype, rng, threads):
    x = rng.standard_normal(200003).astype(dtype)
    y = rng.standard_normal(200003).astype(dtype)
    M = rng.standard_normal((700, 300)).astype(dtype)
    res = []
    for t in (1, 2):
        threads(t)
        res.append([dd.sum(x), dd.mean(x), dd.mean_abs(x), dd.norm2(x), dd.dot(x, y),
                    dd.col_sums(M), dd.row_sums(M), dd.add_row_bias(M, M[0]),
                    dd.axpy(dtype(0.5), x, y.copy()), dd.scale(dtype(3), x.copy())])
    for a, b in zip(*res):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_col_sums_is_add_row_bias_backward(dtype, rng, seed, need_ad):
    x = rng.standard_normal((9, 131)).astype(dtype)
    bias = rng.standard_normal(131).astype(dtype)
    g = rng.standard_normal(x.shape).astype(dtype)
    x64 = x.astype(np.float64)
    vjp = ad_vjp(lambda b: x64 + b, bias, g)  # rows broadcast: the VJP sums them
    rtol, atol = tol(dtype, rel=8)
    assert_close(dd.col_sums(g), vjp, rtol, atol * 10, "col_sums vs vjp of add_row_bias", seed)
