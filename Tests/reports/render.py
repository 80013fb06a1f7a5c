#!/usr/bin/env python3
"""The reports as a reader sees them: every report of the dendrite command is produced with
small settings, opened in headless Chromium, checked for console errors and for the chart
elements each report must have, and saved as a PNG screenshot under OUT/screenshots/.

Usage: python3 Tests/reports/render.py [path/to/dendrite] [--out OUT]
       (default .build/debug/dendrite and out/ at the repository root)
Without Chromium it prints SKIPPED and exits 77 (scripts/test reports the skip; not a pass).
"""
import csv, glob, html, json, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
args = sys.argv[1:]
OUT = os.path.join(ROOT, "out")
if "--out" in args:
    i = args.index("--out")
    OUT = args[i + 1]
    del args[i : i + 2]
OUT = os.path.abspath(OUT)
BIN = os.path.abspath(args[0] if args else os.path.join(ROOT, ".build/debug/dendrite"))
SHOTS = os.path.join(OUT, "screenshots")
FAILURES = []

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
if CHROMIUM is None:
    print("SKIPPED: no chromium on PATH (scripts/setup installs Debian's 'chromium'); the reports were not rendered")
    sys.exit(77)


def check(name, condition, detail=""):
    print(("ok    " if condition else "FAIL  ") + name)
    if not condition:
        FAILURES.append(name)
        if detail:
            print("      " + str(detail).strip().replace("\n", "\n      ")[:1500])


def dendrite(*argv):
    p = subprocess.run([BIN, *argv, "--out", OUT], capture_output=True, text=True, timeout=900)
    check("dendrite " + " ".join(argv), p.returncode == 0, p.stderr[-1500:])


# Records uncaught errors and console.error calls where --dump-dom can read them.
HOOK = """<script>(function(){var e=[];function put(){document.documentElement.setAttribute('data-errors',JSON.stringify(e));}
window.addEventListener('error',function(ev){e.push(String(ev.message||ev));put();});
var ce=console.error;console.error=function(){e.push(Array.prototype.join.call(arguments,' '));put();ce.apply(console,arguments);};
document.addEventListener('DOMContentLoaded',put);})();</script>"""

WORK = tempfile.mkdtemp(prefix="dendrite-render-")


def chromium(*extra, url):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
           "--virtual-time-budget=3000", f"--user-data-dir={WORK}/profile", *extra, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def console_errors(stderr):
    return [l for l in stderr.splitlines() if "CONSOLE" in l and re.search(r"Uncaught|error", l, re.I)]


def render(path, query="", script=""):
    """Opens a report (HTML, or SVG inlined in an HTML page) with the error hook; returns the DOM
    after its scripts ran. Fails the file on console errors or, for SVG, XML errors. `query` is
    appended to the URL (e.g. a #fragment); `script` (JavaScript) runs after the page's own."""
    name = os.path.basename(path)
    text = open(path, encoding="utf-8").read()
    if path.endswith(".svg"):
        # The file itself, as an XML document: a parse error shows as <parsererror>.
        raw = chromium("--dump-dom", url="file://" + path)
        check(f"{name}: well-formed SVG", "parsererror" not in raw.stdout and "<svg" in raw.stdout, raw.stdout[:600])
        page = "<!DOCTYPE html><html><head><meta charset='utf-8'>" + HOOK + "</head><body style='margin:0'>" + text + "</body></html>"
    else:
        page = re.sub(r"<head>", "<head>" + HOOK, text, count=1)
    if script:
        page = page.replace("</body>", "<script>" + script + "</script></body>", 1)
    probe = os.path.join(WORK, name + ".html")
    open(probe, "w", encoding="utf-8").write(page)
    p = chromium("--dump-dom", url="file://" + probe + query)
    m = re.search(r'data-errors="([^"]*)"', p.stdout)
    errors = json.loads(html.unescape(m.group(1))) if m else ["the error hook did not run"]
    errors += console_errors(p.stderr)
    check(f"{name}{query}: no console errors", not errors, "\n".join(errors))
    return p.stdout


