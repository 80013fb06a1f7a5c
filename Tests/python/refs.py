"""
refs - plain references the kernels are checked against, all in float64:

  * NumPy: each activation and its derivative written out by hand, softmax, the losses
    and their gradients, and the optimizers transcribed from the algorithm boxes of
    PyTorch's torch.optim documentation (single-tensor form, state starting at zero);
  * autodiff: the same activations and losses written against `anp` (jax.numpy or
    autograd.numpy), so that jax.vjp / jax.grad / jax.jacobian differentiate them.

Kink conventions (the kernels take PyTorch's one-sided derivatives, and so do these):
    relu'(0) = 0             leaky_relu'(0) = slope       elu'(0) = alpha
    selu'(0) = scale*alpha   clipped_relu'(0) = clipped_relu'(ceiling) = 0
    hard_tanh'(min_val) = hard_tanh'(max_val) = 0         hard_sigmoid'(+-3) = 0
    softplus: the identity (derivative 1) only strictly above the threshold
The autodiff versions get these by writing each branch with `where` on the same strict
comparison, with the unused branch's argument made harmless ("double where"), so that
no NaN or inf leaks into the gradient.
"""
import math

import numpy as np

from support import ad_erfc, anp

SQRT2 = math.sqrt(2.0)
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
GELU_K1 = 0.044715
SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717

DEFAULT_PARAMS = dict(slope=0.01, ceiling=6.0, alpha=1.0, beta=1.0, threshold=20.0,
                      min_val=-1.0, max_val=1.0)

try:
    from scipy.special import erfc as _np_erfc
except ImportError:  # scipy comes with jax; without it, math.erfc element by element
    _np_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def params_with(**kw):
    p = dict(DEFAULT_PARAMS)
    p.update(kw)
    return p


# ---------------------------------------------------------------------------------------
# Activations, NumPy (finite inputs; the limits at +-inf are listed separately)
# ---------------------------------------------------------------------------------------
def _sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _dsigmoid(x):
    e = np.exp(-np.abs(x))
    return e / (1.0 + e) ** 2


def _softplus1(x):  # log(1 + e^x), stable
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _phi(x):
    return np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)


def _Phi(x):
    return 0.5 * _np_erfc(-x / SQRT2)


def np_act_forward(name, x, p=None):
    p = params_with(**(p or {}))
    x = np.asarray(x, np.float64)
    with np.errstate(all="ignore"):
        if name == "identity":
            return x.copy()
        if name == "sigmoid":
            return _sigmoid(x)
        if name == "tanh":
            return np.tanh(x)
        if name == "relu":
            return np.where(x > 0, x, 0.0)
        if name == "leaky_relu":
            return np.where(x > 0, x, p["slope"] * x)
        if name == "clipped_relu":
            return np.where(x > 0, np.where(x < p["ceiling"], x, p["ceiling"]), 0.0)
        if name == "elu":
            return np.where(x > 0, x, p["alpha"] * np.expm1(np.minimum(x, 0.0)))
        if name == "selu":
            return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0.0)))
        if name == "gelu":
            return x * _Phi(x)
        if name == "gelu_tanh":
            u = SQRT_2_OVER_PI * (x + GELU_K1 * x ** 3)
            return x * _sigmoid(2.0 * u)  # = 0.5 x (1 + tanh u), without the cancellation
        if name == "softplus":
            b, t = p["beta"], p["threshold"]
            return np.where(b * x > t, x, _softplus1(b * x) / b)
        if name == "silu":
            return x * _sigmoid(x)
        if name == "mish":
            return x * np.tanh(_softplus1(x))
        if name == "hard_sigmoid":
            return np.where(x > -3, np.where(x < 3, (x + 3.0) / 6.0, 1.0), 0.0)  # x/6 + 1/2 cancels near -3
        if name == "hard_tanh":
            lo, hi = p["min_val"], p["max_val"]
            return np.where(x > lo, np.where(x < hi, x, hi), lo)
    raise KeyError(name)


