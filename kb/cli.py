"""The ``kb`` command's library commands: thin over the library.

Each command loads the base, calls one library function and turns library
errors into messages. Exit codes: 0 success, 1 validation problems, 2 usage errors.
The site's commands (``kb build``, ``kb serve``) are added to `main` by `render.cli`,
which is the program the ``kb`` entry point runs: kb never imports render.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import kb
from kb.cache.speed import leave
from kb.errors import InvalidBase, Issue, KBError, UnknownClaim, failing
from kb.models import ClaimKind

if TYPE_CHECKING:
    from kb.base import KnowledgeBase
    from kb.models import Claim


def claims_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--claims DIR`` and turn library errors into clean messages and exit codes."""

    @click.option(
        "--claims",
        "claims_dir",
        default="claims",
        show_default=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder of claim files.",
    )
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
        except Exception as exc:
            if not _database_error(exc):
                raise
            click.secho(f"error: database: {exc.__class__.__name__}: {str(exc).splitlines()[0]}", fg="red", err=True)
            sys.exit(1)

    return wrapper


def _database_error(exc: Exception) -> bool:
    """Whether ``exc`` came from the database layer (imported only by the commands that use it)."""
    errors = sys.modules.get("sqlalchemy.exc")
    return errors is not None and isinstance(exc, errors.SQLAlchemyError)


def _report(issues: list[Issue]) -> None:
    for issue in issues:
        colour = {"error": "red", "warning": "yellow"}.get(issue.severity, "blue")
        click.echo(click.style(f"{issue.severity}: ", fg=colour) + str(issue), err=True)
    counts = Counter(i.severity for i in issues)
    click.echo(f"{counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} note(s)", err=True)


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
    from kb.base import inspect

    base, issues = inspect(claims_dir)
    if fmt == "json":
        click.echo(json.dumps([dataclasses.asdict(i) for i in issues], ensure_ascii=False, indent=2))
    elif issues:
        _report(issues)
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
    click.echo(f"  {claim.statement}\n  {claim.statement_zh}")
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
        click.echo(f"  argument '{argument.label}': {' + '.join(argument.premises)}")
    for line in argument_lines(base, claim_id):
        click.echo(f"    {line}")
    for question, taken in base.questions_of(claim_id):
        click.echo(f"  question {question.id}: {question.question} — takes '{question.answers[taken].label}'")


def _echo_related(label: str, claims: list[Claim]) -> None:
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
    base = kb.load(claims_dir)
    for claim in _filtered(base, source, tag, kind):
        click.echo(f"{claim.id}\t{claim.kind.value}\t{claim.statement}")


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
    unexpected = {i: r for i, r in base.unexpected_verdicts().items() if i in ids}
    for claim_id, r in unexpected.items():
        expected = base.claim(claim_id).expected_verdict
        click.echo(f"{claim_id}: the check says {r.verdict}, the file expects {expected} (expected_verdict)", err=True)
    if unexpected or any(r.verdict == "error" for r in results):
        sys.exit(1)


VERDICT_COLOURS = {"supported": "green", "contradicted": "red", "inconclusive": "yellow", "error": "magenta"}


@main.command()
@click.option("--source", help="Source id (or an unambiguous prefix) that makes the claim.")
@click.option("--statement", help="The claim in English, one sentence.")
@click.option("--statement-zh", help="The claim in Chinese, one sentence.")
@click.option("--quote", help="The source's own words, verbatim.")
@click.option("--quote-source", help="Source of the quote, if not --source (e.g. an archived summary).")
@click.option("--kind", type=click.Choice([k.value for k in ClaimKind]), default="qualitative", show_default=True)
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--supports", multiple=True, help="Id of a claim this claim supports (repeatable).")
@click.option("--rebuts", multiple=True, help="Id of a claim this claim rebuts (repeatable).")
@claims_option
def new(
    claims_dir: Path,
    source: str | None,
    statement: str | None,
    statement_zh: str | None,
    quote: str | None,
    quote_source: str | None,
    kind: str,
    tags: tuple[str, ...],
    supports: tuple[str, ...],
    rebuts: tuple[str, ...],
) -> None:
    """Create a claim file with a free id derived from the statement, and print its path.

    The record is validated against the whole base first and written atomically;
    an existing file is never overwritten. Run without flags on a terminal to be asked.

    \b
    Example:
      kb new --source fu --statement "FP4 training doubles the usable FLOPs of FP8 training." \\
             --statement-zh "FP4 訓練使可用 FLOPs 比 FP8 翻倍。" --quote-source jiqizhixin-2025-agi-debate \\
             --quote "如果能夠在 FP4 下完成訓練,我們就能獲得 2 倍的可用 FLOPs" --supports fu/thesis
    """
    from kb.editing import new_claim

    asked = _ask_missing({"source": source, "statement": statement, "statement_zh": statement_zh, "quote": quote})
    path = new_claim(
        claims_dir, **asked, quote_source=quote_source, kind=kind, tags=tags, supports=supports, rebuts=rebuts
    )
    click.echo(str(path))


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask_missing(fields: dict[str, str | None]) -> dict[str, str]:
    missing = [name for name, value in fields.items() if not value]
    if missing and not _interactive():
        raise click.UsageError(f"missing {', '.join('--' + m.replace('_', '-') for m in missing)}")
    return {name: value or click.prompt(name.replace("_", " ").capitalize()) for name, value in fields.items()}