def screenshot(path, size="1400,1800"):
    os.makedirs(SHOTS, exist_ok=True)
    png = os.path.join(SHOTS, os.path.basename(path).rsplit(".", 1)[0] + ".png")
    p = chromium(f"--screenshot={png}", f"--window-size={size}", url="file://" + path)
    check(f"{os.path.basename(path)}: screenshot {os.path.relpath(png, OUT)}", os.path.exists(png) and os.path.getsize(png) > 1000, p.stderr[-600:])
    return png


# ---- DOM helpers: the chart elements carry classes (chart, series, legend-entry, tick-x, …)
def charts(dom):
    """The <g class="chart"> groups, each as its own text."""
    parts = re.split(r'<g class="chart"', dom)[1:]
    return parts


def count(dom, cls, tag=r"\w+"):
    return len(re.findall(rf'<{tag}\b[^>]*class="{cls}"', dom))


def texts(dom, cls):
    return [html.unescape(t) for t in re.findall(rf'<text class="{cls}"[^>]*>([^<]*)<', dom)]


def styles(chart):
    return {(m.group(1), m.group(2)) for m in re.finditer(r'<path class="series"[^>]*stroke="([^"]+)"(?: stroke-width="[^"]+")?(?: stroke-dasharray="([^"]+)")?', chart)}


def svg_size(path):
    m = re.search(r'<svg[^>]*width="([\d.]+)" height="([\d.]+)"', open(path).read())
    return f"{int(float(m.group(1))) + 20},{int(float(m.group(2))) + 20}" if m else "1400,1800"


def file(name):
    path = os.path.join(OUT, name)
    check(f"{name} written", os.path.exists(path))
    return path


# ---- produce every report with small settings ------------------------------------------
os.makedirs(OUT, exist_ok=True)
dendrite("vanishing", "--steps", "20")
dendrite("train", "--dataset", "digits", "--epochs", "2")
dendrite("train", "--dataset", "iris", "--epochs", "3", "--validation", "0")
dendrite("compare", "--dataset", "digits", "--epochs", "1", "--folds", "2", "--activation", "relu,tanh", "--optimizer", "sgd,adam", "--lr", "0.001,0.01,0.1")
dendrite("activations", "--activation", "all")
for bench in ("gemm", "activations", "softmax"):
    dendrite("bench", bench, "--tiny")
# Made-up reference timings (scripts/bench-reference's format) for the side-by-side view.
reference = os.path.join(WORK, "reference.json")
json.dump({"environment": {}, "rows": [{"benchmark": "gemm", "case": c, "threads": t, "implementation": "numpy", "median": 1e-5, "minimum": 1e-5}
                                       for c in ("f32 square 33", "f64 square 33") for t in (1, 2)]}, open(reference, "w"))
os.makedirs(os.path.join(OUT, "reference"), exist_ok=True)
p = subprocess.run([BIN, "bench", "gemm", "--tiny", "--threads", "1,2", "--reference", reference, "--out", os.path.join(OUT, "reference")], capture_output=True, text=True)
check("dendrite bench gemm --tiny --reference", p.returncode == 0, p.stderr[-800:])

# ---- training curves -------------------------------------------------------------------
path = file("train-digits-curves.svg")
dom = render(path)
cs = charts(dom)
check("train curves: loss and accuracy panels", len(cs) == 2, f"{len(cs)} charts")
if len(cs) == 2:
    ticks = [float(t) for t in texts(cs[1], "tick-y")]
    check("train curves: accuracy axis runs from 0 to 1", ticks and min(ticks) == 0 and max(ticks) == 1, ticks)
    check("train curves: whole-number epoch ticks", all(float(t).is_integer() for t in texts(cs[0], "tick-x")), texts(cs[0], "tick-x"))
screenshot(path, svg_size(path))
path = file("train-iris-curves.svg")
dom = render(path)
check("train without validation: no 'validation' legend entry or line", "validation" not in dom.lower().replace("validation accuracy", "X"), "")
check("train without validation: one panel, one line", len(charts(dom)) == 1 and count(dom, "series") == 1)
screenshot(path, svg_size(path))

