"""
GEMM: dd_sgemm / dd_dgemm (each micro kernel this CPU has) and the reference
dd_*gemm_ref against NumPy, over every transpose pair, shapes that cross the micro tile
(6x16 / 6x8) and cache blocks (KC = 256, MC = 144 / 72, NC = 4080), leading dimensions
larger than the rows (strided views and explicit ld on flat buffers), alpha / beta cases,
beta == 0 with NaN in C, hard values, threads; and a linear layer's backward, written
with GEMM and col_sums, against autodiff.

Error bound: |C - C_ref| <= (k + 4) eps (|alpha| |op(A)| |op(B)| + |beta| |C0|) per
element, the classic bound for a k-term dot product (plus the final scaling).
"""
import numpy as np
import pytest

import dendrite_c as dd
from conftest import available_gemm_kernels
from support import DTYPES, ad_vjp, assert_close, dtype_id

KERNELS = available_gemm_kernels()
TRANS = [(False, False), (False, True), (True, False), (True, True)]
SHAPES = [(0, 0, 0), (0, 5, 3), (4, 0, 3), (3, 4, 0), (1, 1, 1), (5, 7, 3), (6, 16, 8),
          (7, 17, 9), (13, 33, 65), (145, 20, 257), (73, 9, 300), (2, 4100, 3)]
ALPHA_BETA = [(1.0, 0.0), (-2.5, 0.0), (1.0, 1.0), (0.5, -0.75), (0.0, 2.0)]


def stored(rng, rows, cols, dtype, trans):
    """A random matrix stored so that op(stored) is rows x cols."""
    x = rng.standard_normal((cols, rows) if trans else (rows, cols)).astype(dtype)
    return x


def op(x, trans):
    return x.T if trans else x


def reference(a, b, c0, alpha, beta, ta, tb):
    A = op(a.astype(np.float64), ta)
    B = op(b.astype(np.float64), tb)
    exact = alpha * (A @ B)
    bound_terms = abs(alpha) * (np.abs(A) @ np.abs(B))
    if beta != 0:
        exact = exact + beta * c0.astype(np.float64)
        bound_terms = bound_terms + abs(beta) * np.abs(c0.astype(np.float64))
    return exact, bound_terms


def check(c, a, b, c0, alpha, beta, ta, tb, what):
    k = op(a, ta).shape[1]
    exact, terms = reference(a, b, c0, alpha, beta, ta, tb)
    eps = np.finfo(c.dtype).eps
    assert_close(c, exact, 0.0, (k + 4) * eps * terms + np.finfo(c.dtype).tiny, what)


@pytest.fixture(params=KERNELS + ["ref"])
def impl(request, gemm_kernel):
    """Each micro kernel through dd_*gemm, and dd_*gemm_ref."""
    if request.param != "ref":
        assert gemm_kernel(request.param)
    return request.param


def call(impl, *args, **kw):
    return (dd.gemm_ref if impl == "ref" else dd.gemm)(*args, **kw)


@pytest.mark.parametrize("ta,tb", TRANS, ids=["NN", "NT", "TN", "TT"])
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_gemm_shapes(impl, dtype, ta, tb, rng, seed):
    for m, n, k in SHAPES:
        a = stored(rng, m, k, dtype, ta)
        b = stored(rng, k, n, dtype, tb)
        for alpha, beta in ALPHA_BETA:
            c0 = rng.standard_normal((m, n)).astype(dtype)
            if beta == 0:
                c0[...] = np.nan  # beta == 0 never reads C
            c = call(impl, a, b, c0.copy(), alpha, beta, ta, tb)
            check(c, a, b, c0, alpha, beta, ta, tb,
                  f"{impl} {m}x{n}x{k} ta={ta} tb={tb} alpha={alpha} beta={beta} seed={seed}")


