"""
Optimizer updates: N = 5 steps of every option combination (SGD momentum / dampening /
nesterov / weight decay; Adam and AdamW with and without amsgrad and weight decay;
RMSProp centered / momentum / weight decay; Adagrad lr_decay / weight decay / initial
accumulator), in float32 and float64, against

  * a NumPy transcription of PyTorch's documented algorithms (refs.py): every case;
  * optax, where optax computes the same update as PyTorch: SGD without dampening
    (optax.sgd has no dampening), Adam (L2 decay as add_decayed_weights before adam),
    AdamW, RMSProp with eps_in_sqrt=False (optax's default puts eps inside the root).
    Where optax's semantics differ from PyTorch's only the NumPy transcription is used:
    dampening (absent), amsgrad (optax takes the max of the bias-corrected second moment,
    PyTorch of the raw one), Adagrad (optax adds eps inside the root, starts the
    accumulator at 0.1, has no lr_decay).

test_torch.py runs the same cases against torch.optim when torch is installed.
"""
import numpy as np
import pytest

import dendrite_c as dd
from optim_cases import CASES, STEPS, case_id, problem, run_kernels, run_numpy
from support import DTYPES, HAVE_OPTAX, assert_close, dtype_id

# float32: each step rounds param and state at ~6e-8 relative; over 5 steps, with
# updates of size lr, a few 1e-6 absolute covers it
TOLS = {np.float32: (2e-5, 2e-6), np.float64: (1e-12, 1e-13)}


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_against_numpy_transcription(case, dtype, rng, seed):
    name, c = case
    p0, grads = problem(rng)
    p0 = p0.astype(dtype)
    grads = [g.astype(dtype) for g in grads]
    p, state = run_kernels(name, c, p0, grads, dtype)
    p_ref, state_ref = run_numpy(name, c, p0, grads)
    rtol, atol = TOLS[dtype]
    assert_close(p, p_ref, rtol, atol, f"{name} param after {STEPS} steps", seed)
    for i, (s, r) in enumerate(zip(state, state_ref)):
        assert (s is None) == (r is None)
        if s is not None:
            assert_close(s, r, rtol, atol, f"{name} state {i}", seed)
    assert not np.array_equal(p, p0), "the parameters moved"


@pytest.mark.parametrize("case", [c for c in CASES if c[0] in ("sgd", "adam", "rmsprop")],
                         ids=case_id)
def test_large_n_threads_same_bits(case, rng, threads):
    """Above the parallel threshold each thread takes a slice: same bits for 1 and 2."""
    name, c = case
    p0, grads = problem(rng, n=70001, steps=2)
    out = []
    for t in (1, 2):
        threads(t)
        out.append(run_kernels(name, c, p0, grads, np.float32))
    np.testing.assert_array_equal(out[0][0], out[1][0])
    p_ref, _ = run_numpy(name, c, p0.astype(np.float32), [g.astype(np.float32) for g in grads])
    assert_close(out[1][0], p_ref, *TOLS[np.float32], f"{name} large n")


# ---------------------------------------------------------------------------------------
# optax, where it matches PyTorch
# ---------------------------------------------------------------------------------------
def optax_matches(case):
    """Whether optax has PyTorch's update for this case (see the module docstring)."""
    name, c = case
    if name == "sgd":
        return not c["dampening"]  # optax.sgd has no dampening
    if name in ("adam", "adamw"):
        return not c["amsgrad"]  # optax.amsgrad maxes the bias-corrected nu, PyTorch the raw v
    return name == "rmsprop"  # adagrad: optax's eps is inside the root, no lr_decay


def optax_transform(name, c):
    import optax
    wd = c.get("weight_decay", 0.0)
    pre = [optax.add_decayed_weights(wd)] if wd and name != "adamw" else []
    if name == "sgd":
        tx = optax.sgd(c["lr"], momentum=c["momentum"] or None, nesterov=c["nesterov"])
    elif name == "adam":
        tx = optax.adam(c["lr"], b1=c["beta1"], b2=c["beta2"], eps=c["eps"])
    elif name == "adamw":
        tx = optax.adamw(c["lr"], b1=c["beta1"], b2=c["beta2"], eps=c["eps"], weight_decay=wd)
    else:
        tx = optax.rmsprop(c["lr"], decay=c["alpha"], eps=c["eps"], eps_in_sqrt=False,
                           centered=c["centered"], momentum=c["momentum"] or None)
    return optax.chain(*pre, tx) if pre else tx


