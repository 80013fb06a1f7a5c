#!/usr/bin/env python3
"""The dendrite command as people use it: every example of a --help and of the README runs,
options parse (negative numbers too), errors give a reason, the subcommand's usage and the
documented exit status, and the files use skorch's and scikit-learn's names.

Usage: python3 Tests/cli/test_cli.py [path/to/dendrite]   (default .build/debug/dendrite)
"""
import csv, json, os, re, shlex, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/dendrite"))
WORK = tempfile.mkdtemp(prefix="dendrite-cli-")
FAILURES = []


def run(args, cwd=WORK):
    env = dict(os.environ, COLUMNS="1000")  # help text unwrapped: one example a line
    p = subprocess.run([BIN] + args, cwd=cwd, capture_output=True, text=True, timeout=600, env=env)
    return p.returncode, p.stdout, p.stderr


def check(name, condition, detail=""):
    print(("ok    " if condition else "FAIL  ") + name)
    if not condition:
        FAILURES.append(name)
        if detail:
            print("      " + detail.strip().replace("\n", "\n      ")[:2000])


def expect(name, args, status, stderr_has=(), stdout_has=(), stderr_lacks=()):
    code, out, err = run(args)
    ok = code == status and all(s in err for s in stderr_has) and all(s in out for s in stdout_has) \
        and not any(s in err for s in stderr_lacks)
    check(f"{name}: dendrite {' '.join(args)} -> {status}", ok, f"exit {code}\nstdout: {out[-800:]}\nstderr: {err[-1200:]}")
    return code, out, err


# ---- every example of a --help and of the README ---------------------------------------
SUBCOMMANDS = ["info", "vanishing", "train", "compare", "bench", "activations", "gradcheck"]
examples = []
for sub in [None] + SUBCOMMANDS:
    _, out, _ = run(([sub] if sub else []) + ["--help"])
    examples += [(f"--help of {sub or 'dendrite'}", line) for line in re.findall(r"Example: (dendrite [^\n]+)", out)]
readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
for command in re.findall(r"`(dendrite [a-z][^`]*)`", readme) + re.findall(r"^(?:\.build/release/)?(dendrite [a-z][^\n#]*)", readme, re.M):
    command = command.strip()
    if "|" in command or "…" in command:  # a synopsis (`bench gemm|activations`), not a command
        continue
    examples.append(("README", command))
check("the --help texts and the README have examples", len([e for e in examples if e[0] != "README"]) >= 4)

CHEAP = {"train": ["--epochs", "2"], "vanishing": ["--steps", "5"], "compare": ["--epochs", "1", "--folds", "2"]}
seen = set()
for origin, command in examples:
    if command in seen:
        continue
    seen.add(command)
    args = shlex.split(command)[1:]
    sub = args[0]
    if sub == "bench":
        args += ["--tiny"]                   # a smoke run of the benchmark, not a measurement
        if "--reference" in args:            # the reference timings come from scripts/bench-reference
            i = args.index("--reference")
            ref = os.path.join(WORK, "bench-reference.json")
            open(ref, "w").write('{"environment": {}, "rows": []}')
            args[i + 1] = ref
    if "fashion-mnist" in args or args == ["train"]:
        if not os.path.isdir("/usr/share/datasets/fashion-mnist"):
            print(f"skip  {origin}: {command} (no Fashion-MNIST on this machine)")
            continue
    if sub == "train" and "--resume" in args:  # resumes what the train example wrote
        pass
    for opt, cap in zip(CHEAP.get(sub, [])[::2], CHEAP.get(sub, [])[1::2]):
        if opt in args:
            args[args.index(opt) + 1] = str(min(int(args[args.index(opt) + 1]), int(cap)) if opt != "--epochs" or "--resume" not in args else args[args.index(opt) + 1])
        else:
            args += [opt, cap]
    code, out, err = run(args)
    check(f"example ({origin}): {command}", code == 0, f"ran: {' '.join(args)}\nexit {code}\n{out[-600:]}\n{err[-1200:]}")

