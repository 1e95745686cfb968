"""Crux against Hugo on the same synthetic claims: builds, rebuilds, kb.load, memory and pages.

    .venv/bin/python benchmarks/run.py [--sizes 1000 10000] [--repeat K] [--work DIR] [--no-hugo] [--markdown]

For each size N, benchmarks/synth.py writes a base (seed 0) and its Hugo twin into WORK/nN/, and
both tools build it in the same run on the same disk:

* clean build: the paths in CLEAN_PATHS (HUGO_CLEAN_PATHS) are deleted first (Crux's cache,
  ``$KB_CACHE_DIR``, is kept in the work folder);
* no-op rebuild: the same build again, nothing changed;
* edit one claim: one claim's ``statement:`` line is rewritten in place, then the build runs;
* ``kb.load`` (Crux only): the call alone (after ``import kb`` has imported its modules), timed
  inside a fresh ``python -c`` after the builds;
* ``kb serve`` (Crux only): the server is started on the built site, the edited claim's file is
  saved again (its statement toggled back), and its page is fetched over HTTP every 10 ms until it
  has changed: the seconds from the save to the changed page being served;
* peak memory: the largest resident set of the build process or of any of its descendants
  (Crux runs Pagefind as a child process and may use workers), reported by a small wrapper
  through ``os.wait4`` and ``RUSAGE_CHILDREN``; the largest of the three builds;
* html pages: ``*.html`` files in the output.

Timings and memory are medians over ``--repeat`` rounds (default 3 for N ≤ 2000, else 1). Progress
goes to stderr, the table to stdout (``--markdown`` for the README), then one line per target of
`TARGETS`: met, or missed by how much. Timings never go into tests.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synth import generate

ROOT = Path(__file__).resolve().parent.parent
KB = Path(sys.executable).with_name("kb")
CLEAN_PATHS = ("{site}", "{work}/.site.crux", "{kb_cache}")
"""Deleted before a clean Crux build: the output, the spare copy and manifest that Crux keeps beside
it (``.<out>.crux``), and the cache of derived data (``$KB_CACHE_DIR``, set to {kb_cache} for
every Crux command so that it lives on the work disk). {work} is the size's folder."""
HUGO_CLEAN_PATHS = ("{public}", "{hugo}/resources", "{hugo_cache}")
"""Deleted before a clean Hugo build: the output, generated resources and Hugo's cache."""
REVISED = " (revised)"
SMALL = 2000
WRAPPER = r"""
import json, os, resource, subprocess, sys, time
report, command = sys.argv[1], sys.argv[2:]
with open(report + ".log", "wb") as log:
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(report, "w") as out:
    json.dump({"seconds": seconds, "status": child.returncode, "maxrss_kib": max(usage.ru_maxrss, children)}, out)
"""
"""Runs one build, then writes its wall time, exit status and peak memory (KiB) as JSON."""
LOAD = "import sys, time, kb; load = kb.load; start = time.perf_counter(); load(sys.argv[1]); print(time.perf_counter() - start)"
ROWS = (
    ("clean build (s)", "clean", "{:.2f}"),
    ("no-op rebuild (s)", "noop", "{:.2f}"),
    ("edit one claim (s)", "edit", "{:.2f}"),
    ("kb.load, warm (s)", "load", "{:.2f}"),
    ("kb serve: save to page served (s)", "serve", "{:.2f}"),
    ("peak memory (MiB)", "memory", "{:.0f}"),
    ("html pages", "pages", "{:.0f}"),
    ("clean build per page (ms)", "per_page", "{:.2f}"),
)


@dataclass(frozen=True)
class Layout:
    """The folders of one size: inputs (claims, hugo), outputs (site, public), caches (kb_cache, hugo_cache)."""

    work: Path
    claims: Path
    site: Path
    kb_cache: Path
    hugo: Path
    public: Path
    hugo_cache: Path

    @classmethod
    def under(cls, work: Path) -> Layout:
        return cls(
            work, work / "claims", work / "site", work / "kb-cache", work / "hugo", work / "public", work / "hugo-cache"
        )

    def crux_env(self) -> dict[str, str]:
        return os.environ | {"KB_CACHE_DIR": str(self.kb_cache)}

    def paths(self, templates: tuple[str, ...]) -> list[Path]:
        """``templates`` (such as CLEAN_PATHS) with the folders filled in."""
        return [Path(template.format(**vars(self))) for template in templates]


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    if not KB.is_file():
        raise SystemExit(
            f"error: {KB} not found; run this with the Python of Crux's virtual environment (.venv/bin/python)"
        )
    hugo = not args.no_hugo and shutil.which("hugo") is not None
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(_machine(args.work, hugo))
    if not args.no_hugo and not hugo:
        print("note: `hugo` is not on PATH; Hugo's column is skipped")
    rows, results = [], []
    for n in args.sizes:
        layout = Layout.under(args.work / f"n{n}")
        repeat = args.repeat or (3 if n <= SMALL else 1)
        start = time.perf_counter()
        generate(n, layout.claims, layout.hugo if hugo else None)
        _progress(f"n={n}: generated in {time.perf_counter() - start:.1f} s; {repeat} round(s)")
        crux = _medians([_crux_round(layout, k) for k in range(repeat)])
        twin = _medians([_hugo_round(layout, k) for k in range(repeat)]) if hugo else None
        rows += _rows(n, crux, twin)
        results.append((n, crux, twin))
    print(_table(rows, args.markdown))
    for line in _targets(results):
        print(line)
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Time Crux and Hugo on the same synthetic claims.")
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[1000, 10000], metavar="N", help="claims per base (default 1000 10000)"
    )
    parser.add_argument(
        "--repeat", type=int, metavar="K", help=f"rounds per size (default 3 up to {SMALL} claims, else 1)"
    )
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "benchmarks" / ".work",
        metavar="DIR",
        help="work folder (default benchmarks/.work)",
    )
    parser.add_argument("--no-hugo", action="store_true", help="time Crux only")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.work = args.work.resolve()
    return args


