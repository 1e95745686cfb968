"""The floor under a clean build: what writing Crux's output alone costs, against Hugo's whole build.

    .venv/bin/python benchmarks/floor.py [--size N] [--repeat K] [--work DIR] [--jobs J]

It needs the folders that ``benchmarks/run.py --sizes N`` leaves in WORK/nN/: Crux's built site
and the Hugo twin of the same claims. Each round, in the same run and on the same disk:

* Hugo builds its site from clean, as in run.py;
* a child process reads every file of Crux's built site into memory (not timed), then writes
  them all into a fresh folder on J processes (default: every core) with plain ``open``/``write``
  and no rendering at all: the least any build of that site must spend creating its files.

Both are timed per HTML page of their own output, and the floor is compared with issue 9's
target for a clean build, half of Hugo's time per page. Medians over ``--repeat`` rounds.
Timings never go into tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.run import (
    HUGO_CLEAN_PATHS,
    ROOT,
    Layout,
    _delete,
    _machine,
    _progress,
    _ratio,
    _timed,
    html_pages,
    hugo_command,
)

TARGET = 0.5  # issue 9: a clean build in at most half of Hugo's time per html page
WRITER = r"""
import multiprocessing, os, sys, time
site, copy, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
files = []
for parent, _, names in os.walk(site):
    for name in names:
        path = os.path.join(parent, name)
        with open(path, "rb") as f:
            files.append((os.path.join(copy, os.path.relpath(path, site)), f.read()))
def write(share):
    for path, data in share:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
start = time.perf_counter()
with multiprocessing.get_context("fork").Pool(jobs) as pool:
    pool.map(write, [files[k::jobs] for k in range(jobs)])
print(time.perf_counter() - start, len(files), sum(len(data) for _, data in files))
"""
"""Reads a site's files, then prints how long writing them into ``copy`` took, their number and bytes."""


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    layout = Layout.under(args.work / f"n{args.size}")
    if not (layout.site / "index.html").is_file() or not layout.hugo.is_dir():
        raise SystemExit(
            f"error: no built site in {layout.work}; run `.venv/bin/python benchmarks/run.py --sizes {args.size}` first"
        )
    if shutil.which("hugo") is None:
        raise SystemExit("error: `hugo` is not on PATH; the floor is measured against Hugo's build")
    print(_machine(args.work, hugo=True))
    copy = layout.work / "floor-copy"
    rounds = []
    for k in range(args.repeat):
        _progress(f"round {k + 1}: Hugo, then writing Crux's files alone")
        _delete(layout.paths(HUGO_CLEAN_PATHS))
        os.sync()
        hugo = _timed(hugo_command(layout), layout)["seconds"]
        _delete([copy])
        seconds, files, size = _write_alone(layout.site, copy, args.jobs)
        _delete([copy])
        rounds.append({"hugo": hugo, "write": seconds, "files": files, "bytes": size})
    hugo_pages, crux_pages = html_pages(layout.public), html_pages(layout.site)
    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    hugo_ms, floor_ms = 1000 * median["hugo"] / hugo_pages, 1000 * median["write"] / crux_pages
    print(
        f"Hugo, clean build:           {median['hugo']:6.2f} s for {hugo_pages:,} html pages = {hugo_ms:.2f} ms per page"
    )
    print(
        f"Crux's files, written alone: {median['write']:6.2f} s for {median['files']:,.0f} files, {median['bytes'] / 2**20:,.0f} MiB, "
        f"{crux_pages:,} html pages = {floor_ms:.2f} ms per page ({args.jobs} processes)"
    )
    print(
        f"floor / Hugo per page: {_ratio(floor_ms / hugo_ms)}; the target for a whole clean build is ≤ {_ratio(TARGET)}"
    )
    pairs = ", ".join(f"{r['hugo']:.2f}/{r['write']:.2f}" for r in rounds)
    print(f"rounds (Hugo s / writing s): {pairs}")
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="What writing Crux's output alone costs, against Hugo's clean build.")
    parser.add_argument(
        "--size", type=int, default=10000, metavar="N", help="claims of the base built by run.py (default 10000)"
    )
    parser.add_argument("--repeat", type=int, default=3, metavar="K", help="rounds (default 3)")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "benchmarks" / ".work",
        metavar="DIR",
        help="work folder (default benchmarks/.work)",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, metavar="J", help="writing processes (default: every core)"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.jobs < 1:
        parser.error("--repeat and --jobs must be at least 1")
    args.work = args.work.resolve()
    return args


def _write_alone(site: Path, copy: Path, jobs: int) -> tuple[float, int, int]:
    os.sync()  # what the last round left unwritten is not charged to this one
    result = subprocess.run(
        [sys.executable, "-c", WRITER, str(site), str(copy), str(jobs)], capture_output=True, text=True, check=True
    )
    seconds, files, size = result.stdout.split()
    return float(seconds), int(files), int(size)


if __name__ == "__main__":
    start = time.perf_counter()
    code = main()
    _progress(f"done in {time.perf_counter() - start:.0f} s")
    sys.exit(code)