# ---- negative numbers parse, then are validated -----------------------------------------
expect("negative range", ["activations", "--from", "-5", "--to", "5", "--softmax", "1,2,3"], 0, stdout_has=["softmax ="])
expect("negative softmax", ["activations", "--softmax", "-1,0,1", "--json"], 0, stdout_has=['"softmax"'])
expect("negative lr", ["train", "--dataset", "digits", "--lr", "-1"], 64, stderr_has=["--lr must be > 0, got -1", "Usage: dendrite train"])
expect("negative vanishing lr", ["vanishing", "--lr", "-0.5"], 64, stderr_has=["--lr must be > 0, got -0.5"])

# ---- reasons and the subcommand's usage -------------------------------------------------
expect("layers 0", ["vanishing", "--layers", "0"], 64, stderr_has=["--layers: '0' is not a positive integer", "Usage: dendrite vanishing"])
expect("hidden x", ["train", "--hidden", "64,x"], 64, stderr_has=["--hidden: 'x' is not a positive integer", "Usage: dendrite train"])
expect("compare lr list", ["compare", "--lr", "0.1,-2"], 64, stderr_has=["--lr: '-2' is not a number > 0", "Usage: dendrite compare"])
expect("unknown activation", ["activations", "--activation", "sigmoid,nope"], 64, stderr_has=["Usage: dendrite activations"])

# ---- misspellings -------------------------------------------------------------------------
expect("misspelt subcommand", ["trian"], 64, stderr_has=["did you mean 'train'?".capitalize().replace("Did", "Did")])
expect("misspelt subcommand 2", ["vanishng"], 64, stderr_has=["Did you mean 'vanishing'?"])
expect("misspelt option", ["train", "--epoch", "3"], 64, stderr_has=["--epochs"])

