"""
Losses: values against NumPy (PyTorch's formulas, clamps included), gradients against the
NumPy formulas AND against autodiff (jax.grad of the reduced loss; for reduction "none",
of the sum of the values), every reduction, float32 and float64, hard inputs.
"""
import numpy as np
import pytest

import dendrite_c as dd
import refs
from support import DTYPES, ad_grad, assert_close, dtype_id, tol

REDUCTIONS = ["none", "sum", "mean"]
ELEMENTWISE = ["mse", "bce", "bce_logits"]
ROWWISE = ["cross_entropy", "cross_entropy_soft", "nll"]
KERNEL = {"mse": dd.mse_loss, "bce": dd.bce_loss, "bce_logits": dd.bce_logits_loss,
          "cross_entropy": dd.cross_entropy_loss, "cross_entropy_soft": dd.cross_entropy_soft_loss,
          "nll": dd.nll_loss}
NP_REF = {"mse": refs.np_mse, "bce": refs.np_bce, "bce_logits": refs.np_bce_logits,
          "cross_entropy": refs.np_cross_entropy, "cross_entropy_soft": refs.np_cross_entropy_soft,
          "nll": refs.np_nll}


def make_inputs(name, rng, dtype, n=37, c=5):
    """(first input, target or labels, one-hot/soft target for autodiff, item count)."""
    if name == "mse":
        return (rng.standard_normal(n).astype(dtype), rng.standard_normal(n).astype(dtype), None, n)
    if name == "bce":  # probabilities away from the clamps, targets in [0, 1] (soft ones too)
        p = rng.uniform(0.02, 0.98, n).astype(dtype)
        y = np.where(rng.random(n) < 0.5, rng.integers(0, 2, n), rng.random(n)).astype(dtype)
        return p, y, None, n
    if name == "bce_logits":
        z = (rng.standard_normal(n) * 4).astype(dtype)
        y = np.where(rng.random(n) < 0.5, rng.integers(0, 2, n), rng.random(n)).astype(dtype)
        return z, y, None, n
    labels = rng.integers(0, c, n).astype(np.int32)
    onehot = np.eye(c)[labels]
    if name == "cross_entropy":
        return (rng.standard_normal((n, c)) * 3).astype(dtype), labels, onehot, n
    if name == "nll":
        z = (rng.standard_normal((n, c)) * 3)
        return refs.np_log_softmax(z).astype(dtype), labels, onehot, n
    t = rng.random((n, c)) ** 3
    t = (t / t.sum(axis=1, keepdims=True)).astype(dtype)
    return (rng.standard_normal((n, c)) * 3).astype(dtype), t, t.astype(np.float64), n


def target_for_ad(name, t, soft):
    return soft if soft is not None else np.asarray(t, np.float64)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name", ELEMENTWISE + ROWWISE)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_loss_and_grad(name, reduction, dtype, rng, seed, need_ad):
    x, t, soft, n = make_inputs(name, rng, dtype)
    loss, grad = KERNEL[name](x, t, reduction)
    assert loss.dtype == dtype and grad.dtype == dtype and grad.shape == x.shape
    values, g = NP_REF[name](x, t)
    ref_loss, ref_grad = refs.reduce_ref(values, g, reduction, n)
    rtol, atol = tol(dtype, rel=4)
    scale = 1.0 if reduction != "sum" else n
    assert_close(loss, ref_loss, rtol, atol * scale, f"{name} {reduction} loss", seed)
    assert_close(grad, ref_grad, rtol, atol, f"{name} {reduction} grad vs NumPy", seed)
    f = refs.ad_loss(name, target_for_ad(name, t, soft), reduction)
    assert_close(grad, ad_grad(f, x), rtol, atol, f"{name} {reduction} grad vs autodiff", seed)
    # and the value itself through the autodiff function (same formula, other code)
    assert_close(np.sum(loss) if reduction == "none" else loss,
                 np.asarray(f(np.asarray(x, np.float64))), rtol, atol * n,
                 f"{name} {reduction} loss vs autodiff-side value", seed)
    # no gradient asked: the same loss, nothing else written
    loss2, none = KERNEL[name](x, t, reduction, grad=False)
    assert none is None
    np.testing.assert_array_equal(loss2, loss)