# --- measuring ----------------------------------------------------------------------------------


def _crux_round(layout: Layout, k: int) -> dict[str, float]:
    _progress(f"  Crux round {k + 1}")
    _delete(layout.paths(CLEAN_PATHS))
    build, env = [str(KB), "build", "--claims", str(layout.claims), "--out", str(layout.site)], layout.crux_env()
    clean, noop = _timed(build, layout, env), _timed(build, layout, env)
    _toggle_statement(_edited_claim(layout.claims))
    edit = _timed(build, layout, env)
    load = [sys.executable, "-c", LOAD, str(layout.claims)]
    result = subprocess.run(load, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    served = _served_edit(layout, env)
    return _round(clean, noop, edit, layout.site) | {"load": float(result.stdout.split()[-1]), "serve": served}


def _served_edit(layout: Layout, env: dict[str, str]) -> float:
    """Seconds from saving the edited claim's file to ``kb serve`` serving its page changed: the page
    is fetched over HTTP every 10 ms until its bytes differ from those before the save."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(KB), "serve", "--claims", str(layout.claims), "--out", str(layout.site), "--port", str(port)]
    claim = _edited_claim(layout.claims)
    url = f"http://localhost:{port}/claims/{claim.parent.name}/{claim.stem}/"
    server = subprocess.Popen(  # its own process group: stopping it stops the build it may have started
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        before = _fetch(url, until=time.monotonic() + 600)
        time.sleep(1.0)  # the file watch has started
        _toggle_statement(claim)
        saved = time.monotonic()
        while _fetch(url, until=saved + 600) == before:
            time.sleep(0.01)
        return time.monotonic() - saved
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        while _group_alive(server.pid):
            time.sleep(0.1)  # the build it started writes into the site: wait until it has gone


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _fetch(url: str, until: float) -> bytes:
    """The page at ``url``, waiting for the server to answer (until the monotonic time ``until``)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - localhost only
                return bytes(response.read())
        except OSError:
            if time.monotonic() > until:
                raise
            time.sleep(0.05)


def _hugo_round(layout: Layout, k: int) -> dict[str, float]:
    _progress(f"  Hugo round {k + 1}")
    _delete(layout.paths(HUGO_CLEAN_PATHS))
    build = hugo_command(layout)
    clean, noop = _timed(build, layout), _timed(build, layout)
    claim = _edited_claim(layout.claims).relative_to(layout.claims).with_suffix(".md")
    _toggle_statement(layout.hugo / "content" / "claims" / claim)
    edit = _timed(build, layout)
    return _round(clean, noop, edit, layout.public)


def hugo_command(layout: Layout) -> list[str]:
    """The command that builds the Hugo twin of ``layout`` (the same in every round and script)."""
    return [
        "hugo",
        "--quiet",
        "--source",
        str(layout.hugo),
        "--destination",
        str(layout.public),
        "--cacheDir",
        str(layout.hugo_cache),
    ]


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def _round(clean: dict, noop: dict, edit: dict, out: Path) -> dict[str, float]:
    pages = html_pages(out)
    memory = max(run["maxrss_kib"] for run in (clean, noop, edit)) / 1024
    return {
        "clean": clean["seconds"],
        "noop": noop["seconds"],
        "edit": edit["seconds"],
        "memory": memory,
        "pages": pages,
        "per_page": 1000 * clean["seconds"] / max(pages, 1),
    }


def _timed(command: list[str], layout: Layout, env: dict[str, str] | None = None) -> dict:
    """Run ``command`` under the wrapper; its wall time, exit status and peak memory."""
    report = layout.work / "last-build.json"
    subprocess.run([sys.executable, "-c", WRAPPER, str(report), *command], check=True, env=env)
    result = json.loads(report.read_text())
    if result["status"] != 0:
        log = Path(f"{report}.log").read_text(encoding="utf-8", errors="replace")
        raise SystemExit(f"error: {shlex.join(command)} exited with {result['status']}:\n{log[-3000:]}")
    return result


def _delete(paths: list[Path]) -> None:
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def _edited_claim(claims: Path) -> Path:
    """The claim file that the edit rounds rewrite: the first one in path order."""
    return min(p for p in claims.glob("*/*.yaml") if p.parent.name not in ("sources", "data"))


def _toggle_statement(path: Path) -> None:
    """Rewrite the ``statement:`` line in place, adding or removing a trailing " (revised)"."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("statement: "))
    statement = yaml.safe_load(lines[index])["statement"]
    changed = statement.removesuffix(REVISED) if statement.endswith(REVISED) else statement + REVISED
    lines[index] = f"statement: {json.dumps(changed, ensure_ascii=False)}\n"
    path.write_text("".join(lines), encoding="utf-8")


def _medians(rounds: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}


# --- reporting ----------------------------------------------------------------------------------


def _rows(n: int, crux: dict[str, float], hugo: dict[str, float] | None) -> list[list[str]]:
    rows = []
    for label, key, number in ROWS:
        ours = number.format(crux[key])
        theirs = number.format(hugo[key]) if hugo and key in hugo else "—"
        ratio = _ratio(crux[key] / hugo[key]) if hugo and key in hugo and hugo[key] else "—"
        rows.append([f"{n:,}", label, ours, theirs, ratio])
    return rows


TARGETS = (
    # (size it applies to, what, measure, limit, against Hugo's)
    (10000, "kb serve, save to page served", "serve", 0.5, False),
    (10000, "kb build after a one-claim edit", "edit", 2.0, False),
    (10000, "clean build per html page", "per_page", 2.0, True),
)
"""The targets of issue 17 at 10,000 claims: seconds, or a multiple of Hugo's figure."""


def _targets(results: list[tuple[int, dict[str, float], dict[str, float] | None]]) -> list[str]:
    """One line per target whose size was measured: met, or missed by how much."""
    lines = []
    for n, crux, hugo in results:
        for size, what, key, limit, relative in TARGETS:
            if n != size or (relative and not hugo):
                continue
            value = crux[key] / hugo[key] if relative and hugo else crux[key]
            unit = "× Hugo's" if relative else " s"
            verdict = "met" if value <= limit else f"missed by {value / limit:.1f}×"
            lines.append(f"target at {n:,} claims: {what} ≤ {limit:g}{unit}: {value:.2f}{unit}, {verdict}")
    return lines


def _ratio(value: float) -> str:
    """A ratio with two significant digits below 1 (a target such as "≤ 0.1×" stays readable).

    >>> _ratio(7.63), _ratio(0.041), _ratio(0.5)
    ('7.6×', '0.041×', '0.50×')
    """
    return f"{value:.1f}×" if value >= 1 else f"{value:.2g}×" if value < 0.1 else f"{value:.2f}×"


def _table(rows: list[list[str]], markdown: bool) -> str:
    header = ["claims", "measure", "Crux", "Hugo", "Crux/Hugo"]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * 2 + "---:|" * 3]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    align = [str.ljust, str.ljust, str.rjust, str.rjust, str.rjust]
    return "\n".join(
        "  ".join(a(cell, w) for a, cell, w in zip(align, row, widths, strict=True)) for row in [header, *rows]
    )


