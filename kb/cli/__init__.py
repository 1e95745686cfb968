"""The ``kb`` command's library commands: thin over the library.

Each command loads the base, calls one library function and turns library errors into
messages (`kb.cli.program`). The commands are grouped by what they do to the base:
`kb.cli.reading`, `kb.cli.history`, `kb.cli.editing`, `kb.cli.exporting`. The site's commands (``kb build``,
``kb serve``) are added to `main` by `render.cli`, which is the program the ``kb`` entry
point runs: kb never imports render.
"""

from kb.cli import editing, exporting, history, reading
from kb.cli.program import claims_option, main, report, run

__all__ = ["claims_option", "editing", "exporting", "history", "main", "reading", "report", "run"]
