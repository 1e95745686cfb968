"""What pausing Python's cyclic garbage collector buys (`kb.cache.collector_paused`): ``kb.load`` and
``build_site`` of a base, with the collector paused as Crux does it, and with it left running.

    .venv/bin/python benchmarks/synth.py --claims 2000 --out /tmp/b2k
    .venv/bin/python benchmarks/collector.py /tmp/b2k [--rounds K]

Each round starts a fresh interpreter with its own cache folder (so that everything is derived
anew: a clean load and a clean build into a new folder), once as Crux runs and once with
`collector_paused` replaced by a context manager that does nothing, in alternation; the load
and the build are timed inside the interpreter. Medians, the spread of the rounds and the ratio
are printed; timings never go into tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CODE = """
import contextlib, json, os, sys, time
import kb, kb.base, kb.cache, render.build
from render.settings import Settings
if {running!r}:
    nothing = contextlib.nullcontext
    kb.base.collector_paused = render.build.collector_paused = lambda: nothing()
started = time.perf_counter()
base = kb.load({root!r})
loaded = time.perf_counter()
render.build.build_site(base, {out!r}, Settings(search=False))
built = time.perf_counter()
sys.stdout.write(json.dumps([loaded - started, built - loaded]))
sys.stdout.flush()
os._exit(0)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", help="a claims folder (e.g. written by benchmarks/synth.py)")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    times: dict[str, list[tuple[float, float]]] = {"paused": [], "running": []}
    for _ in range(arguments.rounds):
        for mode in times:
            with tempfile.TemporaryDirectory() as work:
                code = CODE.format(running=mode == "running", root=arguments.claims, out=str(Path(work) / "site"))
                done = subprocess.run(
                    [sys.executable, "-c", code],
                    capture_output=True,
                    text=True,
                    check=True,
                    env={"KB_CACHE_DIR": str(Path(work) / "cache"), "PATH": "/usr/bin:/bin"},
                )
                times[mode].append(tuple(json.loads(done.stdout)))
    for stage, index in (("kb.load", 0), ("build_site", 1)):
        medians = {}
        for mode, rounds in times.items():
            values = [r[index] for r in rounds]
            medians[mode] = statistics.median(values)
            spread = ", ".join(f"{v:.2f}" for v in values)
            print(f"{stage:>10}, collector {mode:>7}: {medians[mode]:.2f} s ({spread})")
        print(f"{stage:>10}: running / paused = {medians['running'] / medians['paused']:.2f}")


if __name__ == "__main__":
    main()