def _machine(work: Path, hugo: bool) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.machine(),
    )
    device, mount, fstype = _mount_of(work)
    free = shutil.disk_usage(work).free / 2**30
    versions = [f"Python {platform.python_version()}", f"crux-kb {importlib.metadata.version('crux-kb')}"]
    if hugo:
        versions.append(
            subprocess.run(["hugo", "version"], capture_output=True, text=True, check=True)  # noqa: S607 - the Hugo on PATH is the one measured
            .stdout.split("+")[0]
            .strip()
        )
    return "\n".join(
        [
            f"machine: {len(os.sched_getaffinity(0))} CPUs (nproc), {cpu}, {platform.system()} {platform.release()}",
            f"disk: work folder {work} on {device} ({fstype}, mounted at {mount}), {free:.0f} GiB free",
            f"software: {', '.join(versions)}",
        ]
    )


def _mount_of(path: Path) -> tuple[str, str, str]:
    """Device, mount point and file-system type of the mount holding ``path`` (from /proc/mounts)."""
    best = ("?", "/", "?")
    for line in _read("/proc/mounts").splitlines():
        device, mount, fstype = line.split()[:3]
        if path.is_relative_to(mount) and len(mount) >= len(best[1]):
            best = (device, mount, fstype)
    return best


def _read(name: str) -> str:
    try:
        return Path(name).read_text()
    except OSError:
        return ""


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
