"""The ``kb`` program: the library's commands (`kb.cli`) and the site's, ``kb build`` and ``kb serve``.

This is the one module that knows both packages: render imports kb, never the reverse. The
entry point in pyproject.toml runs `run`; ``python -m render.cli`` does the same.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

import kb
from kb import cli as library
from kb.cli import claims_option, main

__all__ = ["main", "run"]


@main.command()
@click.option("--out", default="site", show_default=True, type=click.Path(path_type=Path), help="Output folder.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--timings", is_flag=True, help="Print how long each stage took (on stderr).")
@claims_option
def build(claims_dir: Path, out: Path, strict: bool, timings: bool) -> None:
    """Validate, then build the static site (and kb.sqlite, kb.json) into OUT.

    \b
    Example:
      kb build --claims claims --out site
      kb build --timings
    """
    started = time.perf_counter()
    from render.output import check_out_folder, up_to_date

    check_out_folder(out, claims_dir)
    if not strict and up_to_date(claims_dir, out):
        click.echo(f"{out}/ is up to date")
        return
    checked = time.perf_counter()
    from render.build import Timings, build_site

    stages = Timings(
        [("check", checked - started, "the claim files, code and settings against the last build's")], checked
    )
    stages.lap("import", "the library, Jinja and the rest")
    base = kb.load(claims_dir, strict=strict)
    stages.lap("load", f"{len(base)} claims read and validated")
    written = build_site(base, out, timings=stages)
    click.echo(f"built {written} files into {out}/")
    if timings:
        click.echo(str(stages), err=True)


@main.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--out", default="site", show_default=True, type=click.Path(path_type=Path), help="Output folder.")
@claims_option
def serve(claims_dir: Path, out: Path, port: int) -> None:
    """Build the site, then serve it on http://localhost:PORT until Ctrl-C.

    \b
    Example:
      kb serve --port 8000
    """
    from render.build import build_site
    from render.serve import check_port, serve_folder

    check_port(port)  # before the build: say at once that the port is taken
    build_site(kb.load(claims_dir), out)
    click.echo(f"serving {out}/ on http://localhost:{port}/ (Ctrl-C to stop)")
    serve_folder(out, port, claims=claims_dir, program=run)


def run() -> None:
    """The ``kb`` program: every command (see `kb.cli.run` for how it leaves)."""
    library.run()


if __name__ == "__main__":
    run()
