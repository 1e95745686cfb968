"""What leaving through ``os._exit`` buys (`kb.cache.leave`): a process holding a large base, leaving
normally or at once.

    .venv/bin/python benchmarks/synth.py --claims 10000 --out /tmp/b10k/claims
    .venv/bin/python benchmarks/process_exit.py /tmp/b10k/claims [--rounds K]

Each round starts a fresh interpreter that loads the base (with its check results and strengths,
as ``kb build`` holds them), prints the time and then leaves, either by falling off the end (the
interpreter frees every object and module) or by ``os._exit(0)``; the wait from the printed time
to the process's end is what a user waits for nothing. Medians of each, and the spread, are printed.
Timings never go into tests.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CODE = """
import os, sys, time
import kb
base = kb.load({root!r}); base.results; base.assessment.strengths
sys.stdout.write(repr(time.time())); sys.stdout.flush()
{leave}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", help="a claims folder (e.g. written by benchmarks/synth.py)")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    for leave in ("pass", "os._exit(0)"):
        waits = []
        for _ in range(arguments.rounds):
            code = CODE.format(root=arguments.claims, leave=leave)
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            waits.append(time.time() - float(done.stdout))
        spread = ", ".join(f"{w:.2f}" for w in waits)
        print(f"{leave:>12}: {statistics.median(waits):.2f} s from the last output to the end ({spread})")


if __name__ == "__main__":
    main()