@pytest.mark.parametrize("name", ELEMENTWISE + ROWWISE)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_large_n_threads_same_bits(name, dtype, rng, threads):
    """Above the parallel threshold the sums are chunked in a fixed order: 1 and 2
    threads give the same bits (chunked.h), and the values still match NumPy."""
    n = 70001 if name in ELEMENTWISE else 14001
    x, t, _, _ = make_inputs(name, rng, dtype, n=n, c=7)
    out = {}
    for th in (1, 2):
        threads(th)
        out[th] = [KERNEL[name](x, t, r) for r in REDUCTIONS]
    for (l1, g1), (l2, g2) in zip(out[1], out[2]):
        np.testing.assert_array_equal(l1, l2)
        np.testing.assert_array_equal(g1, g2)
    values, _ = NP_REF[name](x, t)
    rtol, _ = tol(dtype, rel=4)
    assert_close(out[2][2][0], np.mean(values), rtol, 0, f"{name} mean, large n")


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_mse_hard(dtype):
    x = np.array([1000, -1000, 1e-30, 0, 0, np.nan, 3], dtype)
    t = np.array([-1000, 1000, 0, 1e-30, 0, 1, np.nan], dtype)
    loss, grad = dd.mse_loss(x, t, "none")
    vals, g = refs.np_mse(x, t)
    assert_close(loss, vals.astype(dtype), 1e-7, 0, "mse hard")
    assert_close(grad, g.astype(dtype), 1e-7, 0, "mse grad hard")
    assert np.isnan(dd.mse_loss(x, t, "sum")[0]), "NaN propagates to the reduced loss"


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_bce_clamps(dtype):
    """PyTorch's clamps: each log at -100 (so p = 0 or 1 give 100, never inf, and
    0 * log 0 is 0), the gradient's p(1-p) at 1e-12f (a float constant in both precisions)."""
    p = np.array([0, 0, 1, 1, 1e-30, 1 - 1e-7, 0.5, np.nan], dtype)
    y = np.array([0, 1, 0, 1, 1, 0, 0.5, 1], dtype)
    loss, grad = dd.bce_loss(p, y, "none")
    vals, g = refs.np_bce(p, y)
    rtol = 1e-6 if dtype == np.float32 else 1e-13
    assert_close(loss, vals, rtol, 0, "bce clamped values")
    assert_close(grad, g, rtol, 0, "bce clamped gradient")
    np.testing.assert_array_equal(loss[:4], [0, 100, 100, 0])
    eps = float(np.float32(1e-12))
    assert grad[1] == dtype(-1 / eps) and grad[2] == dtype(1 / eps)
    assert grad[0] == 0 and grad[3] == 0
    assert np.isnan(loss[-1]) and np.isnan(grad[-1])


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_bce_logits_hard(dtype):
    """Stable at +-1000, and the small loss of a confident correct prediction keeps its
    relative precision (log1p(e^-40) = 4.2e-18, not 0)."""
    z = np.array([1000, -1000, 1000, -1000, 40, -40, 0, 1e-30, np.nan], dtype)
    y = np.array([1, 0, 0, 1, 1, 0, 0.5, 1, 1], dtype)
    loss, grad = dd.bce_logits_loss(z, y, "none")
    vals, g = refs.np_bce_logits(z, y)
    rtol = 1e-6 if dtype == np.float32 else 1e-14
    assert_close(loss, vals, rtol, 0, "bce_logits hard values")
    assert_close(grad, g, rtol, 1e-300, "bce_logits hard gradient")
    assert loss[4] > 0 and abs(loss[4] / np.log1p(np.exp(-40.0)) - 1) < 1e-6
    assert np.isnan(loss[-1]) and np.isnan(grad[-1])


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_cross_entropy_hard(dtype, rng):
    """Large logit offsets keep their digits (the max - z[label] difference is taken
    first), c = 1 gives 0, and soft CE with one-hot targets is label CE exactly."""
    z = np.array([[12345.0, 12344.0, 12343.0], [1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0],
                  [1e-30, 0.0, -1e-30], [0.0, 0.0, 0.0]], dtype)
    labels = np.array([1, 0, 2, 1, 2], np.int32)
    loss, grad = dd.cross_entropy_loss(z, labels, "none")
    shifted = z.astype(np.float64) - z.astype(np.float64).max(axis=1, keepdims=True)
    vals, g = refs.np_cross_entropy(shifted, labels)  # shifting by the max is exact
    rtol = 1e-6 if dtype == np.float32 else 1e-14
    assert_close(loss, vals, rtol, 1e-300, "cross entropy large offsets")
    assert_close(grad, g, rtol, 1e-300, "cross entropy grad large offsets")
    soft_loss, soft_grad = dd.cross_entropy_soft_loss(z, np.eye(3, dtype=dtype)[labels], "none")
    np.testing.assert_array_equal(soft_loss, loss)
    np.testing.assert_array_equal(soft_grad, grad)
    one = dd.cross_entropy_loss(np.array([[3.0], [-7.0]], dtype), np.array([0, 0], np.int32), "sum")
    assert one[0] == 0 and np.all(one[1] == 0)
    # NaN in a row reaches that row's loss
    zn = z.copy()
    zn[2, 1] = np.nan
    ln, _ = dd.cross_entropy_loss(zn, labels, "none")
    assert np.isnan(ln[2]) and np.all(np.isfinite(np.delete(ln, 2)))


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_empty_batch(dtype):
    """MEAN over nothing is 0/0 = NaN (PyTorch); SUM is 0."""
    e = np.zeros(0, dtype)
    assert np.isnan(dd.mse_loss(e, e, "mean")[0])
    assert dd.mse_loss(e, e, "sum")[0] == 0
    assert dd.bce_logits_loss(e, e, "none")[0].size == 0
    z = np.zeros((0, 4), dtype)
    assert np.isnan(dd.cross_entropy_loss(z, np.zeros(0, np.int32), "mean")[0])
    assert dd.nll_loss(z, np.zeros(0, np.int32), "sum")[0] == 0