def np_act_derivative(name, x, p=None):
    """f'(x), by hand, with the kink conventions above."""
    p = params_with(**(p or {}))
    x = np.asarray(x, np.float64)
    one, zero = np.ones_like(x), np.zeros_like(x)
    with np.errstate(all="ignore"):
        if name == "identity":
            return one
        if name == "sigmoid":
            return _dsigmoid(x)
        if name == "tanh":
            return 1.0 / np.cosh(x) ** 2
        if name == "relu":
            return np.where(x > 0, one, zero)
        if name == "leaky_relu":
            return np.where(x > 0, one, p["slope"])
        if name == "clipped_relu":
            return np.where((x > 0) & (x < p["ceiling"]), one, zero)
        if name == "elu":
            return np.where(x > 0, one, p["alpha"] * np.exp(np.minimum(x, 0.0)))
        if name == "selu":
            return SELU_SCALE * np.where(x > 0, one, SELU_ALPHA * np.exp(np.minimum(x, 0.0)))
        if name == "gelu":
            return _Phi(x) + x * _phi(x)
        if name == "gelu_tanh":
            xc = np.clip(x, -1e4, 1e4)  # beyond, f' is exactly 0 or 1 (and x^3 overflows)
            u2 = 2.0 * SQRT_2_OVER_PI * (xc + GELU_K1 * xc ** 3)
            du2 = 2.0 * SQRT_2_OVER_PI * (1.0 + 3.0 * GELU_K1 * xc * xc)
            return _sigmoid(u2) + xc * _dsigmoid(u2) * du2
        if name == "softplus":
            b, t = p["beta"], p["threshold"]
            return np.where(b * x > t, one, _sigmoid(b * x))
        if name == "silu":
            return _sigmoid(x) + x * _dsigmoid(x)
        if name == "mish":
            t = np.tanh(_softplus1(x))
            return t + x * (1.0 - t * t) * _sigmoid(x)
        if name == "hard_sigmoid":
            return np.where((x > -3) & (x < 3), one / 6.0, zero)
        if name == "hard_tanh":
            return np.where((x > p["min_val"]) & (x < p["max_val"]), one, zero)
    raise KeyError(name)


def act_limits(name, p=None):
    """(f(-inf), f(+inf), f'(-inf), f'(+inf)): the limits the kernels return at +-inf."""
    p = params_with(**(p or {}))
    inf = math.inf
    return {
        "identity": (-inf, inf, 1.0, 1.0),
        "sigmoid": (0.0, 1.0, 0.0, 0.0),
        "tanh": (-1.0, 1.0, 0.0, 0.0),
        "relu": (0.0, inf, 0.0, 1.0),
        # slope * -inf: NaN when slope == 0, as in PyTorch (x * negative_slope)
        "leaky_relu": (-inf if p["slope"] > 0 else (0.0 if p["slope"] < 0 else math.nan),
                       inf, p["slope"], 1.0),
        "clipped_relu": (0.0, p["ceiling"], 0.0, 0.0),
        "elu": (-p["alpha"], inf, 0.0, 1.0),
        "selu": (-SELU_SCALE * SELU_ALPHA, inf, 0.0, SELU_SCALE),
        "gelu": (0.0, inf, 0.0, 1.0),
        "gelu_tanh": (0.0, inf, 0.0, 1.0),
        "softplus": (0.0, inf, 0.0, 1.0),
        "silu": (0.0, inf, 0.0, 1.0),
        "mish": (0.0, inf, 0.0, 1.0),
        "hard_sigmoid": (0.0, 1.0, 0.0, 0.0),
        "hard_tanh": (p["min_val"], p["max_val"], 0.0, 0.0),
    }[name]


def np_act_forward_any(name, x, p=None):
    """np_act_forward extended to +-inf (limits) and NaN (NaN)."""
    x = np.asarray(x, np.float64)
    fin = np.where(np.isfinite(x), x, 0.0)
    y = np_act_forward(name, fin, p)
    lo, hi, _, _ = act_limits(name, p)
    y = np.where(x == -np.inf, lo, np.where(x == np.inf, hi, y))
    return np.where(np.isnan(x), np.nan, y)


def np_act_derivative_any(name, x, p=None):
    x = np.asarray(x, np.float64)
    fin = np.where(np.isfinite(x), x, 0.0)
    d = np_act_derivative(name, fin, p)
    _, _, dlo, dhi = act_limits(name, p)
    return np.where(x == -np.inf, dlo, np.where(x == np.inf, dhi, d))


# ---------------------------------------------------------------------------------------
# Activations for autodiff (finite inputs)
# ---------------------------------------------------------------------------------------
def _ad_sigmoid(z):
    return anp.exp(-anp.logaddexp(0.0, -z))


def _ad_softplus1(z):
    return anp.logaddexp(0.0, z)