@main.command(name="add-value")
@click.argument("dataset")
@click.argument("entry")
@click.argument("name")
@click.argument("value", type=float)
@click.argument("unit")
@click.option("--source", required=True, help="Source id of the number.")
@click.option("--at", "at", required=True, help="Where in the source (table, section, quote).")
@click.option("--label", help="Label of the entry, when it is new.")
@click.option("--precision", help="fp32, bf16, fp8, fp4, … (required for FLOP/s).")
@click.option("--sparsity", type=click.Choice(["dense", "sparse"]), help="Required for FLOP/s.")
@click.option("--low", type=float, help="Lower bound.")
@click.option("--high", type=float, help="Upper bound.")
@click.option("--note", help="A note for readers.")
@claims_option
def add_value(
    claims_dir: Path,
    dataset: str,
    entry: str,
    name: str,
    value: float,
    unit: str,
    source: str,
    at: str,
    label: str | None,
    precision: str | None,
    sparsity: str | None,
    low: float | None,
    high: float | None,
    note: str | None,
) -> None:
    """Add a sourced value to a dataset file, keeping the file's comments and key order.

    \b
    Example:
      kb add-value gpus h100-sxm tdp 700 W --source glennklockwood-h100 --at "H100 SXM, 700 W TDP"
    """
    from kb.editing import add_value as add

    measurement = {
        "value": value,
        "unit": unit,
        "source": source,
        "at": at,
        "precision": precision,
        "sparsity": sparsity,
        "low": low,
        "high": high,
        "note": note,
    }
    path = add(claims_dir, dataset, entry, name, {k: v for k, v in measurement.items() if v is not None}, label)
    click.echo(f"{path}: {entry}.{name} = {value:g} {unit}")


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["graphml", "json", "dot", "argdown"]), default="argdown", show_default=True
)
@claims_option
def graph(claims_dir: Path, fmt: str) -> None:
    """Print the argument graph as GraphML, node-link JSON, Graphviz DOT or Argdown.

    \b
    Example:
      kb graph --format argdown > debate.argdown
      kb graph --format dot | dot -Tsvg > map.svg
    """
    from kb.formats import export_graph

    click.echo(export_graph(kb.load(claims_dir), fmt), nl=False)


@main.command()
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--database", help="SQLAlchemy URL of an index (default: build one in memory from --claims).")
@claims_option
def query(claims_dir: Path, sql: str, fmt: str, database: str | None) -> None:
    """Run a read-only SQL query against the index and print the rows.

    \b
    Example:
      kb query "SELECT id, strength FROM claims WHERE verdict = 'contradicted'"
      kb query "SELECT * FROM check_inputs" --format csv > inputs.csv
    """
    from kb.store import make_engine, read_only_query

    engine = make_engine(database) if database else kb.load(claims_dir).engine
    columns, rows = read_only_query(engine, sql)
    _print_rows(columns, rows, fmt)


def _print_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: str) -> None:
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        click.echo(
            json.dumps([dict(zip(columns, r, strict=True)) for r in rows], ensure_ascii=False, indent=2, default=str)
        )
    else:
        cells = [[str(c) for c in columns]] + [["" if v is None else str(v) for v in r] for r in rows]
        widths = [min(max(len(row[i]) for row in cells), 60) for i in range(len(columns))]
        for n, row in enumerate(cells):
            click.echo("  ".join(v[:60].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
            if n == 0:
                click.echo("  ".join("-" * w for w in widths))


@main.command()
@click.option(
    "--database",
    envvar="KB_DATABASE_URL",
    required=True,
    help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/crux (or $KB_DATABASE_URL).",
)
@claims_option
def index(claims_dir: Path, database: str) -> None:
    """Write the SQL index into a database, replacing its previous contents in one transaction.

    \b
    Example:
      kb index --database postgresql+psycopg://crux@localhost/crux
    """
    from kb.store import make_engine, write_index

    engine = make_engine(database)
    try:
        write_index(kb.load(claims_dir), engine)
    finally:
        engine.dispose()
    click.echo(f"indexed into {engine.url.render_as_string(hide_password=True)}")


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
        click.echo(f"{rank}. {row.question.id}  {hinge}  ({kind})  {row.question.question}")
        for answer, resolved in zip(row.question.answers, row.hinge.resolved, strict=True):
            theses = ", ".join(f"{t} {s:.2f}" for t, s in resolved.items())
            click.echo(f"     if '{answer.label}'" + (f": {theses}" if theses else ""))
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


def run() -> None:
    """The ``kb`` program: `main`, then `kb.cache.leave` (without tearing the process down object by object)."""
    try:
        main()
        code: object = 0
    except SystemExit as stop:
        code = stop.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    leave(code or 0)
