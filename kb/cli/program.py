"""The ``kb`` command group, the option every command shares, and how errors become messages.

Exit codes: 0 success, 1 validation problems, 2 usage errors.
"""

from __future__ import annotations

import functools
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kb.cache.speed import leave
from kb.errors import InvalidBase, Issue, KBError, SettingError, UnknownClaim

if TYPE_CHECKING:
    pass


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
        except (UnknownClaim, SettingError) as exc:
            raise click.UsageError(f"{exc}") from None
        except InvalidBase as exc:
            report(exc.issues)
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


def report(issues: list[Issue]) -> None:
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