def ad_act(name, p=None):
    """f written against anp, with PyTorch's kink conventions."""
    p = params_with(**(p or {}))
    w = anp.where if anp is not None else None
    if name == "identity":
        return lambda z: z
    if name == "sigmoid":
        return _ad_sigmoid
    if name == "tanh":
        return anp.tanh
    if name == "relu":
        return lambda z: w(z > 0, z, 0.0 * z)
    if name == "leaky_relu":
        return lambda z: w(z > 0, z, p["slope"] * z)
    if name == "clipped_relu":
        c = p["ceiling"]
        return lambda z: w((z > 0) & (z < c), z, w(z >= c, c + 0.0 * z, 0.0 * z))
    # elu and selu through exp(z) - 1, not expm1: autodiff differentiates expm1 as
    # expm1(z) + 1, which cancels for z << 0 (JAX gives elu'(-40) = 0); exp's derivative
    # is exp itself, exact. Only the derivative of these is used.
    if name == "elu":
        a = p["alpha"]
        return lambda z: w(z > 0, z, a * (anp.exp(w(z > 0, 0.0 * z, z)) - 1.0))
    if name == "selu":
        return lambda z: SELU_SCALE * w(z > 0, z, SELU_ALPHA * (anp.exp(w(z > 0, 0.0 * z, z)) - 1.0))
    if name == "gelu":
        return lambda z: 0.5 * z * ad_erfc(-z / SQRT2)
    if name == "gelu_tanh":
        # 0.5 z (1 + tanh u) = z sigmoid(2u): the same function, without the 1 + tanh u
        # cancellation that would leave the float64 reference less exact than the kernel
        return lambda z: z * _ad_sigmoid(2.0 * SQRT_2_OVER_PI * (z + GELU_K1 * z ** 3))
    if name == "softplus":
        b, t = p["beta"], p["threshold"]

        def f(z):
            lin = b * z > t
            return w(lin, z, _ad_softplus1(b * w(lin, 0.0 * z, z)) / b)
        return f
    if name == "silu":
        return lambda z: z * _ad_sigmoid(z)
    if name == "mish":
        return lambda z: z * anp.tanh(_ad_softplus1(z))
    if name == "hard_sigmoid":
        return lambda z: w((z > -3) & (z < 3), z / 6.0 + 0.5, w(z >= 3, 1.0 + 0.0 * z, 0.0 * z))
    if name == "hard_tanh":
        lo, hi = p["min_val"], p["max_val"]
        return lambda z: w((z > lo) & (z < hi), z, w(z >= hi, hi + 0.0 * z, lo + 0.0 * z))
    raise KeyError(name)


# ---------------------------------------------------------------------------------------
# Softmax
# ---------------------------------------------------------------------------------------
def np_softmax(z):
    z = np.asarray(z, np.float64)
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)


def np_log_softmax(z):
    z = np.asarray(z, np.float64)
    with np.errstate(all="ignore"):
        m = z.max(axis=1, keepdims=True)
        return z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))


def ad_softmax(z):
    e = anp.exp(z - anp.max(z, axis=-1, keepdims=True))
    return e / anp.sum(e, axis=-1, keepdims=True)


def ad_log_softmax(z):
    m = anp.max(z, axis=-1, keepdims=True)
    # the max's own derivative cancels, so it may be held constant
    return z - m - anp.log(anp.sum(anp.exp(z - m), axis=-1, keepdims=True))


# ---------------------------------------------------------------------------------------
# Losses: (per-element or per-row values, gradient of their sum), NumPy, PyTorch semantics
# ---------------------------------------------------------------------------------------
def np_mse(x, t):
    x, t = np.asarray(x, np.float64), np.asarray(t, np.float64)
    return (x - t) ** 2, 2.0 * (x - t)


def np_bce(p, y):
    p, y = np.asarray(p, np.float64), np.asarray(y, np.float64)
    with np.errstate(all="ignore"):
        lp = np.maximum(np.log(p), -100.0)
        l1p = np.maximum(np.log1p(-p), -100.0)
        lp = np.where(np.isnan(p), np.nan, lp)
        l1p = np.where(np.isnan(p), np.nan, l1p)
        loss = -(y * lp + (1.0 - y) * l1p)
        # PyTorch clamps at its constant EPSILON = 1e-12 as a float (1e-12f), in float64 too:
        # torch gives d/dp at p = 0, y = 1 as -1000000003995.8029, as does the kernel
        grad = (p - y) / np.maximum((1.0 - p) * p, float(np.float32(1e-12)))
    return loss, grad


def np_bce_logits(z, y):
    z, y = np.asarray(z, np.float64), np.asarray(y, np.float64)
    with np.errstate(all="ignore"):
        loss = np.maximum(z, 0.0) - z * y + np.log1p(np.exp(-np.abs(z)))
        grad = _sigmoid(z) - y
    return loss, grad


def np_cross_entropy(logits, labels):
    ls = np_log_softmax(logits)
    n = ls.shape[0]
    onehot = np.zeros_like(ls)
    onehot[np.arange(n), labels] = 1.0
    return -ls[np.arange(n), labels], np.exp(ls) - onehot


def np_cross_entropy_soft(logits, targets):
    ls = np_log_softmax(logits)
    t = np.asarray(targets, np.float64)
    return -(t * ls).sum(axis=1), np.exp(ls) * t.sum(axis=1, keepdims=True) - t


