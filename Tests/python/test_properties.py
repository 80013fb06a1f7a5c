"""
Property tests (hypothesis, derandomized: the same examples on every run; a failure
prints its falsifying example and the blob that replays it). Arbitrary floats, infinities
and NaN included, shapes from empty up, against the same NumPy references.
"""
import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed")
from hypothesis import given, strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

import dendrite_c as dd  # noqa: E402
import refs  # noqa: E402
from support import assert_close  # noqa: E402
from test_activations import ACT_CASES, case_id as act_case_id, hard_rtol, rounded  # noqa: E402

DT = st.sampled_from([np.float32, np.float64])


def float_arrays(dtype, max_side=40, min_value=None, max_value=None, nan=True, ndim=1):
    width = 32 if dtype == np.float32 else 64
    el = st.floats(width=width, allow_nan=nan, allow_infinity=nan,
                   min_value=min_value, max_value=max_value)
    shape = hnp.array_shapes(min_dims=ndim, max_dims=ndim, min_side=0 if ndim == 1 else 1,
                             max_side=max_side)
    return hnp.arrays(dtype, shape, elements=el)


# every activation case and dtype gets its own examples (a sampled case could be missed)
PER_CASE = hypothesis.settings(max_examples=max(10, hypothesis.settings().max_examples // 4))


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("case", ACT_CASES, ids=act_case_id)
@PER_CASE
@given(data=st.data())
def test_activation_forward_any_floats(data, case, dtype):
    name, p = case
    z = data.draw(float_arrays(dtype), label="z")
    a = dd.act_forward(name, z, p)
    assert_close(a, rounded(refs.np_act_forward_any(name, z, p), dtype), hard_rtol(name, dtype),
                 16 * float(np.finfo(dtype).tiny), f"{name} forward")


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
@pytest.mark.parametrize("case", ACT_CASES, ids=act_case_id)
@PER_CASE
@given(data=st.data())
def test_activation_backward_finite_floats(data, case, dtype):
    name, p = case
    z = data.draw(float_arrays(dtype, nan=False), label="z")
    g = np.ones_like(z)
    a = dd.act_forward(name, z, p)
    d = dd.act_backward(name, z, a, g, p)
    eps = float(np.finfo(dtype).eps)
    atol = 4 * eps if name in ("sigmoid", "tanh", "gelu_tanh") else 16 * float(np.finfo(dtype).tiny)
    assert_close(d, rounded(refs.np_act_derivative_any(name, z, p), dtype), hard_rtol(name, dtype),
                 atol, f"{name} backward")


@given(m=st.integers(0, 30), n=st.integers(0, 40), k=st.integers(0, 40),
       ta=st.booleans(), tb=st.booleans(), dtype=DT,
       alpha=st.sampled_from([1.0, -0.5, 0.0, 3.0]), beta=st.sampled_from([0.0, 1.0, -2.0]),
       seed=st.integers(0, 2 ** 32 - 1))
def test_gemm_any_shape(m, n, k, ta, tb, dtype, alpha, beta, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((k, m) if ta else (m, k)).astype(dtype)
    b = rng.standard_normal((n, k) if tb else (k, n)).astype(dtype)
    c0 = rng.standard_normal((m, n)).astype(dtype)
    c = dd.gemm(a, b, c0.copy(), alpha, beta, ta, tb)
    A = (a.T if ta else a).astype(np.float64)
    B = (b.T if tb else b).astype(np.float64)
    exact = alpha * A @ B + beta * c0.astype(np.float64)
    terms = abs(alpha) * np.abs(A) @ np.abs(B) + abs(beta) * np.abs(c0.astype(np.float64))
    assert_close(c, exact, 0, (k + 4) * np.finfo(dtype).eps * terms + 1e-30, "gemm")


@given(data=st.data(), dtype=DT)
def test_softmax_rows_any_logits(data, dtype):
    z = data.draw(float_arrays(dtype, max_side=12, min_value=-1e4, max_value=1e4, nan=False, ndim=2),
                  label="z")
    a = dd.softmax_forward(z)
    l = dd.log_softmax_forward(z)
    eps = float(np.finfo(dtype).eps)
    assert np.all(a >= 0) and np.all(a <= 1)
    assert_close(a.astype(np.float64).sum(axis=1), 1.0, 0, 4 * z.shape[1] * eps)
    assert_close(a, refs.np_softmax(z), 4 * eps, 4 * eps, "softmax")
    big = np.abs(z.astype(np.float64)).max(axis=1, keepdims=True)
    assert_close(l, refs.np_log_softmax(z), 4 * eps, 4 * eps * np.maximum(1, big), "log_softmax")
    g = np.ones_like(z)
    d = dd.softmax_backward(a, g)  # the gradient of sum(softmax) is zero
    assert_close(d, 0.0, 0, 4 * z.shape[1] * eps)


@given(data=st.data(), dtype=DT)
def test_cross_entropy_any_logits(data, dtype):
    z = data.draw(float_arrays(dtype, max_side=10, min_value=-1e3, max_value=1e3, nan=False, ndim=2),
                  label="logits")
    labels = data.draw(hnp.arrays(np.int32, z.shape[0], elements=st.integers(0, z.shape[1] - 1)),
                       label="labels")
    loss, grad = dd.cross_entropy_loss(z, labels, "sum")
    shifted = z.astype(np.float64) - z.astype(np.float64).max(axis=1, keepdims=True)
    vals, g = refs.np_cross_entropy(shifted, labels)
    eps = float(np.finfo(dtype).eps)
    assert loss >= 0
    assert_close(loss, vals.sum(), 4 * eps, 4 * eps * z.shape[0], "cross entropy")
    assert_close(grad, g, 4 * eps, 4 * eps, "cross entropy grad")
    assert_close(grad.astype(np.float64).sum(axis=1), 0.0, 0, 4 * z.shape[1] * eps)


@given(x=hnp.arrays(np.float64, hnp.array_shapes(max_dims=1, max_side=50),
                    elements=st.floats(allow_nan=False, allow_infinity=False)))
def test_norm2_any_finite(x):
    expect = float(np.sqrt(np.sum(np.square(x.astype(np.longdouble)))))
    assert_close(dd.norm2(x), expect, 4e-16 * 4, 0, "norm2")
