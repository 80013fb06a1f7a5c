#!/usr/bin/env python3
"""Every function declared in csrc/include/cdendrite.h has a definition in csrc that
grep finds: a line starting with its return type and `name(` in a .c file, and no
macro-made name. With Universal Ctags on PATH, ctags must list it as a function too.

Usage: check_public_symbols.py [repository root]. Exit status 1 names the missing ones."""
import os
import re
import shutil
import subprocess
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
csrc = os.path.join(root, "csrc")
header = open(os.path.join(csrc, "include", "cdendrite.h")).read()
header = re.sub(r"/\*.*?\*/", "", header, flags=re.S)
declared = re.findall(r"^[A-Za-z][\w \*]*?\b(dd_\w+)\s*\([^;{]*\)\s*;", header, flags=re.M | re.S)
if len(declared) < 80:
    sys.exit(f"error: only {len(declared)} prototypes found in cdendrite.h; the parser is out of date")

sources = {}
for folder, _, files in os.walk(csrc):
    for f in files:
        if f.endswith(".c"):
            path = os.path.join(folder, f)
            sources[os.path.relpath(path, root)] = open(path).read()

missing = []
for name in declared:
    # the name at the start of a definition: return type at column 0, then `name(`,
    # then the parameter list up to an opening brace (not a `;`)
    pattern = re.compile(r"^(?!static\b)[A-Za-z_][\w \*]*\b" + name + r"\([^;{]*\)\s*\{", re.M)
    if not any(pattern.search(text) for text in sources.values()):
        missing.append(name)

ctags = shutil.which("ctags")
ctags_missing = []
if ctags and "Universal Ctags" in subprocess.run([ctags, "--version"], capture_output=True, text=True).stdout:
    out = subprocess.run([ctags, "-x", "--languages=C", "--langmap=C:.c", "--kinds-C=f", "-R", csrc],
                         capture_output=True, text=True, check=True).stdout
    tagged = {line.split()[0] for line in out.splitlines() if line.strip()}
    ctags_missing = [n for n in declared if n not in tagged]

for n in missing:
    print(f"no greppable definition of {n}() in csrc/**/*.c")
for n in ctags_missing:
    print(f"ctags finds no function {n} in csrc/**/*.c")
if missing or ctags_missing:
    sys.exit(1)
print(f"{len(declared)} functions of cdendrite.h, each defined by name in csrc"
      + (" (grep and ctags)" if ctags else " (grep)"))
