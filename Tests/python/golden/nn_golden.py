#!/usr/bin/env python3
"""Golden values for the NN / optimizer tests, from PyTorch (CPU, float64).

Writes Tests/DendriteTests/TorchGolden.swift. Run from the repository root with a Python
that has torch (NumPy not needed):

    /tmp/lossenv/bin/python Tests/python/golden/nn_golden.py

Each section mirrors one Swift test; the Swift side repeats the same computation with
Dendrite and compares with these numbers.
"""
import math
import pathlib

import torch

torch.set_default_dtype(torch.float64)
out = []


def lit(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def flat(t):
    return t.detach().reshape(-1).tolist()


def emit(name, values):
    out.append(f"    static let {name}: [Double] = {lit(values)}")


# ---------------------------------------------------------------------------------------
# Optimizers: three parameters; p1 gets a gradient only on odd steps, p2 never (skipped).
# loss_t = sum(c0 * (p0 - t0)^2) + [t odd] sum(c1 * tanh(p1))
P0 = [0.5, -1.0, 2.0, 0.25, -0.75, 1.5]   # [2, 3]
T0 = [1.0, 0.0, -1.0, 0.5, 0.5, 0.5]
C0 = [1.0, 2.0, 0.5, 1.5, 1.0, 3.0]
P1 = [0.3, -0.2, 0.9]
C1 = [1.0, -2.0, 0.5]
P2 = [4.0, -4.0]
STEPS = 5

configs = {
    "sgd": lambda ps: torch.optim.SGD(ps, lr=0.1),
    "sgdMomentum": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01),
    "sgdNesterov": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    "adam": lambda ps: torch.optim.Adam(ps, lr=0.05, weight_decay=0.01),
    "adamAmsgrad": lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), amsgrad=True),
    "adamW": lambda ps: torch.optim.AdamW(ps, lr=0.05, weight_decay=0.1),
    "rmsprop": lambda ps: torch.optim.RMSprop(ps, lr=0.01),
    "rmspropCentered": lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.01),
    "adagrad": lambda ps: torch.optim.Adagrad(ps, lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1),
}
out.append("    // Optimizers: p0 [2, 3], p1 [3] (gradient on odd steps only), p2 [2] (never a gradient).")
out.append("    // loss_t = sum(c0 * (p0 - t0)^2) + [t odd] sum(c1 * tanh(p1)); values after step 1 and step 5.")
emit("optimizerP0", P0); emit("optimizerT0", T0); emit("optimizerC0", C0)
emit("optimizerP1", P1); emit("optimizerC1", C1); emit("optimizerP2", P2)
for name, make in configs.items():
    p0 = torch.tensor(P0).reshape(2, 3).requires_grad_()
    p1 = torch.tensor(P1).requires_grad_()
    p2 = torch.tensor(P2).requires_grad_()
    opt = make([p0, p1, p2])
    for t in range(1, STEPS + 1):
        opt.zero_grad(set_to_none=True)
        loss = (torch.tensor(C0).reshape(2, 3) * (p0 - torch.tensor(T0).reshape(2, 3)) ** 2).sum()
        if t % 2 == 1:
            loss = loss + (torch.tensor(C1) * torch.tanh(p1)).sum()
        loss.backward()
        opt.step()
        if t == 1:
            emit(f"{name}Step1", flat(p0) + flat(p1))
    emit(f"{name}Step5", flat(p0) + flat(p1))
    assert flat(p2) == P2, name
    assert float(opt.state[p2].get("step", 0)) == 0, (name, opt.state[p2])  # Adagrad creates state eagerly

# ---------------------------------------------------------------------------------------
# Schedules: the learning rate in effect at epochs 0...N (scheduler.step() once per epoch).
def schedule(make, epochs):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    sched = make(opt)
    rates = [opt.param_groups[0]["lr"]]
    for _ in range(epochs):
        opt.step()
        sched.step()
        rates.append(opt.param_groups[0]["lr"])
    return rates

out.append("    // Schedules from lr 0.1: StepLR(step_size=3, gamma=0.5), ExponentialLR(gamma=0.9),")
out.append("    // CosineAnnealingLR(T_max=5, eta_min=0.01); the rate at epochs 0...N.")
emit("stepLR", schedule(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10))
emit("exponentialLR", schedule(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.9), 10))
emit("cosineAnnealingLR", schedule(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=5, eta_min=0.01), 15))

# ---------------------------------------------------------------------------------------
# Clipping.
G0 = [0.5, -1.5, 2.0, 0.1, -0.2, 0.3]
G1 = [3.0, -0.5, 0.25]
out.append("    // Clipping gradients g0 [2, 3], g1 [3]: total norm, then the clipped gradients.")
emit("clipG0", G0); emit("clipG1", G1)
for name, kwargs in {"clipNorm1": dict(max_norm=1.0), "clipNorm100": dict(max_norm=100.0),
                     "clipNormInf": dict(max_norm=0.5, norm_type=math.inf), "clipNormL1": dict(max_norm=2.0, norm_type=1.0)}.items():
    a = torch.zeros(2, 3, requires_grad=True); b = torch.zeros(3, requires_grad=True)
    a.grad = torch.tensor(G0).reshape(2, 3); b.grad = torch.tensor(G1)
    total = torch.nn.utils.clip_grad_norm_([a, b], **kwargs)
    emit(name, [float(total)] + flat(a.grad) + flat(b.grad))
