"""
Activations: dd_*_act_forward against NumPy, dd_*_act_backward against the hand-written
NumPy derivative AND against autodiff (jax.vjp, or autograd), in float32 (AVX2 and
portable paths) and float64, on random inputs, on hard inputs (+-1000, 1e-30, exact
zeros, subnormals, +-inf, NaN) and at every kink.

Kink conventions checked here (PyTorch's one-sided derivatives):
    relu'(0) = 0, leaky_relu'(0) = slope, elu'(0) = alpha, selu'(0) = scale * alpha,
    clipped_relu' = 0 at 0 and at the ceiling, hard_tanh' = 0 at min_val and max_val,
    hard_sigmoid' = 0 at -3 and 3, softplus' = sigmoid(beta z) at beta z == threshold
    (linear only strictly above it).
NaN: forward maps NaN to NaN for every activation. Backward maps NaN to NaN for the
smooth ones; the piecewise-linear ones decide their branch with a strict comparison,
which NaN fails: relu'(NaN) = clipped_relu'(NaN) = hard_sigmoid'(NaN) = hard_tanh'(NaN)
= 0 and leaky_relu'(NaN) = slope. (PyTorch's relu / hardtanh backward return the incoming
gradient there instead; nothing in Dendrite's header promises either.)
"""
import numpy as np
import pytest

import dendrite_c as dd
import refs
from support import ad_vjp, assert_close, tol

# (activation, params): None passes NULL (the defaults); dicts exercise each parameter
ACT_CASES = [(name, None) for name in dd.ACTS] + [
    ("leaky_relu", dict(slope=0.2)),
    ("leaky_relu", dict(slope=0.0)),
    ("clipped_relu", dict(ceiling=3.5)),
    ("elu", dict(alpha=0.5)),
    ("softplus", dict(beta=2.0, threshold=5.0)),
    ("softplus", dict(beta=0.5)),
    ("hard_tanh", dict(min_val=-2.0, max_val=0.5)),
]


def case_id(case):
    name, p = case
    return name if not p else name + "[" + ",".join(f"{k}={v}" for k, v in p.items()) + "]"


SMOOTH = {"sigmoid", "tanh", "elu", "selu", "gelu", "gelu_tanh", "softplus",
          "silu", "mish"}
# the kernel's backward reads A for these (f' = a(1-a), (1-a)(1+a)); a float A loses
# f' to cancellation near saturation, so their absolute error is ~eps * |g| there
FROM_A = {"sigmoid", "tanh"}

SIZES = [1, 7, 8, 9, 33, 1000, 70001]  # SIMD tails, one chunk, many chunks + threads


def kinks(name, p):
    p = refs.params_with(**(p or {}))
    return {
        "relu": [0.0], "leaky_relu": [0.0], "elu": [0.0], "selu": [0.0],
        "clipped_relu": [0.0, p["ceiling"]], "hard_sigmoid": [-3.0, 3.0],
        "hard_tanh": [p["min_val"], p["max_val"]],
        "softplus": [p["threshold"] / p["beta"]],
    }.get(name, [])


def hard_values(dtype, name, p):
    tiny = np.finfo(dtype).smallest_subnormal
    big = [1000.0, 100.0, 40.0, 30.0, 20.0, 15.0, 10.0, 5.0, 3.0, 1.0, 0.5, 1e-3, 1e-30]
    vals = [0.0, -0.0, tiny, -tiny, float(np.finfo(dtype).max), -float(np.finfo(dtype).max)]
    vals += big + [-v for v in big] + kinks(name, p)
    vals += [np.nextafter(k, np.inf, dtype=dtype) for k in kinks(name, p)]
    vals += [np.nextafter(k, -np.inf, dtype=dtype) for k in kinks(name, p)]
    return np.array(vals, dtype)


def hard_rtol(name, dtype):
    """Relative tolerance on hard inputs. gelu's left tail inherits the rounding of its
    erfc argument (relative error ~x^2 eps, in the kernel and in any reference); gelu_tanh's
    that of 2u (~|2u| ULPs, activation_impl.h); other float64 values are good to a few ULPs
    (the references take several operations)."""
    if dtype == np.float64:
        return 1e-12 if name in ("gelu", "gelu_tanh") else 1e-13
    return 2e-5 if name == "gelu_tanh" else 4e-6


def rounded(x, dtype):
    """A float64 reference rounded to the kernel's type (float32 overflow to inf included)."""
    with np.errstate(over="ignore"):
        return np.asarray(x).astype(dtype).astype(np.float64)


def run_fwd_bwd(name, p, z, g):
    a = dd.act_forward(name, z, p)
    d = dd.act_backward(name, z, a, g, p)
    return a, d


