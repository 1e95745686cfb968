"""How long the assessment of a synthetic base takes: strengths, labels, hinges and cruxes, and every
claim's explanation (what each build's claim pages show).

    .venv/bin/python benchmarks/explain.py --claims 10000 [--rounds K] [--work DIR]
    .venv/bin/python benchmarks/explain.py --base /tmp/b10k [--rounds K]

With ``--claims N`` benchmarks/synth.py writes a base of N claims (seed 0) into ``WORK/nN`` first
(reused when it is already there); ``--base`` takes one already written. The base is read once
(checks run once); each round then starts from a fresh `kb.analysis.Assessment` of the same graph,
so that nothing computed in an earlier round is reused, and times in turn ``strengths`` (the whole
graph solved), ``labels`` (grounded labelling), ``hinges() + cruxes()`` and ``explain_all()``.
Prints each step's median over the rounds and its spread (lowest to highest), in seconds. Timings
go only into this output, never into tests.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` and `kb` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import generate
from kb.analysis import Assessment
from kb.loader import inspect

STEPS = ("strengths", "labels", "hinges+cruxes", "explain_all")


def fresh(assessment: Assessment) -> Assessment:
    """The same graph, base scores and questions, with nothing computed yet."""
    return dataclasses.replace(assessment, _explained={})


def one_round(template: Assessment) -> dict[str, float]:
    a = fresh(template)
    steps: dict[str, Callable[[], object]] = {
        "strengths": lambda: a.strengths,
        "labels": lambda: a.labels,
        "hinges+cruxes": lambda: (a.hinges(), a.cruxes()),
        "explain_all": a.explain_all,
    }
    found = {}
    for name in STEPS:
        start = time.perf_counter()
        steps[name]()
        found[name] = time.perf_counter() - start
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--claims", type=int, help="write a synthetic base of this many claims")
    source.add_argument("--base", type=Path, help="a base already written by benchmarks/synth.py")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "crux-explain-bench")
    args = parser.parse_args(argv)
    root = args.base
    if root is None:
        root = args.work / f"n{args.claims}"
        if not root.is_dir():
            print(f"writing {args.claims} claims into {root}", file=sys.stderr)
            generate(args.claims, root)
    start = time.perf_counter()
    base, _ = inspect(root, run_checks=False, cache=False)
    if base is None:
        raise SystemExit(f"{root}: not a valid base")
    template = base.assessment  # the checks behind the base scores run here, once
    P = fresh(template).propagation
    largest = max((len(m) for m in P.members.values() if m), default=0)
    print(
        f"{len(base.claims)} claims, {template.G.number_of_edges()} edges, largest cycle {largest} claims, "
        f"{len(template.questions)} questions; read in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    rounds = []
    for i in range(args.rounds):
        rounds.append(one_round(template))
        print(f"round {i + 1}: " + ", ".join(f"{s} {rounds[-1][s]:.2f} s" for s in STEPS), file=sys.stderr, flush=True)
    print(f"{'step':<15}{'median':>9}   spread ({args.rounds} rounds)")
    for step in (*STEPS, "total"):
        times = [sum(r.values()) if step == "total" else r[step] for r in rounds]
        print(f"{step:<15}{statistics.median(times):>8.2f}s   {min(times):.2f}-{max(times):.2f} s")


if __name__ == "__main__":
    main()