a = torch.zeros(2, 3, requires_grad=True); b = torch.zeros(3, requires_grad=True)
a.grad = torch.tensor(G0).reshape(2, 3); b.grad = torch.tensor(G1)
torch.nn.utils.clip_grad_value_([a, b], 0.3)
emit("clipValue03", flat(a.grad) + flat(b.grad))

# ---------------------------------------------------------------------------------------
# BatchNorm1d(3): two training batches, then evaluation.
X1 = [1.0, 2.0, -1.0, 0.5, -1.0, 3.0, 2.5, 0.0, 0.5, -0.5, 1.0, 2.0]   # [4, 3]
X2 = [0.2, 0.4, 0.6, 1.8, -2.0, 0.0, -1.0, 1.0, 3.0]                   # [3, 3]
R = [0.3, -1.2, 0.7, 1.1, 0.4, -0.6, -0.9, 2.0, 0.5, 0.8, -0.3, 1.4]    # [4, 3]
W, B = [1.5, -0.5, 2.0], [0.1, 0.2, -0.3]
bn = torch.nn.BatchNorm1d(3)
with torch.no_grad():
    bn.weight.copy_(torch.tensor(W)); bn.bias.copy_(torch.tensor(B))
x1 = torch.tensor(X1).reshape(4, 3).requires_grad_()
y1 = bn(x1)
(y1 * torch.tensor(R).reshape(4, 3)).sum().backward()
out.append("    // BatchNorm1d(3), weight w, bias b: training on x1 [4, 3] (output, and the gradients of")
out.append("    // sum(y * r) for x, weight, bias), running stats after x1 and after x2 [3, 3], eval on x1.")
emit("batchNormX1", X1); emit("batchNormX2", X2); emit("batchNormR", R); emit("batchNormWeight", W); emit("batchNormBias", B)
emit("batchNormTrainOutput", flat(y1))
emit("batchNormGradX", flat(x1.grad)); emit("batchNormGradWeight", flat(bn.weight.grad)); emit("batchNormGradBias", flat(bn.bias.grad))
emit("batchNormRunningAfter1", flat(bn.running_mean) + flat(bn.running_var))
bn(torch.tensor(X2).reshape(3, 3))
emit("batchNormRunningAfter2", flat(bn.running_mean) + flat(bn.running_var))
bn.eval()
emit("batchNormEvalOutput", flat(bn(torch.tensor(X1).reshape(4, 3))))

# ---------------------------------------------------------------------------------------
# An MLP 3-4-2 (tanh, logits), cross-entropy, SGD(lr=0.1, momentum=0.9): 3 steps.
torch.manual_seed(0)
fc1, fc2 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
XM = [0.5, -1.0, 2.0, 1.5, 0.0, -0.5, -1.0, 1.0, 0.25, 0.0, 0.3, -0.8, 2.0, -2.0, 1.0]  # [5, 3]
YM = [0, 1, 1, 0, 1]
out.append("    // MLP 3-4-2 (tanh, logits; weights from torch.manual_seed(0)), cross-entropy on x [5, 3],")
out.append("    // labels y, SGD(lr 0.1, momentum 0.9): initial weights, losses of 3 steps, final weights.")
emit("mlpW1", flat(fc1.weight)); emit("mlpB1", flat(fc1.bias)); emit("mlpW2", flat(fc2.weight)); emit("mlpB2", flat(fc2.bias))
emit("mlpX", XM)
out.append(f"    static let mlpY: [Int] = {YM}")
opt = torch.optim.SGD(list(fc1.parameters()) + list(fc2.parameters()), lr=0.1, momentum=0.9)
losses = []
for _ in range(3):
    opt.zero_grad()
    loss = torch.nn.functional.cross_entropy(fc2(torch.tanh(fc1(torch.tensor(XM).reshape(5, 3)))), torch.tensor(YM))
    loss.backward()
    opt.step()
    losses.append(loss.item())
emit("mlpLosses", losses)
emit("mlpFinal", flat(fc1.weight) + flat(fc1.bias) + flat(fc2.weight) + flat(fc2.bias))

root = pathlib.Path(__file__).resolve().parents[3]
target = root / "Tests/DendriteTests/TorchGolden.swift"
target.write_text(
    "// Generated by Tests/python/golden/nn_golden.py with PyTorch "
    f"{torch.__version__.split('+')[0]} (CPU, float64); do not edit.\n"
    "// Regenerate: /tmp/lossenv/bin/python Tests/python/golden/nn_golden.py\n\n"
    "/// Reference values from PyTorch for the NN, optimizer, schedule and clipping tests.\n"
    "enum TorchGolden {\n" + "\n".join(out) + "\n}\n")
print(f"wrote {target.relative_to(root)}")