@pytest.mark.parametrize("case", ACT_CASES, ids=case_id)
def test_forward_random(case, variant, rng, seed):
    name, p = case
    rtol, atol = tol(variant, rel=4)
    for n in SIZES:
        z = (rng.standard_normal(n) * 4).astype(variant)
        a = dd.act_forward(name, z, p)
        assert a.dtype == variant
        assert_close(a, refs.np_act_forward(name, z, p), rtol, atol, f"{name} n={n}", seed)


@pytest.mark.parametrize("case", ACT_CASES, ids=case_id)
def test_backward_random_vs_numpy_and_autodiff(case, variant, rng, seed, need_ad):
    name, p = case
    rtol, atol = tol(variant, rel=4)
    f = refs.ad_act(name, p)
    for n in (9, 1000):
        z = (rng.standard_normal(n) * 4).astype(variant)
        g = rng.standard_normal(n).astype(variant)
        _, d = run_fwd_bwd(name, p, z, g)
        by_hand = g.astype(np.float64) * refs.np_act_derivative(name, z, p)
        autodiff = ad_vjp(f, z, g)
        assert_close(d, by_hand, rtol, atol, f"{name} backward vs NumPy n={n}", seed)
        assert_close(d, autodiff, rtol, atol, f"{name} backward vs autodiff n={n}", seed)
        # the two references agree with each other to float64 accuracy
        assert_close(by_hand, autodiff, 1e-12, 1e-13, f"{name} NumPy vs autodiff", seed)


@pytest.mark.parametrize("case", ACT_CASES, ids=case_id)
def test_large_arrays_parallel_path(case, variant, rng, seed, threads):
    """n above the parallel threshold and several chunks, with 1 and 2 threads: same bits."""
    name, p = case
    z = (rng.standard_normal(140001) * 5).astype(variant)
    g = rng.standard_normal(z.size).astype(variant)
    threads(1)
    a1, d1 = run_fwd_bwd(name, p, z, g)
    threads(2)
    a2, d2 = run_fwd_bwd(name, p, z, g)
    np.testing.assert_array_equal(a1, a2)
    np.testing.assert_array_equal(d1, d2)
    rtol, atol = tol(variant, rel=4)
    assert_close(d2, g * refs.np_act_derivative(name, z, p), rtol, atol, name, seed)


@pytest.mark.parametrize("case", ACT_CASES, ids=case_id)
def test_hard_inputs(case, variant):
    """+-1000, +-FLT_MAX, subnormals, signed zeros, the kinks and their neighbours, +-inf,
    NaN; the values repeated so that they reach both the vector body and the tail."""
    name, p = case
    base = hard_values(variant, name, p)
    special = np.array([np.inf, -np.inf, np.nan], variant)
    z = np.concatenate([base, special, base[::-1], special, base[:5]])
    a, d = run_fwd_bwd(name, p, z, np.ones_like(z))
    eps = np.finfo(variant).eps
    # relative, plus an absolute floor of a few smallest normals (results that underflow)
    rtol = hard_rtol(name, variant)
    tiny = 16 * float(np.finfo(variant).tiny)
    assert_close(a, rounded(refs.np_act_forward_any(name, z, p), variant), rtol, tiny,
                 f"{name} forward")
    assert np.all(np.isnan(a[np.isnan(z)])), "NaN in, NaN out (forward)"
    fin = ~np.isnan(z)
    expect = refs.np_act_derivative_any(name, z, p)
    datol = 4 * eps if name in FROM_A else tiny
    if name == "gelu_tanh":  # its left tail is as good as 2u (see activation_impl.h)
        datol = 4 * eps
    assert_close(d[fin], rounded(expect[fin], variant), rtol, datol, f"{name} backward")
    nan_d = d[np.isnan(z)]
    if name in SMOOTH:
        assert np.all(np.isnan(nan_d)), f"{name}'(NaN) should be NaN"
    else:
        # identity passes g through; the piecewise-linear ones take the strict-comparison branch
        slope = variant(refs.params_with(**(p or {}))["slope"])
        expected_nan = {"identity": 1.0, "leaky_relu": slope}.get(name, 0.0)
        np.testing.assert_array_equal(nan_d, expected_nan, f"{name}'(NaN)")


@pytest.mark.parametrize("case", ACT_CASES, ids=case_id)
def test_hard_inputs_autodiff(case, variant, need_ad):
    """The finite hard inputs through autodiff too (+-1000, 1e-30, 0, the kinks). Not the
    subnormals: XLA on CPU flushes them to zero, so JAX sees relu'(5e-324) = relu'(0)."""
    name, p = case
    z = hard_values(variant, name, p)
    z = z[(np.abs(z) <= 1000) & ((np.abs(z) >= np.finfo(variant).tiny) | (z == 0))]
    g = np.linspace(-2, 2, z.size).astype(variant)
    _, d = run_fwd_bwd(name, p, z, g)
    eps = np.finfo(variant).eps
    rtol = hard_rtol(name, variant)
    atol = 4 * eps * 2 if name in FROM_A or name == "gelu_tanh" else 16 * float(np.finfo(variant).tiny)
    assert_close(d, ad_vjp(refs.ad_act(name, p), z, g), rtol, atol, f"{name} backward vs autodiff")


