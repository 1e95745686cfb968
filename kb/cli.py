"""The ``kb`` command: thin over the library.

Each command loads the base, calls one library function and turns library
errors into messages. Exit codes: 0 success, 1 validation problems, 2 usage errors.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kb.base import KnowledgeBase, inspect, load
from kb.checks.words import break_even_sentence, expectation_text, show_value
from kb.errors import InvalidBase, Issue, KBError, UnknownClaim
from kb.models import ClaimKind


def claims_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--claims DIR`` and turn library errors into clean messages and exit codes."""

    @click.option("--claims", "claims_dir", default="claims", show_default=True,
                  type=click.Path(file_okay=False, path_type=Path), help="Folder of claim files.")
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UnknownClaim as exc:
            raise click.UsageError(f"{exc}") from None
        except InvalidBase as exc:
            _report(exc.issues)
            sys.exit(1)
        except KBError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)

    return wrapper


def _report(issues: list[Issue]) -> None:
    for issue in issues:
        colour = "red" if issue.severity == "error" else "yellow"
        click.echo(click.style(f"{issue.severity}: ", fg=colour) + str(issue), err=True)
    errors = sum(i.severity == "error" for i in issues)
    click.echo(f"{errors} error(s), {len(issues) - errors} warning(s)", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="crux-kb")
def main() -> None:
    """Crux: a claim-tracking knowledge base.

    \b
    Example:
      kb validate && kb build --out site && kb serve
    """


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@claims_option
def validate(claims_dir: Path, strict: bool) -> None:
    """Check every claim and source file and report all problems at once.

    \b
    Example:
      kb validate --claims claims --strict
    """
    base, issues = inspect(claims_dir)
    if issues:
        _report(issues)
    if base is None or (strict and issues):
        sys.exit(1)
    checked = sum(c.check is not None for c in base)
    click.echo(f"ok: {len(base)} claims ({checked} with checks), {len(base.sources)} sources")


@main.command()
@click.option("--out", default="site", show_default=True, type=click.Path(path_type=Path), help="Output folder.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@claims_option
def build(claims_dir: Path, out: Path, strict: bool) -> None:
    """Validate, then build the static site (and kb.sqlite, kb.json) into OUT.

    \b
    Example:
      kb build --claims claims --out site
    """
    from render.build import build_site

    written = build_site(load(claims_dir, strict=strict), out)
    click.echo(f"built {written} files into {out}/")


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
    from render.serve import serve_folder

    build_site(load(claims_dir), out)
    click.echo(f"serving {out}/ on http://localhost:{port}/ (Ctrl-C to stop)")
    serve_folder(out, port)


@main.command()
@click.argument("claim_id")
@claims_option
def show(claims_dir: Path, claim_id: str) -> None:
    """Print one claim with its quotes, supporters and rebuttals.

    \b
    Example:
      kb show fu/fp4-9x-flops
    """
    base = load(claims_dir)
    claim = base.claim(claim_id)
    click.echo(f"{claim.id}  [{claim.kind.value}]  source: {claim.source}")
    click.echo(f"  {claim.statement}\n  {claim.statement_zh}")
    for quote in claim.quotes:
        mark = "verified" if base.quote_verified(quote) else "unverified"
        click.echo(f"  quote ({quote.source}, {mark}): {quote.text}")
    if claim.tags:
        click.echo(f"  tags: {', '.join(claim.tags)}")
    result = base.result(claim.id)
    if result.verdict != "unchecked":
        click.echo(f"  check: {result.kind} → {show_value(result.value, result.unit)} "
                   f"(claim: {expectation_text(result)}) → {result.verdict.upper()}")
        for name in result.break_even:
            click.echo(f"    break-even: {break_even_sentence(result, name)}")
    _echo_related("supports", [base.claim(i) for i in claim.supports])
    _echo_related("rebuts", [base.claim(i) for i in claim.rebuts])
    _echo_related("supported by", base.supporters(claim.id))
    _echo_related("rebutted by", base.rebuttals(claim.id))


def _echo_related(label: str, claims: list) -> None:
    for claim in claims:
        click.echo(f"  {label}: {claim.id} — {claim.statement}")


@main.command(name="list")
@click.option("--source", help="Only claims made by this source id.")
@click.option("--tag", help="Only claims with this tag.")
@click.option("--kind", type=click.Choice([k.value for k in ClaimKind]), help="Only claims of this kind.")
@claims_option
def list_claims(claims_dir: Path, source: str | None, tag: str | None, kind: str | None) -> None:
    """List claims, one per line: id, kind, statement.

    \b
    Example:
      kb list --source fu-2025-yes-agi --kind quantitative
    """
    base = load(claims_dir)
    for claim in _filtered(base, source, tag, kind):
        click.echo(f"{claim.id}\t{claim.kind.value}\t{claim.statement}")


def _filtered(base: KnowledgeBase, source: str | None, tag: str | None, kind: str | None) -> list:
    return [c for c in base if (source is None or c.source == source)
            and (tag is None or tag in c.tags) and (kind is None or c.kind.value == kind)]


@main.command()
@click.argument("claim_ids", nargs=-1)
@claims_option
def check(claims_dir: Path, claim_ids: tuple[str, ...]) -> None:
    """Recompute the checked claims (or the ones named) and print a table of verdicts.

    Exits 1 when a check fails with an error.

    \b
    Example:
      kb check fu/fp4-9x-flops fu/deepseek-v3-mfu-20pct
    """
    base = load(claims_dir)
    ids = list(claim_ids) or [c.id for c in base if c.check is not None]
    results = [base.result(i) for i in ids]
    width = max((len(i) for i in ids), default=10)
    click.echo(f"{'claim':<{width}}  {'value':>12}  {'claim says':<22}  verdict")
    for r in results:
        verdict = click.style(r.verdict, fg=VERDICT_COLOURS.get(r.verdict))
        click.echo(f"{r.claim_id:<{width}}  {show_value(r.value, r.unit):>12}  {expectation_text(r):<22}  {verdict}")
        if r.message:
            click.echo(f"{'':<{width}}  {r.message}")
    if any(r.verdict == "error" for r in results):
        sys.exit(1)


VERDICT_COLOURS = {"supported": "green", "contradicted": "red", "inconclusive": "yellow", "error": "magenta"}