# ---- activations --activation all -----------------------------------------------------
path = file("activations.svg")
dom = render(path)
cs = charts(dom)
check("activations: two panels", len(cs) == 2, len(cs))
for c in cs:
    check("activations: 15 lines in 15 distinct styles", count(c, "series") == 15 and len(styles(c)) == 15, f"{count(c, 'series')} lines, {len(styles(c))} styles")
    check("activations: 15 legend entries", count(c, "legend-entry") == 15, count(c, "legend-entry"))
check("activations: no '-0' tick", "-0" not in texts(dom, "tick-x") + texts(dom, "tick-y"), texts(dom, "tick-y"))
screenshot(path, svg_size(path))

# ---- bench scaling charts --------------------------------------------------------------
for bench in ("gemm", "activations", "softmax"):
    path = file(f"bench-{bench}.svg")
    dom = render(path)
    cases = {r.split(",")[0] for r in open(file(f"bench-{bench}.csv")).read().splitlines()[1:]}
    check(f"bench-{bench}: whole-number thread ticks", all(float(t).is_integer() for t in texts(dom, "tick-x")), sorted(set(texts(dom, "tick-x"))))
    names = re.findall(r'<g class="legend-entry">.*?<title>([^<]*)</title>', dom)
    check(f"bench-{bench}: each case once in the legends", sorted(map(html.unescape, names)) == sorted(cases), f"{len(names)} entries for {len(cases)} cases")
    check(f"bench-{bench}: rate, speedup (with ideal) and efficiency panels", len(charts(dom)) % 3 == 0 and 'data-name="ideal"' in dom)
    sizes = re.findall(r'class="figure-title"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)<', dom)
    width = float(re.search(r'<svg[^>]*width="([\d.]+)"', dom).group(1))
    check(f"bench-{bench}: the title fits the width", sizes and 0.56 * float(sizes[0][0]) * len(html.unescape(sizes[0][1])) <= width, sizes)
    screenshot(path, svg_size(path))

path = file("reference/bench-gemm.svg")
dom = render(path)
check("bench-gemm --reference: the reference drawn dashed beside each referenced case", len(re.findall(r'data-name="[^"]*\(numpy\)"', dom)) == 2, "")
screenshot(path, svg_size(path))

# ---- compare (parallel coordinates, brushing) -----------------------------------------
def shown_faded(dom):
    """(lines shown, lines faded) in a compare page's DOM."""
    return len(re.findall(r'<path class="row(?: best)?"', dom)), len(re.findall(r'<path class="row[^"]*faded', dom))


path = file("compare-digits.html")
cv = list(csv.DictReader(open(file("compare-digits.csv"))))
dom = render(path)
rows = re.findall(r'<path class="(row[^"]*)" data-row="(\d+)"', dom)
check("compare: one line per configuration (2 activations x 2 optimizers x 3 rates)", len(rows) == len(cv) == 12, f"{len(rows)} lines, {len(cv)} csv rows")
axes = re.findall(r'<g class="pc-axis" data-index="\d+" data-name="([^"]+)" data-kind="(\w+)"', dom)
names = [a for a, _ in axes]
check("compare: HiPlot's axes: param_*, split0…split1, mean and std of the score, fit time",
      names == ["param_activation", "param_lr", "param_optimizer", "split0_test_score", "split1_test_score", "mean_test_score", "std_test_score", "mean_fit_time"], names)
for part in re.split(r'<g class="pc-axis"', dom)[1:]:
    part = part.split("</g>")[0]
    name, kind = re.search(r'data-name="([^"]+)" data-kind="(\w+)"', part).groups()
    if kind != "category":
        continue
    ys = sorted(float(y) for y in re.findall(r'<text class="pc-tick"[^>]*\by="([\d.]+)"', part))
    gaps = [b - a for a, b in zip(ys, ys[1:])]
    check(f"compare: the categories of {name} evenly spaced over the whole axis",
          len(ys) >= 2 and max(gaps) - min(gaps) < 0.2 and abs(ys[0] - (70 + 4)) < 0.2 and abs(ys[-1] - (380 + 4)) < 0.2, ys)
