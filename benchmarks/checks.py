"""What the fast path of checks buys: every check of a base on pint alone and on plain floats.

    .venv/bin/python benchmarks/checks.py [--claims N] [--rounds K] [--work DIR]

`kb.checks.run_check` searches break-evens on plain floats (``fast=True``, the default) where a
check kind gives its formula on floats, and on pint alone with ``fast=False`` (the reference). This
runs every check of the shipped base (``claims/``) and of a synthetic base of N claims (written by
benchmarks/synth.py, seed 0, into WORK, a temporary folder unless given) both ways, alternating,
in the same process, K rounds each, and prints the median, the spread (lowest and highest) and the
ratio of the medians. It also says whether both ways gave the same results. Timings never go into
tests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import kb
from benchmarks.synth import generate
from kb.checks import Result, run_check

ROOT = Path(__file__).resolve().parent.parent


def run_all(base: kb.KnowledgeBase, fast: bool) -> tuple[float, list[Result]]:
    """Seconds to run every check of ``base``, and the results."""
    started = time.perf_counter()
    results = [run_check(c.id, c.check, base.data, fast=fast) for c in base if c.check is not None]
    return time.perf_counter() - started, results


def measure(name: str, base: kb.KnowledgeBase, rounds: int) -> None:
    """Print the timings of both ways for one base."""
    _, reference = run_all(base, fast=False)  # warm: imports, pint's caches
    _, fast = run_all(base, fast=True)
    times: dict[str, list[float]] = {"pint": [], "fast": []}
    for _ in range(rounds):
        for way in times:
            times[way].append(run_all(base, fast=way == "fast")[0])
    print(f"{name}: {len(reference)} checks, results {'equal' if reference == fast else 'DIFFERENT'}")
    for way, values in times.items():
        print(f"  {way:>4}: median {statistics.median(values):.3f} s, {min(values):.3f}-{max(values):.3f} s")
    ratio = statistics.median(times["pint"]) / statistics.median(times["fast"])
    spread = [p / f for p, f in zip(times["pint"], times["fast"], strict=True)]
    print(f"  pint takes {ratio:.1f}× the time of the fast path (per round {min(spread):.1f}-{max(spread):.1f}×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--claims", type=int, default=2000, help="claims in the synthetic base (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each way (default 5)")
    parser.add_argument("--work", type=Path, help="folder for the synthetic base (default: a temporary one)")
    args = parser.parse_args()
    print(f"{args.rounds} rounds of each way, alternating")
    measure("shipped base", kb.load(ROOT / "claims", cache=False), args.rounds)
    with tempfile.TemporaryDirectory() as scratch:
        folder = (args.work or Path(scratch)) / f"n{args.claims}" / "claims"
        generate(args.claims, folder)
        measure(f"synthetic base of {args.claims} claims", kb.load(folder, cache=False), args.rounds)


if __name__ == "__main__":
    main()
