"""What the cached unit parse in `kb.quant.units` buys: every check of a base, with and without it.

    .venv/bin/python benchmarks/pint_parse.py [--claims DIR] [--rounds K]

`kb.quant.units._build_registry` replaces pint's ``_parse_units_as_container`` with an lru_cache
of it (pint caches single unit names only; checks convert to compound units such as ``FLOP/s``
in their values, steps, intervals and the pint confirmations of break-evens; the break-even
searches themselves run on plain floats). This runs every check of DIR (default ``claims/``; a
base from benchmarks/synth.py for a whole build) with the cached parse and with pint's own method,
alternating, in the same process, and prints the median time of each and their ratio. Timings
never go into tests.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import kb
from kb.checks import run_check
from kb.quant.units import ureg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", default="claims", help="claims folder (default claims/)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rounds = args.rounds
    base = kb.load(args.claims, cache=False)
    checked = [c for c in base if c.check is not None]

    def run_all() -> float:
        started = time.perf_counter()
        for claim in checked:
            assert claim.check is not None
            run_check(claim.id, claim.check, base.data)
        return time.perf_counter() - started

    cached: Callable[..., object] = ureg._parse_units_as_container
    run_all()  # warm: imports, pint's own caches
    times: dict[str, list[float]] = {"cached parse": [], "pint's parse": []}
    for _ in range(rounds):
        cached.cache_clear()  # type: ignore[attr-defined]  # the lru_cache of kb.quant.units
        times["cached parse"].append(run_all())
        del ureg._parse_units_as_container  # the instance attribute goes: pint's method shows through
        times["pint's parse"].append(run_all())
        ureg._parse_units_as_container = cached  # type: ignore[method-assign]  # put back as it was
    for name, values in times.items():
        print(
            f"{name:>13}: median {statistics.median(values):.2f} s over {rounds} rounds "
            f"({', '.join(f'{v:.2f}' for v in values)}), {len(checked)} checks"
        )
    ratio = statistics.median(times["pint's parse"]) / statistics.median(times["cached parse"])
    print(f"pint's parse takes {ratio:.2f}× the time of the cached one")


if __name__ == "__main__":
    main()
