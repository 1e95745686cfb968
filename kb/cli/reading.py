"""The commands that read the base: ``kb validate``, ``show``, ``list``, ``check``, ``questions``, ``coverage``."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

import kb
from kb.cli.program import claims_option, main, report
from kb.errors import failing
from kb.expectations import unexpected_verdicts
from kb.models import ClaimKind

if TYPE_CHECKING:
    from kb.base import KnowledgeBase
    from kb.models import Claim


@main.command()
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: a list of {path, line, field, severity, message, hint} on stdout.",
)
@claims_option
def validate(claims_dir: Path, strict: bool, fmt: str) -> None:
    """Check every claim, source and dataset file and report all problems at once.

    \b
    Example:
      kb validate --claims claims --strict
      kb validate --format json > problems.json
    """
    from kb.loader import inspect

    base, issues = inspect(claims_dir)
    if fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(i) for i in issues], ensure_ascii=False, indent=2))
    elif issues:
        report(issues)
    if base is None or failing(issues, strict):
        sys.exit(1)
    if fmt == "json":
        return
    checked = sum(c.check is not None for c in base)
    click.echo(f"ok: {len(base)} claims ({checked} with checks), {len(base.sources)} sources")


@main.command()
@click.argument("claim_id")
@claims_option
def show(claims_dir: Path, claim_id: str) -> None:
    """Print one claim with its quotes, supporters and rebuttals.

    \b
    Example:
      kb show fu/fp4-9x-flops
    """
    from kb.checks.words import break_even_sentence, expectation_text, show_value

    base = kb.load(claims_dir)
    claim = base.claim(claim_id)
    click.echo(f"{claim.id}  [{claim.kind.value}]  source: {claim.source}")
    for statement in (claim.statement, claim.statement_zh):  # each language the base is written in
        if statement:
            click.echo(f"  {statement}")
    for quote in claim.quotes:
        mark = "verified" if base.quote_verified(quote) else "unverified"
        click.echo(f"  quote ({quote.source}, {mark}): {quote.text}")
    if claim.tags:
        click.echo(f"  tags: {', '.join(claim.tags)}")
    result = base.result(claim.id)
    if result.verdict != "unchecked":
        click.echo(
            f"  check: {result.kind} → {show_value(result.value, result.unit)} "
            f"(claim: {expectation_text(result)}) → {result.verdict.upper()}"
        )
        if result.weak:
            click.echo(f"    weak test: {result.weak}")
        for name in result.break_even:
            click.echo(f"    {break_even_sentence(result, name)}")
    _echo_related("supports", [base.claim(i) for i in claim.supports])
    _echo_related("rebuts", [base.claim(i) for i in claim.rebuts])
    _echo_related("supported by", base.supporters(claim.id))
    _echo_related("rebutted by", base.rebuttals(claim.id))
    _echo_questions(base, claim.id)


def _echo_questions(base: KnowledgeBase, claim_id: str) -> None:
    from kb.questions import argument_lines

    explanation = base.explain(claim_id)
    click.echo(f"  strength: {explanation.sentence()}")
    for argument in base.arguments(claim_id):
        click.echo(f"  argument '{argument.text}': {' + '.join(argument.premises)}")
    for line in argument_lines(base, claim_id):
        click.echo(f"    {line}")
    for question, taken in base.questions_of(claim_id):
        click.echo(f"  question {question.id}: {question.text} — takes '{question.answers[taken].text}'")


def _echo_related(label: str, claims: list[Claim]) -> None:
    for claim in claims:
        click.echo(f"  {label}: {claim.id} — {claim.text}")


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
    base = kb.load(claims_dir)
    for claim in _filtered(base, source, tag, kind):
        click.echo(f"{claim.id}\t{claim.kind.value}\t{claim.text}")


def _filtered(base: KnowledgeBase, source: str | None, tag: str | None, kind: str | None) -> list[Claim]:
    return [
        c
        for c in base
        if (source is None or c.source == source)
        and (tag is None or tag in c.tags)
        and (kind is None or c.kind.value == kind)
    ]


@main.command()
@click.argument("claim_ids", nargs=-1)
@claims_option
def check(claims_dir: Path, claim_ids: tuple[str, ...]) -> None:
    """Recompute the checked claims (or the ones named) and print a table of verdicts.

    Exits 1 when a check fails with an error, or when a verdict is not the claim's expected_verdict.

    \b
    Example:
      kb check fu/fp4-9x-flops fu/deepseek-v3-mfu-20pct
    """
    from kb.checks.words import expectation_text, show_value

    base = kb.load(claims_dir)
    ids = list(claim_ids) or [c.id for c in base if c.check is not None]
    results = [base.result(i) for i in ids]
    width = max((len(i) for i in ids), default=10)
    click.echo(f"{'claim':<{width}}  {'value':>12}  {'claim says':<28}  verdict")
    for r in results:
        verdict = click.style(r.verdict, fg=VERDICT_COLOURS.get(r.verdict)) + (" (weak test)" if r.weak else "")
        click.echo(f"{r.claim_id:<{width}}  {show_value(r.value, r.unit):>12}  {expectation_text(r):<28}  {verdict}")
        if r.message:
            click.echo(f"{'':<{width}}  {r.message}")
    unexpected = {i: r for i, r in unexpected_verdicts(base).items() if i in ids}
    for claim_id, r in unexpected.items():
        expected = base.claim(claim_id).expected_verdict
        click.echo(f"{claim_id}: the check says {r.verdict}, the file expects {expected} (expected_verdict)", err=True)
    if unexpected or any(r.verdict == "error" for r in results):
        sys.exit(1)


VERDICT_COLOURS = {"supported": "green", "contradicted": "red", "inconclusive": "yellow", "error": "magenta"}


@main.command()
@click.option("--suggest", "suggestions", is_flag=True, help="List cross-source rebuttals that no question covers yet.")
@claims_option
def questions(claims_dir: Path, suggestions: bool) -> None:
    """List the questions the sources disagree on, ranked by what hinges on them.

    For each: its hinge (how far the theses move between its answers), whether recomputed
    evidence bears on it, and where each answer puts each thesis.

    \b
    Example:
      kb questions && kb questions --suggest
    """
    from kb.questions import hinge_rows, suggest

    base = kb.load(claims_dir)
    if suggestions:
        for number, pairs in enumerate(suggest(base), 1):
            click.echo(f"cluster {number}: " + "; ".join(f"{u} rebuts {v}" for u, v in pairs))
        return
    for rank, row in enumerate(hinge_rows(base), 1):
        kind = "checkable" if row.checkable else "judgement call"
        hinge = f"hinge {row.hinge.weight:.3f}" if row.hinge.measured else "hinge not measured"
        click.echo(f"{rank}. {row.question.id}  {hinge}  ({kind})  {row.question.text}")
        for answer, resolved in zip(row.question.answers, row.hinge.resolved, strict=True):
            theses = ", ".join(f"{t} {s:.2f}" for t, s in resolved.items())
            click.echo(f"     if '{answer.text}'" + (f": {theses}" if theses else ""))
        if row.verdicts:
            click.echo("     evidence: " + ", ".join(f"{c} {v}" for c, v in row.verdicts.items()))


@main.command()
@click.argument("source_ids", nargs=-1)
@claims_option
def coverage(claims_dir: Path, source_ids: tuple[str, ...]) -> None:
    """Print, per source, a Markdown table of its sections (in the order they appear) and their claims.

    \b
    Example:
      kb coverage dettmers-2025-why-agi-will-not-happen fu-2025-yes-agi-can-happen
    """
    from kb.formats import coverage_markdown

    base = kb.load(claims_dir)
    for source_id in source_ids or sorted({c.source for c in base}):
        if source_id not in base.sources:
            raise click.UsageError(f"unknown source {source_id!r}")
        click.echo(f"**{base.sources[source_id].title}** ({base.sources[source_id].author})\n")
        click.echo(coverage_markdown(base, source_id) + "\n")
