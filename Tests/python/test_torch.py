"""
The same kernels against PyTorch itself, when torch is importable: every optimizer case
against torch.optim (single-tensor path, foreach=False), every loss and reduction with its
gradient against torch.nn.functional + autograd, and the activations (values and
derivatives, kinks included) against torch's. torch is large and deliberately not
installed in the suite's venv: run this file with an interpreter that has it.
"""
import numpy as np
import pytest

torch = pytest.importorskip(
    "torch", reason="torch is not installed (large, deliberately not in the suite's venv); "
                    "the NumPy transcriptions of PyTorch's semantics are tested instead")
import torch.nn.functional as F  # noqa: E402

import dendrite_c as dd  # noqa: E402
import refs  # noqa: E402
from optim_cases import CASES, case_id, problem, run_kernels  # noqa: E402
from support import DTYPES, assert_close, dtype_id  # noqa: E402

TORCH_DTYPE = {np.float32: torch.float32, np.float64: torch.float64}
TOLS = {np.float32: (2e-5, 2e-6), np.float64: (1e-12, 1e-13)}


def t(x, dtype, grad=False):
    return torch.tensor(np.asarray(x, dtype), dtype=TORCH_DTYPE[dtype], requires_grad=grad)


# ---------------------------------------------------------------------------------------
# Optimizers
# ---------------------------------------------------------------------------------------
def torch_valid(case):
    name, c = case
    return not (name == "sgd" and c["nesterov"] and c["dampening"])  # torch refuses these


def torch_optimizer(name, c, params):
    if name == "sgd":
        return torch.optim.SGD(params, lr=c["lr"], momentum=c["momentum"], dampening=c["dampening"],
                               weight_decay=c["weight_decay"], nesterov=c["nesterov"], foreach=False)
    if name in ("adam", "adamw"):
        cls = torch.optim.Adam if name == "adam" else torch.optim.AdamW
        return cls(params, lr=c["lr"], betas=(c["beta1"], c["beta2"]), eps=c["eps"],
                   weight_decay=c["weight_decay"], amsgrad=c["amsgrad"], foreach=False)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=c["lr"], alpha=c["alpha"], eps=c["eps"],
                                   weight_decay=c["weight_decay"], momentum=c["momentum"],
                                   centered=c["centered"], foreach=False)
    return torch.optim.Adagrad(params, lr=c["lr"], lr_decay=c["lr_decay"],
                               weight_decay=c["weight_decay"], eps=c["eps"],
                               initial_accumulator_value=c["initial_accumulator_value"],
                               foreach=False)


STATE_KEYS = {"sgd": ["momentum_buffer"], "adam": ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"],
              "adamw": ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"],
              "rmsprop": ["square_avg", "grad_avg", "momentum_buffer"], "adagrad": ["sum"]}


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("case", [c for c in CASES if torch_valid(c)], ids=case_id)
def test_optimizer_vs_torch(case, dtype, rng, seed):
    name, c = case
    p0, grads = problem(rng)
    p0 = p0.astype(dtype)
    grads = [g.astype(dtype) for g in grads]
    p, state = run_kernels(name, c, p0, grads, dtype)
    tp = torch.nn.Parameter(t(p0, dtype))
    opt = torch_optimizer(name, c, [tp])
    for g in grads:
        tp.grad = t(g, dtype)
        opt.step()
    rtol, atol = TOLS[dtype]
    assert_close(p, tp.detach().numpy(), rtol, atol, f"{name} param vs torch", seed)
    tstate = opt.state[tp]
    for key, mine in zip(STATE_KEYS[name], state):
        if mine is not None and key in tstate and tstate[key] is not None:
            assert_close(mine, tstate[key].numpy(), rtol, atol, f"{name} {key} vs torch", seed)


# ---------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------
def torch_loss(name, x, target, reduction):
    if name == "mse":
        return F.mse_loss(x, target, reduction=reduction)
    if name == "bce":
        return F.binary_cross_entropy(x, target, reduction=reduction)
    if name == "bce_logits":
        return F.binary_cross_entropy_with_logits(x, target, reduction=reduction)
    if name == "cross_entropy":
        return F.cross_entropy(x, target.long(), reduction=reduction)
    if name == "cross_entropy_soft":
        return F.cross_entropy(x, target, reduction=reduction)
    if name == "nll":
        return F.nll_loss(x, target.long(), reduction=reduction)
    raise KeyError(name)


LOSSES = ["mse", "bce", "bce_logits", "cross_entropy", "cross_entropy_soft", "nll"]
KERNEL = {"mse": dd.mse_loss, "bce": dd.bce_loss, "bce_logits": dd.bce_logits_loss,
          "cross_entropy": dd.cross_entropy_loss, "cross_entropy_soft": dd.cross_entropy_soft_loss,
          "nll": dd.nll_loss}


def loss_inputs(name, rng, dtype, n=29, c=6):
    from test_losses import make_inputs
    x, tgt, _, _ = make_inputs(name, rng, dtype, n=n, c=c)
    return x, tgt