check("compare: param_lr's three rates are categories", dict(axes).get("param_lr") == "category" and dom.count('data-value="0.001"') == 1, dict(axes))
best = [r for c, r in rows if "best" in c]
scores = [float(r["mean_test_score"]) for r in cv]
order = {int(r): i for i, (_, r) in enumerate(rows)}
check("compare: one best line, drawn last (on top)", len(best) == 1 and order[int(best[0])] == len(rows) - 1, best)
strokes = re.findall(r'<path class="row[^"]*" data-row="\d+" data-p="[^"]*" d="[^"]*" stroke="#([0-9a-f]{6})"', dom)
luminance = [(0.2126 * int(c[0:2], 16) + 0.7152 * int(c[2:4], 16) + 0.0722 * int(c[4:6], 16)) / 255 for c in strokes]
check("compare: every line's colour readable on white (no pale end)", strokes and max(luminance) < 0.6, max(luminance or [0]))
check("compare: a colour legend naming the score", '<g class="color-legend">' in dom and "colour: mean_test_score" in dom)
check("compare: the results table scrolls inside the page", 'class="table-scroll"' in dom and re.search(r"\.table-scroll \{[^}]*max-height", dom) is not None)
check("compare: no line faded before any brush", shown_faded(dom) == (len(cv), 0), shown_faded(dom))
screenshot(path)