# ---- exit statuses ------------------------------------------------------------------------
expect("unknown data set is a usage error", ["train", "--dataset", "nonsense"], 64, stderr_has=["--dataset: 'nonsense'"])
bad_csv = os.path.join(WORK, "bad.csv")
open(bad_csv, "w").write("a,b,y\n1,2,x\n3,abc,y\n")
expect("data error", ["train", "--dataset", f"csv:{bad_csv}", "--epochs", "1"], 65, stderr_has=["bad.csv"])
expect("missing file is an I/O error", ["train", "--dataset", "csv:/nonexistent/d.csv", "--epochs", "1"], 74, stderr_has=["/nonexistent/d.csv"])
expect("missing checkpoint", ["train", "--resume", "/nonexistent/x.ckpt"], 74, stderr_has=["/nonexistent/x.ckpt"])
garbage = os.path.join(WORK, "garbage.ckpt")
open(garbage, "w").write("not a checkpoint at all\n")
expect("damaged checkpoint", ["train", "--resume", garbage], 65, stderr_has=["not a Dendrite checkpoint"])
expect("diverged", ["train", "--dataset", "digits", "--epochs", "2", "--lr", "1e6", "--out", "div"], 3, stderr_has=["diverged"])
expect("gradcheck failure-free run", ["gradcheck", "--filter", "relu"], 0)
import signal, time
p = subprocess.Popen([BIN, "train", "--dataset", "digits", "--epochs", "100000", "--out", "int"], cwd=WORK,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
time.sleep(3)
p.send_signal(signal.SIGINT)
_, err = p.communicate(timeout=60)
check("Ctrl-C exits 130 and says so", p.returncode == 130 and b"interrupted" in err, f"exit {p.returncode}: {err[-300:]}")
check("the README documents the exit statuses", all(f"| {c} |" in readme for c in ["0", "1", "3", "64", "65", "74", "130"]))

# ---- train --resume -----------------------------------------------------------------------
expect("train 3 epochs", ["train", "--dataset", "digits", "--epochs", "3", "--hidden", "32", "--out", "r"], 0)
ckpt = "r/train-digits.ckpt"
expect("resume", ["train", "--resume", ckpt, "--epochs", "5", "--out", "r"], 0, stderr_has=["resuming from epoch 3"])
expect("resume with conflicting options", ["train", "--resume", ckpt, "--epochs", "6", "--lr", "0.5", "--hidden", "64", "--out", "r"], 0,
       stderr_has=["warning: --lr 0.5 is ignored: the checkpoint was trained with --lr 0.01",
                   "warning: --hidden 64 is ignored: the checkpoint was trained with --hidden 32", "resuming from epoch 5"])
expect("resume without new epochs", ["train", "--resume", ckpt, "--epochs", "6", "--out", "r"], 0,
       stderr_has=["already reached epoch 6", "nothing to train"], stderr_lacks=["resuming"])
rows = list(csv.DictReader(open(os.path.join(WORK, "r/train-digits-history.csv"))))
check("history CSV: skorch's columns, numbers", list(rows[0].keys()) == ["epoch", "train_loss", "valid_loss", "valid_acc", "dur", "train_loss_best", "valid_loss_best", "valid_acc_best"]
      and len(rows) == 6 and all(float(r["dur"]) >= 0 and float(r["valid_acc"]) <= 1 for r in rows), str(rows[:1]))
hist = json.load(open(os.path.join(WORK, "r/train-digits-history.json")))
check("history JSON: skorch's keys", set(hist[0].keys()) == set(rows[0].keys()), str(hist[0]))

# ---- one line for the files written ------------------------------------------------------
_, _, err = expect("vanishing files", ["vanishing", "--steps", "5", "--out", "v"], 0,
                   stderr_has=["wrote 27 files to v/; report: v/vanishing-report.html"])
check("vanishing: no line per file", err.count("wrote") == 1, err)
for name in os.listdir(os.path.join(WORK, "v")):
    if name.endswith(".csv"):
        for row in csv.reader(open(os.path.join(WORK, "v", name))):
            pass
summary = list(csv.DictReader(open(os.path.join(WORK, "v/vanishing-summary.csv"))))
check("CSV values are numbers", all(float(r["train acc"]) <= 1 for r in summary), str(summary[:1]))

# ---- gradcheck --out ---------------------------------------------------------------------
expect("gradcheck writes its table", ["gradcheck", "--filter", "tanh", "--out", "g"], 0, stderr_has=["wrote 1 file to g/: gradcheck.csv"])
g = list(csv.DictReader(open(os.path.join(WORK, "g/gradcheck.csv"))))
check("gradcheck CSV", len(g) > 0 and all(r["result"] == "pass" for r in g) and float(g[0]["analytic"]) == float(g[0]["analytic"]))

# ---- compare --------------------------------------------------------------------------------
_, out, err = expect("compare --limit", ["compare", "--limit", "50", "--epochs", "1", "--folds", "10", "--activation", "relu", "--out", "c", "--json"], 0,
                     stderr_has=["on 50 rows", "warning: The least populated class in y has only 5 members, which is less than n_splits=10."])
result = json.loads(out)[0]
check("compare --json: cv_results_ keys with mean and std", {"params", "param_activation", "mean_test_score", "std_test_score", "rank_test_score", "mean_fit_time", "split0_test_score"} <= set(result), str(result))
expect("compare --limit 600 uses 600 rows", ["compare", "--limit", "600", "--epochs", "1", "--folds", "2", "--activation", "relu", "--hidden", "8", "--out", "c"], 0, stderr_has=["on 600 rows"])
cv = list(csv.DictReader(open(os.path.join(WORK, "c/compare-digits.csv"))))
check("grid search CSV: scikit-learn's columns", list(cv[0].keys()) == ["params", "param_activation", "split0_test_score", "split1_test_score", "mean_test_score", "std_test_score", "rank_test_score", "mean_fit_time"]
      and float(cv[0]["mean_fit_time"]) > 0, str(cv[:1]))

print(f"\n{len(FAILURES)} failed" if FAILURES else "\nall CLI checks passed")
sys.exit(1 if FAILURES else 0)