def run_optax(tx, p0, grads):
    import jax.numpy as jnp
    import optax
    p = jnp.asarray(p0, jnp.float64)
    state = tx.init(p)
    for g in grads:
        upd, state = tx.update(jnp.asarray(g, jnp.float64), state, p)
        p = optax.apply_updates(p, upd)
    return np.asarray(p)


@pytest.mark.parametrize("case", [c for c in CASES if optax_matches(c)], ids=case_id)
def test_against_optax(case, rng, seed):
    if not HAVE_OPTAX:
        pytest.skip("optax (with jax) is not installed")
    name, c = case
    tx = optax_transform(name, c)
    p0, grads = problem(rng)
    p, _ = run_kernels(name, c, p0, grads, np.float64)
    assert_close(p, run_optax(tx, p0, grads), 1e-12, 1e-13, f"{name} vs optax", seed)


# ---------------------------------------------------------------------------------------
# Hard cases
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_hard_gradients(case, dtype, seed):
    """Gradients of +-1000, 1e-30 and exact zeros; a NaN gradient makes its own parameter
    NaN and nothing else."""
    name, c = case
    p0 = np.linspace(-2, 2, 12)
    g = np.array([1000, -1000, 1e-30, -1e-30, 0, 0, 1, -1, 1000, 1e-30, 0, 0.5])
    grads = [g, g[::-1].copy(), g * 0.5]
    p, _ = run_kernels(name, c, p0, [x.astype(dtype) for x in grads], dtype)
    p_ref, _ = run_numpy(name, c, p0.astype(dtype), [x.astype(dtype) for x in grads])
    rtol, atol = TOLS[dtype]
    assert_close(p, p_ref, rtol, atol, f"{name} hard gradients", seed)
    gn = g.copy()
    gn[3] = np.nan
    p, _ = run_kernels(name, c, p0, [gn.astype(dtype)], dtype)
    assert np.isnan(p[3]) and np.all(np.isfinite(np.delete(p, 3)))


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("case", [c for c in CASES if not c[1].get("weight_decay")], ids=case_id)
def test_zero_gradient_and_infinite_parameter(case, dtype):
    """Without weight decay a zero gradient leaves the parameters exactly as they are, and
    an infinite parameter stays infinite (weight decay 0 is skipped, never 0 * inf)."""
    name, c = case
    p0 = np.array([1.5, -2.0, 0.0, np.inf, -np.inf, 1e-30])
    p, _ = run_kernels(name, c, p0, [np.zeros(6)] * 3, dtype)
    np.testing.assert_array_equal(p, p0.astype(dtype))
    p, _ = run_kernels(name, c, p0, [np.ones(6)] * 3, dtype)
    assert p[3] == np.inf and p[4] == -np.inf


def test_sgd_first_step_starts_the_buffer():
    """PyTorch starts the momentum buffer at the first gradient, undamped (step 1); a
    later step number on zeroed state damps it instead."""
    cfg = dd.sgd_config(lr=0.1, momentum=0.9, dampening=0.5)
    g = np.array([1.0, -2.0])
    for step, expect in ((1, g), (2, 0.5 * g)):
        p, buf = np.zeros(2), np.zeros(2)
        dd.sgd_update(cfg, step, g, p, buf)
        np.testing.assert_array_equal(buf, expect)
        np.testing.assert_array_equal(p, -0.1 * expect)


def test_adam_bias_correction_uses_step():
    """Step 1 of Adam moves each parameter by lr * sign(g) (bias corrections cancel)."""
    for dtype in DTYPES:
        p = np.zeros(4, dtype)
        m, v = np.zeros(4, dtype), np.zeros(4, dtype)
        dd.adam_update(dd.adam_config(lr=0.01, eps=0.0), 1, np.array([3, -0.5, 1e-3, -7], dtype), p, m, v)
        assert_close(p, [-0.01, 0.01, -0.01, 0.01], 1e-6 if dtype == np.float32 else 1e-14, 0)
