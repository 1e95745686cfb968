"""The commands that export the base: ``kb graph``, ``kb query``, ``kb index``."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

import kb
from kb.cli.program import claims_option, main


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
