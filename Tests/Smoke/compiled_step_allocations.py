#!/usr/bin/env python3
"""ctest: a compiled training step allocates nothing after warm-up, on 1 and 2 threads.

Runs `dendrite bench train --tiny --json` (a release build: debug builds allocate in
unspecialised generic code) and checks the heap allocations per step it counted: zero for
every compiled row, and more than zero for the eager rows, which shows the counting works.
Usage: compiled_step_allocations.py DENDRITE OUT_DIR
"""
import json
import subprocess
import sys

dendrite, out = sys.argv[1], sys.argv[2]
done = subprocess.run([dendrite, "bench", "train", "--tiny", "--threads", "1,2", "--json", "--out", out],
                      stdout=subprocess.PIPE, text=True, check=True)
rows = json.loads(done.stdout)["rows"]
failures = []
for row in rows:
    allocations, eager = row.get("allocationsPerStep"), row["case"].endswith("(eager)")
    label = f"{row['case']} at {row['threads']} thread(s): {allocations} allocations per step"
    print(label)
    if allocations is None or (eager and allocations <= 0) or (not eager and allocations != 0):
        failures.append(label)
if failures or not rows:
    sys.exit("unexpected: " + "; ".join(failures or ["no rows"]))
print(f"{len(rows)} rows: compiled steps allocate nothing")
