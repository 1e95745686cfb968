"""The commands that write claim files: ``kb new`` and ``kb add-value``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kb.cli.program import claims_option, main
from kb.models import ClaimKind


@main.command()
@click.option("--source", help="Source id (or an unambiguous prefix) that makes the claim.")
@click.option("--statement", help="The claim in English, one sentence (when the base is written in English).")
@click.option("--statement-zh", help="The claim in Chinese, one sentence (when the base is written in Chinese).")
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
    from kb.records import read_config

    languages = read_config(claims_dir).languages  # a statement in each of the base's languages
    wanted = {"source": source, "statement": statement, "statement_zh": statement_zh, "quote": quote}
    written = {"statement": "en" in languages, "statement_zh": "zh" in languages}
    asked = _ask_missing({k: v for k, v in wanted.items() if written.get(k, True) or v})
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
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", default="A new Crux base", show_default=True, help="The site's name (crux.yaml title).")
@click.option(
    "--language",
    "languages",
    multiple=True,
    type=click.Choice(["en", "zh"]),
    help="A language of the base, the first being the primary one (repeatable; default: en).",
)
def init(folder: Path, title: str, languages: tuple[str, ...]) -> None:
    """Create a new base in FOLDER (missing or empty) that validates and builds at once.

    It holds crux.yaml (the base's settings), one source with its archived text, two claims
    with verified quotes, a formula check and a README for its editors.

    \b
    Example:
      kb init solar --title "Solar prices"
    """
    from kb.errors import KBError
    from kb.starter import new_base

    try:
        root = new_base(folder, title=title, languages=list(languages) or ["en"])
    except KBError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"created {root}/: kb build --claims {root} --out site builds its site")