# Brushing: a range on a score axis, a category, both, a drag with the mouse, a double click.
distinct = sorted(set(scores))
cut = (distinct[len(distinct) // 2 - 1] + distinct[len(distinct) // 2]) / 2
above = sum(s > cut for s in scores)


dom = render(path, f"#brush=mean_test_score:{cut:.6f}:1")
check(f"compare #brush=mean_test_score:{cut:.4f}:1: only the {above} lines above shown, the rest faded",
      shown_faded(dom) == (above, len(scores) - above) and f'data-shown="{above}"' in dom, shown_faded(dom))
tanh = sum(r["param_activation"] == "tanh" for r in cv)
dom = render(path, "#brush=param_activation:tanh")
check(f"compare #brush=param_activation:tanh: the {tanh} tanh lines shown", shown_faded(dom) == (tanh, len(cv) - tanh), shown_faded(dom))
both = sum(r["param_activation"] == "tanh" and float(r["mean_test_score"]) > cut for r in cv)
dom = render(path, f"#brush=param_activation:tanh;mean_test_score:{cut:.6f}:1")
check(f"compare: two brushes keep only lines inside both ({both})", shown_faded(dom) == (both, len(cv) - both), shown_faded(dom))
check("compare: the brushed range drawn on its axis", re.search(r'<rect class="pc-brush"[^>]*visibility="visible"', dom) is not None)
screenshot_url = os.path.join(WORK, "compare-brushed.html")
shutil.copy(path, screenshot_url)
png = os.path.join(SHOTS, "compare-digits-brushed.png")
chromium(f"--screenshot={png}", "--window-size=1400,1000", url=f"file://{screenshot_url}#brush=param_activation:tanh;mean_test_score:{cut:.6f}:1")
check("compare: screenshot of a brushed view", os.path.exists(png))
DRAG = """(function(){var svg=document.getElementById('parallel-coordinates');
var g=[].slice.call(svg.querySelectorAll('g.pc-axis')).filter(function(g){return g.getAttribute('data-name')==='mean_test_score';})[0];
var lo=+g.getAttribute('data-lo'),hi=+g.getAttribute('data-hi'),top=+svg.getAttribute('data-top'),bottom=+svg.getAttribute('data-bottom');
function at(v){var pt=svg.createSVGPoint();pt.x=0;pt.y=bottom-(v-lo)/(hi-lo)*(bottom-top);return pt.matrixTransform(svg.getScreenCTM()).y;}
var hit=g.querySelector('.pc-hit'),r=hit.getBoundingClientRect(),x=r.left+r.width/2;
hit.dispatchEvent(new MouseEvent('mousedown',{clientX:x,clientY:at(hi)-2,bubbles:true}));
window.dispatchEvent(new MouseEvent('mousemove',{clientX:x,clientY:at(CUT)}));
window.dispatchEvent(new MouseEvent('mouseup',{clientX:x,clientY:at(CUT)}));})();"""
dom = render(path, script=DRAG.replace("CUT", f"{cut:.6f}"))
check(f"compare: dragging on mean_test_score from the top down to {cut:.4f} shows the same {above} lines",
      shown_faded(dom) == (above, len(cv) - above), shown_faded(dom))
dom = render(path, f"#brush=mean_test_score:{cut:.6f}:1", script="document.getElementById('parallel-coordinates').dispatchEvent(new MouseEvent('dblclick',{bubbles:true}));")
check("compare: a double click clears the brushes", shown_faded(dom) == (len(cv), 0), shown_faded(dom))

# ---- vanishing -------------------------------------------------------------------------
summary = list(csv.DictReader(open(file("vanishing-summary.csv"))))
path = file("vanishing-report.html")
dom = render(path)
check("vanishing report: charts present", len(charts(dom)) >= 13, len(charts(dom)))
check("vanishing report: the gradient-flow chart comes first", charts(dom) and "Gradient flow" in charts(dom)[0][:600], "")
screenshot(path)


def decades(chart):
    return [int(t[2:]) for t in texts(chart, "tick-y") if re.fullmatch(r"1e-?\d+", t)]


def legend_outside(chart):
    m = re.search(r'<rect class="plot-area" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', chart)
    xs = [float(x) for x in re.findall(r'<g class="legend-entry"><line x1="([\d.]+)"', chart)]
    return m is not None and all(x > float(m.group(1)) + float(m.group(2)) for x in xs)


path = file("vanishing-flow.svg")
dom = render(path)
c = charts(dom)
check("vanishing-flow: one chart, one line per (activation, depth)", len(c) == 1 and count(dom, "series") == len(summary) == 6, f"{count(dom, 'series')} lines, {len(summary)} studies")
labels, ds = texts(dom, "tick-y"), decades(dom)
check("vanishing-flow: a log y axis labelled in whole decades", "(log scale)" in dom and len(ds) >= 2 and len(ds) == len(labels)
      and len({b - a for a, b in zip(ds, ds[1:])}) == 1, labels)
check("vanishing-flow: x from layer 0 (hidden.0) to 10 (the 10-layer networks' output)", texts(dom, "tick-x")[0] == "0" and texts(dom, "tick-x")[-1] == "10", texts(dom, "tick-x"))
check("vanishing-flow: legend outside the plot", count(dom, "legend-entry") == 6 and legend_outside(dom))
screenshot(path, svg_size(path))
for svg in sorted(glob.glob(os.path.join(OUT, "vanishing-*.svg"))):
    name = os.path.basename(svg)
    if name == "vanishing-flow.svg":
        continue
    dom = render(svg)
    for c in charts(dom):
        check(f"{name}: every panel labels at least two ticks", len(texts(c, "tick-y")) >= 2, texts(c, "tick-y"))
        check(f"{name}: legend (if any) outside the plot", legend_outside(c))
    depth = int(re.match(r"vanishing-\w+?-(\d+)", name).group(1))
    if name.endswith("-linear.svg"):
        check(f"{name}: one linear chart, one line per layer, from 0", len(charts(dom)) == 1 and count(dom, "series") == depth + 1
              and "(log scale)" not in dom and texts(dom, "tick-y")[0] == "0", texts(dom, "tick-y"))
    else:
        ticks = [tuple(texts(c, "tick-y")) for c in charts(dom)]
        check(f"{name}: one panel per layer, all on one shared log range", len(ticks) == depth + 1 and len(set(ticks)) == 1 and decades(dom), set(ticks))
    screenshot(svg, svg_size(svg))

print(f"\nscreenshots in {SHOTS}")
if FAILURES:
    print(f"{len(FAILURES)} report check(s) failed:\n  " + "\n  ".join(FAILURES))
    sys.exit(1)
print("all report checks passed")