@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("name", LOSSES)
@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_loss_vs_torch(name, reduction, dtype, rng, seed):
    x, tgt = loss_inputs(name, rng, dtype)
    loss, grad = KERNEL[name](x, tgt, reduction)
    tx = t(x, dtype, grad=True)
    ttgt = torch.tensor(tgt) if tgt.dtype == np.int32 else t(tgt, dtype)
    tl = torch_loss(name, tx, ttgt, reduction)
    tl.sum().backward()
    rtol, atol = TOLS[dtype]
    assert_close(loss, tl.detach().numpy(), rtol, atol * x.size, f"{name} {reduction} vs torch", seed)
    assert_close(grad, tx.grad.numpy(), rtol, atol, f"{name} {reduction} grad vs torch", seed)


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
def test_loss_hard_vs_torch(dtype):
    cases = [
        ("bce", [0, 0, 1, 1, 1e-30, 1 - 1e-7, 0.5], [0, 1, 0, 1, 1, 0, 0.5]),
        ("bce_logits", [1000, -1000, 1000, -1000, 40, -40, 0, 1e-30], [1, 0, 0, 1, 1, 0, 0.5, 1]),
        ("mse", [1000, -1000, 1e-30, 0], [-1000, 1000, 0, 1e-30]),
    ]
    for name, x, y in cases:
        x = np.array(x, dtype)
        y = np.array(y, dtype)
        loss, grad = KERNEL[name](x, y, "none")
        tx = t(x, dtype, grad=True)
        torch_loss(name, tx, t(y, dtype), "none").sum().backward()
        tl = torch_loss(name, t(x, dtype), t(y, dtype), "none")
        # absolute slack of eps |x|: torch's bce_logits loses log1p(e^-40) = 4.2e-18 to 0
        # at z = -40, y = 0 (Dendrite keeps it: test_losses.py checks it against NumPy)
        slack = np.finfo(dtype).eps * np.maximum(1.0, np.abs(x.astype(np.float64)))
        assert_close(loss, tl.numpy(), 1e-6 if dtype == np.float32 else 1e-14, slack, f"{name} hard")
        assert_close(grad, tx.grad.numpy(), 1e-6 if dtype == np.float32 else 1e-14, 1e-300,
                     f"{name} hard grad")
    z = np.array([[12345.0, 12344.0, 12343.0], [1000.0, -1000.0, 0.0]], dtype)
    labels = np.array([1, 0], np.int32)
    loss, grad = dd.cross_entropy_loss(z, labels, "sum")
    tz = t(z, dtype, grad=True)
    F.cross_entropy(tz, torch.tensor(labels).long(), reduction="sum").backward()
    tl = F.cross_entropy(t(z, dtype), torch.tensor(labels).long(), reduction="sum")
    assert_close(loss, tl.numpy(), 1e-6 if dtype == np.float32 else 1e-14, 0, "CE large offsets")
    assert_close(grad, tz.grad.numpy(), 1e-6 if dtype == np.float32 else 1e-14, 1e-30, "CE grad")


# ---------------------------------------------------------------------------------------
# Activations (finite inputs: at +-inf Dendrite returns the limits, e.g. gelu(-inf) = 0,
# where torch's formulas give NaN; NaN's derivative through relu / hardtanh is the
# incoming gradient in torch and 0 in Dendrite, see test_activations.py)
# ---------------------------------------------------------------------------------------
def torch_act(name, p):
    p = refs.params_with(**(p or {}))
    return {
        "identity": lambda z: z,
        "sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": F.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, p["slope"]),
        "clipped_relu": lambda z: F.hardtanh(z, 0.0, p["ceiling"]),
        "elu": lambda z: F.elu(z, p["alpha"]), "selu": F.selu,
        "gelu": lambda z: F.gelu(z), "gelu_tanh": lambda z: F.gelu(z, approximate="tanh"),
        "softplus": lambda z: F.softplus(z, p["beta"], p["threshold"]),
        "silu": F.silu, "mish": F.mish, "hard_sigmoid": F.hardsigmoid,
        "hard_tanh": lambda z: F.hardtanh(z, p["min_val"], p["max_val"]),
    }[name]


from test_activations import ACT_CASES, case_id as act_case_id, hard_values  # noqa: E402


@pytest.mark.parametrize("dtype", DTYPES, ids=dtype_id)
@pytest.mark.parametrize("case", ACT_CASES, ids=act_case_id)
def test_activation_vs_torch(case, dtype, rng, seed):
    """Random values and the finite hard ones (kinks and their neighbours included):
    values and derivatives. Tolerances are float32's for float32 (torch computes in it)."""
    name, p = case
    z = np.concatenate([(rng.standard_normal(300) * 4), hard_values(dtype, name, p)]).astype(dtype)
    z = z[np.abs(z) <= 1000]
    g = rng.standard_normal(z.size).astype(dtype)
    a = dd.act_forward(name, z, p)
    d = dd.act_backward(name, z, a, g, p)
    tz = t(z, dtype, grad=True)
    ta = torch_act(name, p)(tz)
    ta.backward(t(g, dtype))
    rtol = 2e-5 if dtype == np.float32 else 1e-12
    if name == "hard_sigmoid" and dtype == np.float64:
        rtol = 1e-7  # torch's hardsigmoid backward multiplies by the float constant 1.0f / 6.0f
    # absolute slack of a few eps |z|: torch's gelu forms cancel in the left tail
    # (1 + erf, 1 + tanh) where Dendrite's do not
    atol = 16 * np.finfo(dtype).eps * np.maximum(1.0, np.abs(z.astype(np.float64)))
    assert_close(a, ta.detach().numpy(), rtol, atol, f"{name} vs torch", seed)
    assert_close(d, tz.grad.numpy(), rtol, atol, f"{name}' vs torch", seed)