@pytest.mark.parametrize("ta,tb", TRANS, ids=["NN", "NT", "TN", "TT"])
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_strided_views(impl, dtype, ta, tb, rng, seed):
    """Submatrices of larger arrays: each row stride is passed as lda / ldb / ldc, and
    C's elements outside the view are left alone."""
    m, n, k = 19, 23, 37
    A_big = rng.standard_normal((60, 70)).astype(dtype)
    B_big = rng.standard_normal((60, 70)).astype(dtype)
    C_big = rng.standard_normal((40, 50)).astype(dtype)
    a = A_big[3:3 + (k if ta else m), 5:5 + (m if ta else k)]
    b = B_big[1:1 + (n if tb else k), 2:2 + (k if tb else n)]
    before = C_big.copy()
    c = C_big[2:2 + m, 4:4 + n]
    c0 = c.copy()
    call(impl, a, b, c, 1.5, 0.5, ta, tb)
    check(c, a, b, c0, 1.5, 0.5, ta, tb, f"{impl} strided seed={seed}")
    mask = np.ones_like(C_big, bool)
    mask[2:2 + m, 4:4 + n] = False
    np.testing.assert_array_equal(C_big[mask], before[mask])


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_explicit_leading_dimensions(impl, dtype, rng):
    """The raw call on flat buffers with lda, ldb, ldc > the row lengths (padding
    filled with NaN, which must never be read, and must stay as it is in C)."""
    for ta, tb in TRANS:
        m, n, k = 7, 11, 5
        ar, ac = (k, m) if ta else (m, k)
        br, bc = (n, k) if tb else (k, n)
        lda, ldb, ldc = ac + 3, bc + 5, n + 2
        a_flat = np.full(ar * lda, np.nan, dtype)
        b_flat = np.full(br * ldb, np.nan, dtype)
        c_flat = np.full(m * ldc, np.nan, dtype)
        a = rng.standard_normal((ar, ac)).astype(dtype)
        b = rng.standard_normal((br, bc)).astype(dtype)
        for i in range(ar):
            a_flat[i * lda:i * lda + ac] = a[i]
        for i in range(br):
            b_flat[i * ldb:i * ldb + bc] = b[i]
        dd.gemm_raw(ta, tb, m, n, k, 2.0, a_flat, lda, b_flat, ldb, 0.0, c_flat, ldc,
                    ref=impl == "ref")
        c = np.stack([c_flat[i * ldc:i * ldc + n] for i in range(m)])
        check(c, a, b, c, 2.0, 0.0, ta, tb, f"{impl} explicit ld ta={ta} tb={tb}")
        pad = np.concatenate([c_flat[i * ldc + n:(i + 1) * ldc] for i in range(m)])
        assert np.all(np.isnan(pad)), "C's padding was written"


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_hard_values(impl, dtype):
    """+-1000, 1e-30, exact zeros; NaN and inf in A reach exactly their row of C."""
    m, n, k = 9, 18, 7
    a = np.zeros((m, k), dtype)
    a[0] = 1000
    a[1] = -1000
    a[2] = 1e-30
    a[3, ::2] = 1
    b = np.ones((k, n), dtype)
    b[:, 1] = -1000
    b[:, 2] = 1e-30
    c = call(impl, a, b)
    check(c, a, b, c, 1.0, 0.0, False, False, f"{impl} hard values")
    assert np.all(c[4:] == 0), "exact zeros stay exact"
    a[5, 3] = np.nan
    a[6, 0] = np.inf
    c = call(impl, a, b)
    assert np.all(np.isnan(c[5])), "NaN in A reaches its row"
    assert np.all(np.isinf(c[6, [0, 2]])) and np.isinf(c[6, 1])
    others = np.delete(c, [5, 6], axis=0)
    assert np.all(np.isfinite(others)), "NaN / inf stay in their rows"


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_threads(impl, dtype, rng, threads):
    """Above the parallel threshold (m n k >= 2^19): 1 and 2 threads agree bit for bit
    (each element of C is one thread's dot product in the same order)."""
    m, n, k = 150, 170, 90
    a = rng.standard_normal((m, k)).astype(dtype)
    b = rng.standard_normal((n, k)).astype(dtype)
    out = []
    for t in (1, 2):
        threads(t)
        out.append(call(impl, a, b, trans_b=True))
    np.testing.assert_array_equal(out[0], out[1])
    check(out[1], a, b, out[1], 1.0, 0.0, False, True, f"{impl} 2 threads")


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_kernels_agree(dtype, rng, gemm_kernel):
    """Every micro kernel and the reference loop agree within the error bound."""
    a = rng.standard_normal((37, 300)).astype(dtype)
    b = rng.standard_normal((300, 41)).astype(dtype)
    results = {"ref": dd.gemm_ref(a, b)}
    for k in KERNELS:
        assert gemm_kernel(k)
        results[k] = dd.gemm(a, b)
    for k, c in results.items():
        check(c, a, b, c, 1.0, 0.0, False, False, f"kernel {k}")


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_linear_layer_backward_vs_autodiff(dtype, rng, seed, need_ad):
    """Y = X W^T + b through dd gemm + add_row_bias; its backward dX = G W (NN),
    dW = G^T X (TN), db = col_sums(G), against the VJP of the same function."""
    from support import anp
    nb, fin, fout = 17, 23, 11
    X = rng.standard_normal((nb, fin)).astype(dtype)
    W = rng.standard_normal((fout, fin)).astype(dtype)
    bias = rng.standard_normal(fout).astype(dtype)
    G = rng.standard_normal((nb, fout)).astype(dtype)
    Y = dd.add_row_bias(dd.gemm(X, W, trans_b=True), bias)
    assert_close(Y, X.astype(np.float64) @ W.T.astype(np.float64) + bias, 1e-5 if dtype == np.float32 else 1e-12,
                 1e-5 if dtype == np.float32 else 1e-12, "forward", seed)
    dX = dd.gemm(G, W)
    dW = dd.gemm(G, X, trans_a=True)
    db = dd.col_sums(G)
    W64, X64, b64 = (v.astype(np.float64) for v in (W, X, bias))
    rt = 1e-5 if dtype == np.float32 else 1e-12
    assert_close(dX, ad_vjp(lambda x: anp.dot(x, W64.T) + b64, X, G), rt, rt, "dX", seed)
    assert_close(dW, ad_vjp(lambda w: anp.dot(X64, w.T) + b64, W, G), rt, rt, "dW", seed)
    assert_close(db, ad_vjp(lambda bb: anp.dot(X64, W64.T) + bb, bias, G), rt, rt, "db", seed)
