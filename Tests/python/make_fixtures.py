#!/usr/bin/env python3
"""Whole-network fixtures from PyTorch: small MLPs trained for a few steps.

Writes one JSON file per network to Tests/Fixtures/ (the Swift side, `NetworkFixture`,
replays each one through Dendrite's graph and optimizers and compares every loss, every
gradient and every updated parameter; see Tests/python/README.md for the format).

Needs PyTorch (CPU is enough; NumPy is not needed). There is no JAX fallback on purpose:
the fixtures pin PyTorch's own semantics (its activations, losses and optimizer updates),
which a re-implementation could only approximate. Run from anywhere:

    /tmp/lossenv/bin/python Tests/python/make_fixtures.py            # every fixture
    python Tests/python/make_fixtures.py --only tanh --out /tmp/fx  # a subset, elsewhere

The output is deterministic: the same PyTorch gives the same bytes. Each network's seed
is the first from its base seed whose run keeps every hidden pre-activation at least
KINK_MARGIN away from its activation's kinks (relu at 0, hard tanh at its bounds, ...),
every unit with a gradient (no ReLU dead for the whole batch) and every non-zero gradient
element clear of zero, so that rounding differences between two correct implementations
cannot land on different sides of a kink and every weight is tested.
"""
import argparse
import json
import math
import pathlib
import struct
import sys

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # pragma: no cover - depends on the machine
    sys.exit("make_fixtures.py needs PyTorch (pip install torch --index-url "
             "https://download.pytorch.org/whl/cpu); it has no fallback, as the fixtures pin "
             "PyTorch's own semantics")

REPO = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO / "Tests" / "Fixtures"
FORMAT = "dendrite-network-fixture"
VERSION = 1
KINK_MARGIN = 1e-3          # min |z - kink| over every hidden pre-activation of every step
SMALL_GRADIENT = 1e-9       # non-zero gradient elements must be larger than this (relative)
SEED_TRIES = 200

# ---------------------------------------------------------------------------------------
# Activations by Dendrite's names (`Activation(named:)`): the PyTorch function and the
# points where the derivative jumps.


def parse_activation(text):
    """('name', [numbers]) from Dendrite's spelling, e.g. 'hard_tanh:-2:2'."""
    parts = text.lower().split(":")
    return parts[0].replace("-", "_"), [float(p) for p in parts[1:]]


def activation(text):
    """(function, kinks) for a Dendrite activation name."""
    name, args = parse_activation(text)

    def arg(i, default):
        return args[i] if len(args) > i else default

    if name == "identity":
        return (lambda z: z), []
    if name == "sigmoid":
        return torch.sigmoid, []
    if name == "tanh":
        return torch.tanh, []
    if name == "relu":
        return F.relu, [0.0]
    if name == "leaky_relu":
        slope = arg(0, 0.01)
        return (lambda z: F.leaky_relu(z, slope)), [0.0]
    if name == "clipped_relu":  # ReLU6 with the default ceiling
        ceiling = arg(0, 6.0)
        return (lambda z: F.hardtanh(z, 0.0, ceiling)), [0.0, ceiling]
    if name == "elu":
        alpha = arg(0, 1.0)
        return (lambda z: F.elu(z, alpha)), [0.0]
    if name == "selu":
        return F.selu, [0.0]
    if name == "gelu":
        return (lambda z: F.gelu(z)), []
    if name == "gelu_tanh":
        return (lambda z: F.gelu(z, approximate="tanh")), []
    if name == "softplus":
        beta, threshold = arg(0, 1.0), arg(1, 20.0)
        return (lambda z: F.softplus(z, beta, threshold)), [threshold / beta]
    if name == "silu":
        return F.silu, []
    if name == "mish":
        return F.mish, []
    if name == "hard_sigmoid":
        # Not F.hardsigmoid: its backward multiplies by 1/6 rounded to float32 even for
        # float64 tensors (PyTorch 2.x: 0.1666666716337204, 3e-8 relative). The same
        # function and kinks (derivative 0 at -3 and 3) from hardtanh, with an exact 1/6.
        return (lambda z: F.hardtanh(z + 3, 0.0, 6.0) / 6), [-3.0, 3.0]
    if name == "hard_tanh":
        lo, hi = arg(0, -1.0), arg(1, 1.0)
        return (lambda z: F.hardtanh(z, lo, hi)), [lo, hi]
    raise ValueError(f"unknown activation {text!r}")