def np_nll(logp, labels):
    logp = np.asarray(logp, np.float64)
    n = logp.shape[0]
    g = np.zeros_like(logp)
    g[np.arange(n), labels] = -1.0
    return -logp[np.arange(n), labels], g


def reduce_ref(values, grad, reduction, n):
    """Applies a reduction to (values, gradient of their sum); n counts elements or rows."""
    if reduction == "none":
        return values, grad
    if reduction == "sum":
        return np.sum(values), grad
    with np.errstate(all="ignore"):
        return np.sum(values) / n, grad / n


# autodiff versions: the reduced loss as a function of the first input
def ad_loss(name, target, reduction):
    red = {"sum": anp.sum, "mean": anp.mean, "none": anp.sum}[reduction]
    if name == "mse":
        return lambda x: red((x - target) ** 2)
    if name == "bce":  # the clamps at -100 are not active on the inputs used with this
        return lambda p: red(-(target * anp.log(p) + (1.0 - target) * anp.log1p(-p)))
    if name == "bce_logits":
        return lambda z: red(anp.maximum(z, 0.0) - z * target + anp.logaddexp(0.0, -anp.abs(z)))
    if name in ("cross_entropy", "nll"):
        n, c = target.shape  # one-hot labels
        if name == "nll":
            f = lambda lp: -anp.sum(lp * target, axis=1)  # noqa: E731
        else:
            f = lambda z: -anp.sum(ad_log_softmax(z) * target, axis=1)  # noqa: E731
        return lambda x: red(f(x))
    if name == "cross_entropy_soft":
        return lambda z: red(-anp.sum(ad_log_softmax(z) * target, axis=1))
    raise KeyError(name)


# ---------------------------------------------------------------------------------------
# Optimizers: NumPy transcriptions of PyTorch's documented updates (torch.optim docs,
# single-tensor algorithm; maximize=False, foreach/fused off). State starts at zero.
# ---------------------------------------------------------------------------------------
def np_sgd(params, grads, lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    p = np.array(params, np.float64)
    buf = None
    for t, g in enumerate(grads, start=1):
        g = np.asarray(g, np.float64)
        if weight_decay != 0:
            g = g + weight_decay * p
        if momentum != 0:
            buf = g.copy() if t == 1 else momentum * buf + (1 - dampening) * g
            g = g + momentum * buf if nesterov else buf
        p = p - lr * g
    return p, buf


def np_adam(params, grads, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.0,
            amsgrad=False, decoupled=False):
    p = np.array(params, np.float64)
    m = np.zeros_like(p)
    v = np.zeros_like(p)
    vmax = np.zeros_like(p)
    for t, g in enumerate(grads, start=1):
        g = np.asarray(g, np.float64)
        if decoupled:  # AdamW
            p = p * (1 - lr * weight_decay)
        elif weight_decay != 0:
            g = g + weight_decay * p
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        bc1 = 1 - beta1 ** t
        bc2 = 1 - beta2 ** t
        if amsgrad:
            vmax = np.maximum(vmax, v)
            denom = np.sqrt(vmax) / math.sqrt(bc2) + eps
        else:
            denom = np.sqrt(v) / math.sqrt(bc2) + eps
        p = p - (lr / bc1) * m / denom
    return p, (m, v, vmax)


def np_rmsprop(params, grads, lr, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0,
               centered=False):
    p = np.array(params, np.float64)
    sq = np.zeros_like(p)
    ga = np.zeros_like(p)
    buf = np.zeros_like(p)
    for g in grads:
        g = np.asarray(g, np.float64)
        if weight_decay != 0:
            g = g + weight_decay * p
        sq = alpha * sq + (1 - alpha) * g * g
        if centered:
            ga = alpha * ga + (1 - alpha) * g
            avg = np.sqrt(sq - ga * ga) + eps
        else:
            avg = np.sqrt(sq) + eps
        if momentum > 0:
            buf = momentum * buf + g / avg
            p = p - lr * buf
        else:
            p = p - lr * g / avg
    return p, (sq, ga, buf)


def np_adagrad(params, grads, lr, lr_decay=0.0, weight_decay=0.0, eps=1e-10,
               initial_accumulator_value=0.0):
    p = np.array(params, np.float64)
    s = np.full_like(p, initial_accumulator_value)
    for t, g in enumerate(grads, start=1):
        g = np.asarray(g, np.float64)
        if weight_decay != 0:
            g = g + weight_decay * p
        clr = lr / (1 + (t - 1) * lr_decay)
        s = s + g * g
        p = p - clr * g / (np.sqrt(s) + eps)
    return p, s
