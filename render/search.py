"""Full-text search: a pagefind index built over the finished pages, before they are published.

Only the Chinese pages are indexed, as one Chinese-segmented index: each of them
holds both statements, the quotes and the tags, so a single index answers
English and Chinese words alike, and ``static/search.js`` maps a hit back to
the page in the reader's language. Pagefind runs as the ``pagefind_extended``
binary that the ``pagefind[extended]`` package ships.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from kb.errors import BuildError
from render.output import die_with_parent

OUTPUT = "pagefind"


def pagefind_binary() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise BuildError("search needs pagefind: pip install 'pagefind[extended]'") from None
    return get_executable()


def index_search(site: Path) -> None:
    """Write the search index of the pages under ``site/zh/`` into ``site/pagefind/``."""
    command = [str(pagefind_binary()), "--site", str(site), "--output-subdir", OUTPUT, "--glob", "zh/**/*.html",
               "--force-language", "zh", "--keep-index-url", "--silent"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, preexec_fn=die_with_parent)
    if done.returncode != 0:
        raise BuildError(f"pagefind failed: {(done.stderr or done.stdout).strip()}")


def cjk_terms(*texts: str) -> str:
    """Every Chinese character of ``texts`` and every adjacent pair, space-separated, deduplicated.

    Pagefind segments Chinese with a dictionary trained on Simplified Chinese, which
    glues many Traditional words to their neighbours (``的訓練`` stays one token, so
    ``訓練`` would not find it). Claim pages carry these terms in an index-only
    attribute, and ``search.js`` also asks for a Chinese query character by character,
    so a word is found wherever its characters occur.

    >>> cjk_terms("DeepSeek-V3 的訓練在 FP8", "訓練")
    '的 訓 練 在 的訓 訓練 練在'
    """
    singles: dict[str, None] = {}
    pairs: dict[str, None] = {}
    for text in texts:
        singles |= dict.fromkeys(ch for ch in text if _is_cjk(ch))
        pairs |= dict.fromkeys(a + b for a, b in zip(text, text[1:]) if _is_cjk(a) and _is_cjk(b))
    return " ".join([*singles, *pairs])


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"