KINK_EXPECT = [
    # (activation, params, z, f'(z))
    ("relu", None, 0.0, 0.0),
    ("relu", None, -0.0, 0.0),
    ("leaky_relu", None, 0.0, 0.01),
    ("leaky_relu", dict(slope=0.2), 0.0, 0.2),
    ("elu", None, 0.0, 1.0),
    ("elu", dict(alpha=0.5), 0.0, 0.5),
    ("selu", None, 0.0, refs.SELU_SCALE * refs.SELU_ALPHA),
    ("clipped_relu", None, 0.0, 0.0),
    ("clipped_relu", None, 6.0, 0.0),
    ("clipped_relu", dict(ceiling=3.5), 3.5, 0.0),
    ("hard_tanh", None, -1.0, 0.0),
    ("hard_tanh", None, 1.0, 0.0),
    ("hard_tanh", dict(min_val=-2.0, max_val=0.5), -2.0, 0.0),
    ("hard_tanh", dict(min_val=-2.0, max_val=0.5), 0.5, 0.0),
    ("hard_sigmoid", None, -3.0, 0.0),
    ("hard_sigmoid", None, 3.0, 0.0),
    ("hard_sigmoid", None, 0.0, 1.0 / 6.0),
    ("identity", None, 0.0, 1.0),
    ("softplus", dict(beta=2.0, threshold=5.0), 2.5, float(refs._sigmoid(5.0))),
    ("softplus", dict(beta=2.0, threshold=5.0), "above 2.5", 1.0),  # next float above 2.5
]


@pytest.mark.parametrize("name,p,z0,expected", KINK_EXPECT,
                         ids=[f"{k[0]}@{k[2]}" + ("*" if k[1] else "") for k in KINK_EXPECT])
def test_kink_conventions(name, p, z0, expected, variant):
    if z0 == "above 2.5":
        z0 = np.nextafter(variant(2.5), variant(np.inf))
    z = np.full(19, z0, variant)  # 19: vector body and tail
    g = np.full(19, 3.0, variant)
    _, d = run_fwd_bwd(name, p, z, g)
    rtol = 1e-6 if variant == np.float32 else 1e-15
    assert_close(d, np.full(19, 3.0 * expected), rtol, 0.0, f"{name}'({z0})")


@pytest.mark.parametrize("name", ["relu", "tanh", "gelu", "softplus"])
def test_in_place(name, variant, rng):
    """a may equal z (forward) and dLdZ may equal dLdA (backward)."""
    z = (rng.standard_normal(37) * 3).astype(variant)
    g = rng.standard_normal(37).astype(variant)
    a_ref, d_ref = run_fwd_bwd(name, None, z, g)
    buf = z.copy()
    dd.act_forward(name, buf, out=buf)
    np.testing.assert_array_equal(buf, a_ref)
    gbuf = g.copy()
    dd.act_backward(name, z, a_ref, gbuf, out=gbuf)
    np.testing.assert_array_equal(gbuf, d_ref)


def test_empty_and_identity(variant):
    z = np.array([], variant)
    assert dd.act_forward("tanh", z).size == 0
    x = np.array([1.5, -np.inf, np.nan], variant)
    np.testing.assert_array_equal(dd.act_forward("identity", x), x)
    g = np.array([2.0, 3.0, np.nan], variant)
    np.testing.assert_array_equal(dd.act_backward("identity", x, x, g), g)


def test_float32_paths_agree(rng):
    """The AVX2 and portable float paths agree to a few ULPs on every activation."""
    if "f32-avx2" not in __import__("conftest").VARIANTS:
        pytest.skip("no AVX2 float path on this CPU or build")
    z = (rng.standard_normal(4099) * 6).astype(np.float32)
    g = rng.standard_normal(z.size).astype(np.float32)
    for name, p in ACT_CASES:
        dd.vmath_set_avx2(True)
        a1 = dd.act_forward(name, z, p)
        d1 = dd.act_backward(name, z, a1, g, p)
        dd.vmath_set_avx2(False)
        a0 = dd.act_forward(name, z, p)
        # Both backward paths read the same saved output: a 1-ULP forward difference
        # would otherwise be amplified by the derivative (e.g. 1 - a^2 for tanh).
        d0 = dd.act_backward(name, z, a1, g, p)
        dd.vmath_set_avx2(True)
        assert_close(a1, a0, 2e-6, 1e-7, f"{name} forward avx2 vs portable")
        assert_close(d1, d0, 2e-6, 2e-7, f"{name} backward avx2 vs portable")
