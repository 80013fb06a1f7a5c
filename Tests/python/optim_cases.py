"""
The optimizer cases shared by test_optimizers.py and test_torch.py: every option
combination, and a runner that takes N steps through the Dendrite kernels.
"""
import itertools

import numpy as np

import dendrite_c as dd
import refs

STEPS = 5


def sgd_cases():
    out = []
    for mom, damp, nest, wd in itertools.product((0.0, 0.9), (0.0, 0.3), (False, True), (0.0, 0.05)):
        if mom == 0 and (damp or nest):
            continue  # dampening and nesterov only act through the momentum buffer
        out.append(dict(lr=0.1, momentum=mom, dampening=damp, nesterov=nest, weight_decay=wd))
    return out


def adam_cases():
    return [dict(lr=0.01, beta1=b1, beta2=b2, eps=eps, weight_decay=wd, amsgrad=ams)
            for (b1, b2), eps, wd, ams in itertools.product(
                ((0.9, 0.999), (0.8, 0.9)), (1e-8,), (0.0, 0.1), (False, True))]


def rmsprop_cases():
    return [dict(lr=0.01, alpha=alpha, eps=1e-8, weight_decay=wd, momentum=mom, centered=cen)
            for alpha, wd, mom, cen in itertools.product((0.99, 0.9), (0.0, 0.05), (0.0, 0.9),
                                                         (False, True))]


def adagrad_cases():
    return [dict(lr=0.1, lr_decay=dec, weight_decay=wd, eps=1e-10, initial_accumulator_value=init)
            for dec, wd, init in itertools.product((0.0, 0.1), (0.0, 0.05), (0.0, 0.1))]


CASES = ([("sgd", c) for c in sgd_cases()] + [("adam", c) for c in adam_cases()]
         + [("adamw", c) for c in adam_cases()] + [("rmsprop", c) for c in rmsprop_cases()]
         + [("adagrad", c) for c in adagrad_cases()])


def case_id(case):
    name, c = case
    short = {"momentum": "mom", "dampening": "damp", "nesterov": "nest", "weight_decay": "wd",
             "amsgrad": "ams", "centered": "cen", "lr_decay": "decay",
             "initial_accumulator_value": "init", "beta1": "b1", "beta2": "b2"}
    defaults = {"beta1": 0.9, "beta2": 0.999, "alpha": 0.99}
    keep = [f"{short.get(k, k)}={v}" for k, v in c.items()
            if k not in ("lr", "eps") and v not in (0.0, False) and defaults.get(k) != v]
    return name + ("[" + ",".join(keep) + "]" if keep else "")


def run_kernels(name, c, params0, grads, dtype, first_step=1):
    """STEPS updates through dd_*_<name>_update; returns (param, state arrays)."""
    p = np.array(params0, dtype)
    z = lambda: np.zeros_like(p)  # noqa: E731
    if name == "sgd":
        cfg = dd.sgd_config(c["lr"], c["momentum"], c["dampening"], c["weight_decay"], c["nesterov"])
        buf = z() if c["momentum"] else None
        for t, g in enumerate(grads, start=first_step):
            dd.sgd_update(cfg, t, np.asarray(g, dtype), p, buf)
        return p, (buf,)
    if name in ("adam", "adamw"):
        cfg = dd.adam_config(c["lr"], c["beta1"], c["beta2"], c["eps"], c["weight_decay"], c["amsgrad"])
        m, v = z(), z()
        vmax = z() if c["amsgrad"] else None
        for t, g in enumerate(grads, start=first_step):
            dd.adam_update(cfg, t, np.asarray(g, dtype), p, m, v, vmax, decoupled=name == "adamw")
        return p, (m, v, vmax)
    if name == "rmsprop":
        cfg = dd.rmsprop_config(c["lr"], c["alpha"], c["eps"], c["weight_decay"], c["momentum"],
                                c["centered"])
        sq = z()
        ga = z() if c["centered"] else None
        buf = z() if c["momentum"] else None
        for g in grads:
            dd.rmsprop_update(cfg, np.asarray(g, dtype), p, sq, ga, buf)
        return p, (sq, ga, buf)
    if name == "adagrad":
        cfg = dd.adagrad_config(c["lr"], c["lr_decay"], c["weight_decay"], c["eps"])
        s = np.full_like(p, c["initial_accumulator_value"])
        for t, g in enumerate(grads, start=first_step):
            dd.adagrad_update(cfg, t, np.asarray(g, dtype), p, s)
        return p, (s,)
    raise KeyError(name)


def run_numpy(name, c, params0, grads):
    """The NumPy transcription of PyTorch's algorithm, float64: (param, state arrays)."""
    if name == "sgd":
        p, buf = refs.np_sgd(params0, grads, **c)
        return p, (buf if c["momentum"] else None,)
    if name in ("adam", "adamw"):
        p, (m, v, vmax) = refs.np_adam(params0, grads, decoupled=name == "adamw", **c)
        return p, (m, v, vmax if c["amsgrad"] else None)
    if name == "rmsprop":
        p, (sq, ga, buf) = refs.np_rmsprop(params0, grads, **c)
        return p, (sq, ga if c["centered"] else None, buf if c["momentum"] else None)
    if name == "adagrad":
        p, s = refs.np_adagrad(params0, grads, **c)
        return p, (s,)
    raise KeyError(name)


def problem(rng, n=37, steps=STEPS):
    """Initial parameters and one gradient per step (some exact zeros among them)."""
    p0 = rng.standard_normal(n)
    grads = [rng.standard_normal(n) * 2 for _ in range(steps)]
    grads[1][::5] = 0.0
    return p0, grads