class MLP(torch.nn.Module):
    """Dendrite's MLP: `hidden.i` Linear layers with one activation, then `output`."""

    def __init__(self, inputs, hidden, outputs, act, out_act):
        super().__init__()
        widths = [inputs] + hidden
        self.hidden = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(widths, widths[1:]))
        self.output = torch.nn.Linear(widths[-1], outputs)
        self.act, self.kinks = activation(act)
        self.out_act = activation(out_act)[0] if out_act else None
        self.preactivations = []

    def forward(self, x):
        self.preactivations = []
        for layer in self.hidden:
            z = layer(x)
            self.preactivations.append(z.detach())
            x = self.act(z)
        y = self.output(x)
        return self.out_act(y) if self.out_act else y


# ---------------------------------------------------------------------------------------
# The fixtures.

LOSSES = {
    "binary_cross_entropy": lambda y, t, r: F.binary_cross_entropy(y, t, reduction=r),
    "cross_entropy": lambda y, t, r: F.cross_entropy(y, t, reduction=r),
    "mse": lambda y, t, r: F.mse_loss(y, t, reduction=r),
}

SGD_MOMENTUM = {"name": "sgd", "lr": 0.1, "momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0, "nesterov": False}
ADAM = {"name": "adam", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}


def spec(activation_name, loss, optimizer, dtype="float64", scale=1.0, reduction="mean", suffix="", note=""):
    """One fixture: the hidden activation, 'bce' / 'ce' / 'mse', an optimizer dict."""
    return dict(activation=activation_name, loss=loss, optimizer=optimizer, dtype=dtype,
                scale=scale, reduction=reduction, suffix=suffix, note=note)


FIXTURES = [
    # One per activation, alternating loss (BCE on a sigmoid output, cross-entropy on
    # logits) and optimizer (SGD with momentum, Adam). `scale` widens the inputs so that
    # the piecewise activations reach their flat parts.
    spec("sigmoid", "bce", SGD_MOMENTUM),
    spec("tanh", "bce", ADAM),
    spec("relu", "ce", SGD_MOMENTUM),
    spec("leaky_relu", "ce", ADAM, scale=2.0),
    spec("elu", "bce", SGD_MOMENTUM, scale=2.0),
    spec("selu", "ce", ADAM, scale=2.0),
    spec("gelu", "ce", SGD_MOMENTUM, scale=2.0),
    spec("gelu_tanh", "bce", ADAM, scale=2.0),
    spec("silu", "ce", ADAM, scale=2.0),
    spec("softplus", "bce", SGD_MOMENTUM, scale=2.0),
    spec("mish", "ce", ADAM, scale=2.0),
    spec("hard_sigmoid", "bce", ADAM, scale=6.0),
    spec("hard_tanh", "ce", SGD_MOMENTUM, scale=3.0),
    spec("clipped_relu", "ce", ADAM, scale=12.0, note="ReLU6"),
    spec("identity", "bce", SGD_MOMENTUM),
    # Activation parameters.
    spec("leaky_relu:0.2", "bce", SGD_MOMENTUM, scale=2.0),
    spec("elu:0.5", "ce", SGD_MOMENTUM, scale=2.0),
    spec("softplus:2:1", "ce", ADAM, scale=2.0, note="beta 2, threshold 1: both branches"),
    spec("hard_tanh:-0.5:2", "bce", ADAM, scale=3.0),
    spec("clipped_relu:2", "bce", SGD_MOMENTUM, scale=4.0),
    # Optimizer options, reductions, and MSE.
    spec("tanh", "ce", {**SGD_MOMENTUM, "lr": 0.05, "weight_decay": 0.01, "nesterov": True}, suffix="nesterov"),
    spec("sigmoid", "ce", {**SGD_MOMENTUM, "lr": 0.2, "momentum": 0.5, "dampening": 0.1}, suffix="dampening"),
    spec("relu", "bce", {**ADAM, "betas": [0.8, 0.99], "weight_decay": 0.01, "amsgrad": True}, scale=2.0, suffix="amsgrad"),
    spec("gelu", "bce", {**ADAM, "name": "adamw", "weight_decay": 0.1}, scale=2.0),
    spec("silu", "ce", SGD_MOMENTUM, scale=2.0, reduction="sum", suffix="sum"),
    spec("tanh", "mse", SGD_MOMENTUM),
    # Float32.
    spec("tanh", "bce", SGD_MOMENTUM, dtype="float32"),
    spec("relu", "ce", ADAM, dtype="float32", scale=2.0),
    spec("gelu", "ce", SGD_MOMENTUM, dtype="float32", scale=2.0),
    spec("sigmoid", "bce", ADAM, dtype="float32"),
    spec("mish", "bce", ADAM, dtype="float32", scale=2.0),
]

INPUTS, HIDDEN, BATCH, STEPS = 5, [4, 3], 6, 3
LOSS_NAMES = {"bce": "binary_cross_entropy", "ce": "cross_entropy", "mse": "mse"}


def file_name(s):
    act = s["activation"].replace(":", "_").replace("-", "m").replace(".", "p")
    parts = ["mlp", act, s["loss"], s["optimizer"]["name"]]
    if s["suffix"]:
        parts.append(s["suffix"])
    parts.append("f32" if s["dtype"] == "float32" else "f64")
    return "_".join(parts) + ".json"


def make_optimizer(o, params):
    if o["name"] == "sgd":
        return torch.optim.SGD(params, lr=o["lr"], momentum=o["momentum"], dampening=o["dampening"],
                               weight_decay=o["weight_decay"], nesterov=o["nesterov"], foreach=False)
    cls = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[o["name"]]
    return cls(params, lr=o["lr"], betas=tuple(o["betas"]), eps=o["eps"], weight_decay=o["weight_decay"],
               amsgrad=o["amsgrad"], foreach=False)


def run(s, seed):
    """The fixture's dict for one seed, or None when the run comes too close to a kink."""
    dtype = torch.float64 if s["dtype"] == "float64" else torch.float32
    loss_name = LOSS_NAMES[s["loss"]]
    outputs = 1 if s["loss"] == "bce" else (3 if s["loss"] == "ce" else 2)
    out_act = "sigmoid" if s["loss"] == "bce" else None

    torch.manual_seed(seed)
    net = MLP(INPUTS, HIDDEN, outputs, s["activation"], out_act).to(torch.float64)  # nn.Linear's init
    x = torch.randn(BATCH, INPUTS, dtype=torch.float64) * s["scale"]
    if s["loss"] == "bce":
        targets = torch.tensor([[float(i % 2)] for i in torch.randperm(BATCH).tolist()], dtype=torch.float64)
    elif s["loss"] == "ce":
        targets = torch.tensor([i % outputs for i in torch.randperm(BATCH).tolist()])
    else:
        targets = torch.randn(BATCH, outputs, dtype=torch.float64)
    net = net.to(dtype)
    x = x.to(dtype)
    if targets.is_floating_point():
        targets = targets.to(dtype)

    names = [n for n, _ in net.named_parameters()]
    params = dict(net.named_parameters())
    fixture = {
        "format": FORMAT,
        "version": VERSION,
        "description": describe(s, outputs, out_act),
        "generator": {"script": "Tests/python/make_fixtures.py", "torch": torch.__version__.split("+")[0],
                      "seed": seed},
        "dtype": s["dtype"],
        "architecture": {"inputs": INPUTS, "hidden": HIDDEN, "outputs": outputs,
                         "activation": s["activation"], "output_activation": out_act},
        "loss": {"name": loss_name, "reduction": s["reduction"]},
        "optimizer": s["optimizer"],
        "inputs": tensor(x),
        "targets": targets.tolist() if not targets.is_floating_point() else tensor(targets),
        "initial_parameters": {n: tensor(params[n]) for n in names},
        "steps": [],
    }
    opt = make_optimizer(s["optimizer"], net.parameters())
    for _ in range(STEPS):
        opt.zero_grad(set_to_none=True)
        loss = LOSSES[loss_name](net(x), targets, s["reduction"])
        loss.backward()
        if not close_calls_ok(net, s):
            return None
        step = {"loss": number(loss.item(), s["dtype"]),
                "gradients": {n: tensor(params[n].grad) for n in names}}
        opt.step()
        step["parameters"] = {n: tensor(params[n]) for n in names}
        fixture["steps"].append(step)
    return fixture


def close_calls_ok(net, s):
    """No pre-activation within KINK_MARGIN of a kink; no unit without gradient (a dead
    ReLU, a saturated hard tanh for the whole batch: its weights would test nothing); no
    tiny non-zero gradient element (Adam divides it by its own size, so its rounding would
    reach the update)."""
    for z in net.preactivations:
        for k in net.kinks:
            if (z.double() - k).abs().min().item() < KINK_MARGIN:
                return False
    for name, p in net.named_parameters():
        if name.endswith(".bias") and (p.grad == 0).any():
            return False
    for p in net.parameters():
        g = p.grad.double().abs()
        nonzero = g[g > 0]
        if nonzero.numel() and nonzero.min().item() < SMALL_GRADIENT * g.max().item():
            return False
    return True


def describe(s, outputs, out_act):
    o = s["optimizer"]
    if o["name"] == "sgd":
        extras = [f"momentum {o['momentum']}"]
        extras += [f"{k} {o[k]}" for k in ("dampening", "weight_decay") if o[k]]
        extras += ["nesterov"] if o["nesterov"] else []
        opt = f"SGD(lr {o['lr']}, {', '.join(extras)})"
    else:
        extras = [f"betas {tuple(o['betas'])}", f"eps {o['eps']}"]
        extras += [f"weight_decay {o['weight_decay']}"] if o["weight_decay"] else []
        extras += ["amsgrad"] if o["amsgrad"] else []
        opt = f"{'AdamW' if o['name'] == 'adamw' else 'Adam'}(lr {o['lr']}, {', '.join(extras)})"
    head = {"bce": "sigmoid output, binary cross-entropy on 0/1 targets",
            "ce": "logits, cross-entropy on integer labels",
            "mse": "linear outputs, mean squared error"}[s["loss"]]
    widths = "-".join(str(w) for w in [INPUTS] + HIDDEN + [outputs])
    note = f" ({s['note']})" if s["note"] else ""
    return (f"MLP {widths}, {s['activation']}{note} hidden, {head} ({s['reduction']}), {opt}; "
            f"batch {BATCH}, inputs N(0, {s['scale']}^2), {STEPS} steps, {s['dtype']}")


# ---------------------------------------------------------------------------------------
# JSON: Python's repr of a double is the shortest text that reads back to the same double;
# a float32 value gets the shortest text whose double rounds to it (the reader's path).


def f32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def number(v, dtype):
    v = float(v)
    if not math.isfinite(v):
        raise ValueError(f"non-finite value {v}")
    if dtype == "float64":
        return v
    for digits in range(1, 10):
        short = float(f"{v:.{digits}g}")
        if f32(short) == v:
            return short
    return v


def tensor(t):
    dtype = "float64" if t.dtype == torch.float64 else "float32"
    values = t.detach().tolist()
    if t.dim() == 1:
        return [number(v, dtype) for v in values]
    return [[number(v, dtype) for v in row] for row in values]


def dumps(value, indent=0):
    """JSON with one line per vector or matrix row (readable diffs, small files)."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f'{pad}  {json.dumps(k)}: {dumps(v, indent + 1)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        if all(not isinstance(e, (list, dict)) for row in value for e in row):
            rows = [f"{pad}  {json.dumps(row)}" for row in value]
            return "[\n" + ",\n".join(rows) + "\n" + pad + "]"
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        items = [f"{pad}  {dumps(v, indent + 1)}" for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, allow_nan=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help=f"folder (default {DEFAULT_OUT})")
    parser.add_argument("--only", default="", help="only fixtures whose file name contains this text")
    parser.add_argument("--list", action="store_true", help="list the file names and exit")
    args = parser.parse_args()
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    chosen = [s for s in FIXTURES if args.only in file_name(s)]
    if args.list:
        print("\n".join(file_name(s) for s in chosen))
        return
    if not chosen:
        sys.exit(f"no fixture name contains {args.only!r}")
    names = [file_name(s) for s in FIXTURES]
    assert len(set(names)) == len(names), "duplicate fixture names"
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for index, s in enumerate(chosen):
        base = 1000 * (FIXTURES.index(s) + 1)
        for seed in range(base, base + SEED_TRIES):
            fixture = run(s, seed)
            if fixture is not None:
                break
        else:
            sys.exit(f"{file_name(s)}: no seed in {base}..{base + SEED_TRIES - 1} keeps clear of the kinks")
        text = dumps(fixture) + "\n"
        path = args.out / file_name(s)
        path.write_text(text)
        total += len(text)
        print(f"{path.name:48} seed {seed:5}  {len(text):6} bytes  loss {fixture['steps'][0]['loss']:.6f} "
              f"-> {fixture['steps'][-1]['loss']:.6f}")
    print(f"{len(chosen)} fixtures, {total} bytes, PyTorch {torch.__version__}")


if __name__ == "__main__":
    main()
