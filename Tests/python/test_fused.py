"""
The fused linear layer (dd_*_linear_forward, dd_*_linear_backward_act,
dd_*_linear_backward) and the batch gathers against NumPy, and the fused kernels against
the chain of kernels they replace, bit for bit, through this binding too.
"""
import numpy as np
import pytest

import dendrite_c as dd
import refs
from support import DTYPES, EPS, assert_close, dtype_id

SHAPES = [(1, 1, 1), (7, 10, 3), (17, 33, 65), (128, 10, 64), (70, 130, 9)]  # m, n, k
CUSTOM = dict(slope=0.2, ceiling=0.75, alpha=0.5, beta=2.0, threshold=3.0, min_val=-0.5,
              max_val=0.25)


def _layer(rng, dtype, m, n, k):
    x = rng.uniform(-1.5, 1.5, (m, k)).astype(dtype)
    w = rng.uniform(-1.5, 1.5, (n, k)).astype(dtype)
    b = rng.uniform(-2, 2, n).astype(dtype)
    return x, w, b


def _gemm_atol(dtype, k, x, w, b=None):
    """A GEMM's error bound: k + 2 roundings of the largest products and the bias."""
    mag = float(np.max(np.abs(x)) * np.max(np.abs(w))) * k + (0 if b is None else float(np.max(np.abs(b))))
    return 4 * (k + 2) * EPS[np.dtype(dtype)] * max(mag, 1.0)


def _act_rtol(dtype):
    return 3e-5 if np.dtype(dtype) == np.float32 else 1e-12


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("act", dd.ACTS)
def test_linear_forward_against_numpy(dtype, act, rng, seed):
    for params in (None, CUSTOM):
        for m, n, k in SHAPES:
            x, w, b = _layer(rng, dtype, m, n, k)
            for bias in (b, None):
                z, a = dd.linear_forward(act, x, w, bias, params)
                z_ref = x.astype(np.float64) @ w.astype(np.float64).T
                if bias is not None:
                    z_ref += bias
                what = f"{act} {m}x{n}<-{k} bias={bias is not None} params={params is not None}"
                assert_close(z, z_ref, 0, _gemm_atol(dtype, k, x, w, bias), "Z " + what, seed)
                # f at the library's own Z: a kink or softplus's threshold between Z and
                # z_ref would otherwise test the GEMM's rounding, not f
                a_ref = refs.np_act_forward(act, z.astype(np.float64), params)
                assert_close(a, a_ref, _act_rtol(dtype), 8 * EPS[np.dtype(dtype)],
                             "A " + what, seed)
                _, a_only = dd.linear_forward(act, x, w, bias, params, keep_z=False)
                np.testing.assert_array_equal(a_only, a, err_msg="A without Z " + what)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("act", dd.ACTS)
def test_linear_forward_is_the_unfused_chain_bit_for_bit(dtype, act, rng):
    for m, n, k in SHAPES + [(128, 128, 784)]:
        x, w, b = _layer(rng, dtype, m, n, k)
        z, a = dd.linear_forward(act, x, w, b, CUSTOM)
        z_chain = np.zeros((m, n), dtype)
        dd.gemm_raw(0, 1, m, n, k, 1.0, x.ravel(), k, w.ravel(), k, 0.0, z_chain.ravel(), n)
        z_chain = dd.add_row_bias(z_chain, b)
        a_chain = dd.act_forward(act, z_chain, CUSTOM)
        assert z.tobytes() == z_chain.tobytes(), f"{act} {m}x{n}<-{k}: Z differs"
        assert a.tobytes() == a_chain.tobytes(), f"{act} {m}x{n}<-{k}: A differs"


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("act", dd.ACTS)
def test_linear_backward_against_numpy(dtype, act, rng, seed):
    for params in (None, CUSTOM):
        for m, n, k in SHAPES:
            x, w, b = _layer(rng, dtype, m, n, k)
            z, a = dd.linear_forward(act, x, w, b, params)
            g = rng.uniform(-2, 2, (m, n)).astype(dtype)
            what = f"{act} {m}x{n}<-{k} params={params is not None}"
            dz_ref = g.astype(np.float64) * refs.np_act_derivative(act, z.astype(np.float64), params)
            eps = EPS[np.dtype(dtype)]
            dz, db = dd.linear_backward_act(act, z, a, g, params)
            assert_close(dz, dz_ref, _act_rtol(dtype) * 4, 16 * eps, "dZ " + what, seed)
            dz64 = dz.astype(np.float64)
            assert_close(db, dz64.sum(axis=0), 0, 4 * (m + 2) * eps * max(float(np.max(np.abs(dz64))), 1e-30),
                         "db " + what, seed)
            dz_only, none = dd.linear_backward_act(act, z, a, g, params, bias_grad=False)
            assert none is None
            np.testing.assert_array_equal(dz_only, dz, err_msg="dZ without db " + what)

            dx, dw, db2, dz2 = dd.linear_backward(act, x, w, z, a, g, params)
            np.testing.assert_array_equal(dz2, dz, err_msg="dZ of the whole backward " + what)
            np.testing.assert_array_equal(db2, db, err_msg="db of the whole backward " + what)
            gmag = max(float(np.max(np.abs(dz64))), 1e-30) * 1.5
            assert_close(dw, dz64.T @ x.astype(np.float64), 0, 4 * (m + 2) * eps * gmag * m,
                         "dW " + what, seed)
            assert_close(dx, dz64 @ w.astype(np.float64), 0, 4 * (n + 2) * eps * gmag * n,
                         "dX " + what, seed)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_linear_backward_act_is_the_unfused_chain_bit_for_bit(dtype, rng):
    for act in dd.ACTS:
        for m, n in [(1, 1), (128, 10), (300, 130), (600, 150)]:
            z = rng.uniform(-6, 6, (m, n)).astype(dtype)
            a = dd.act_forward(act, z, CUSTOM)
            g = rng.uniform(-2, 2, (m, n)).astype(dtype)
            dz, db = dd.linear_backward_act(act, z, a, g, CUSTOM)
            dz_chain = dd.act_backward(act, z, a, g, CUSTOM)
            assert dz.tobytes() == dz_chain.tobytes(), f"{act} {m}x{n}: dZ differs"
            assert db.tobytes() == dd.col_sums(dz_chain).tobytes(), f"{act} {m}x{n}: db differs"


def test_gathers(rng):
    labels = rng.integers(0, 10, 1000).astype(np.int32)
    index = rng.permutation(1000)[:128].astype(np.int64)
    np.testing.assert_array_equal(dd.gather_labels(labels, index), labels[index])
    for dtype in DTYPES:
        x = rng.standard_normal((1000, 7)).astype(dtype)
        np.testing.assert_array_equal(dd.gather_rows(x, index), x[index])
