"""The commands that read the base's history: ``kb history`` (a record's revisions) and ``kb diff``
(what a change does to the argument)."""

from __future__ import annotations

from pathlib import Path

import click

from kb.cache import Cache
from kb.cli.program import claims_option, main
from kb.diff import compare
from kb.history import read_history, tree_at
from kb.snapshot import Snapshot, snapshot_at, snapshot_of
from kb.timeline import read_timeline

WORKING_TREE = "the working tree"


@main.command()
@click.argument("record")
@claims_option
def history(claims_dir: Path, record: str) -> None:
    """Print a record's revisions from git, newest first: date, commit, author, message, what changed.

    RECORD is a claim id, or source:<id>, question:<id>, value:<dataset>.<entry>.<name> or settings.

    \b
    Example:
      kb history fu/fp4-9x-flops
      kb history value:gpus.h100-sxm.bf16_dense
    """
    found = read_history(claims_dir, Cache.for_root(claims_dir))  # the base need not be valid: read from git
    revisions, notes = read_timeline(found, cache=Cache.for_root(claims_dir)).revisions_of(found, record), found.notes
    for note in notes:
        click.echo(f"note: {note}", err=True)
    if not revisions and not notes:
        raise click.UsageError(
            f"no history for {record!r} (hint: a claim id, or source:<id>, value:<dataset>.<entry>.<name>)"
        )
    for revision in revisions:
        click.echo(f"{revision.date[:10]}  {revision.commit[:10]}  {revision.author}: {revision.message}")
        for change in revision.changes:
            click.echo(f"    {change}")


@main.command()
@click.argument("revisions", nargs=-1, metavar="[OLD] [NEW]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="markdown: for a pull request's comment; json: the same as plain data.",
)
@claims_option
def diff(claims_dir: Path, revisions: tuple[str, ...], fmt: str) -> None:
    """What a change does to the argument: claims added, removed and changed, verdicts flipped,
    the strengths and hinges that moved most, warnings new and gone.

    With no revision, the last commit (HEAD) against the working tree; with one, that revision
    against the working tree; with two, OLD against NEW. Each version is assessed by this
    version of Crux, as of today.

    \b
    Example:
      kb diff
      kb diff HEAD~1
      kb diff HEAD~1 HEAD --format markdown > comment.md
    """
    if len(revisions) > 2:
        raise click.UsageError("kb diff takes at most two revisions (hint: kb diff OLD NEW)")
    old, new = (*revisions, None)[:2] if revisions else ("HEAD", None)
    difference = compare(_version(claims_dir, old), _version(claims_dir, new), old or WORKING_TREE, new or WORKING_TREE)
    output = {"text": difference.text, "json": difference.json, "markdown": difference.markdown}[fmt]()
    click.echo(output.rstrip("\n"))


def _version(claims_dir: Path, revision: str | None) -> Snapshot:
    """The base at ``revision`` (None: as it is on disk)."""
    if revision is None:
        return snapshot_of(claims_dir)
    found = tree_at(claims_dir, revision)
    if found is None:
        raise click.UsageError(
            f"no revision {revision!r} holds {claims_dir} (hint: a commit, branch or tag of the repository "
            "holding the claims folder, such as HEAD~1)"
        )
    return snapshot_at(*found)
