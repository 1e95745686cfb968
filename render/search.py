"""Full-text search: pagefind indexes built over the finished pages, before they are published.

Only the Chinese pages are indexed, as Chinese-segmented indexes: each of them
holds both statements, the quotes and the tags, so one index answers English and
Chinese words alike, and ``static/search.js`` maps a hit back to the page in the
reader's language. A base without Chinese has its primary language's pages indexed
(`indexed_language`). Pagefind runs as the ``pagefind_extended`` binary that the
``pagefind[extended]`` package ships.

The index is split into bundles so that an edit re-indexes only the bundle it
touches: the main bundle in ``pagefind/`` covers the source pages, and each
claims folder ``claims/<dir>/`` has a bundle of its own in ``pagefind/claims/<dir>/``,
which ``search.js`` merges into the main one (pagefind's ``mergeIndex``), reading
their list from ``pagefind/shards.json``. A merged bundle keeps only its index:
pagefind searches it with the main bundle's code.

Chinese is indexed in its search form, every character in its Simplified form
(`kb.hanzi.simplified`), and ``search.js`` turns a query into the same form with the table that
`query_table` puts on the search page, so a query in Simplified or in Traditional characters
finds the same pages.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kb.errors import BuildError
from kb.hanzi import simplified, simplified_table
from render.output import die_with_parent
from render.urls import lang_prefix

if TYPE_CHECKING:
    from kb.base import KnowledgeBase
    from kb.models import Claim, Source

OUTPUT = "pagefind"
SHARDS = f"{OUTPUT}/shards.json"
CLAIM_BUNDLES = f"{OUTPUT}/claims"
MERGED_KEEP = ("pagefind-entry.json", ".pf_meta", "index/", "fragment/", "filter/")
"""What a merged bundle needs (the rest, pagefind's scripts and WebAssembly, comes from the main one)."""


@dataclass(frozen=True)
class Bundle:
    """One pagefind bundle: where it goes, the pages it covers (a glob), and the key of their indexed text."""

    folder: str
    pages: str
    key: str
    lang: str = "zh"  # the language pagefind segments the pages' words in

    @property
    def merged(self) -> bool:
        return self.folder != OUTPUT


def indexed_language(languages: Sequence[str]) -> str:
    """The language whose pages are indexed: Chinese where the base has it (those pages hold both
    statements), else the primary language.

    >>> indexed_language(["en", "zh"]), indexed_language(["en"])
    ('zh', 'en')
    """
    return "zh" if "zh" in languages else languages[0]


def claims_bundle(claims_dir: str, key: str, lang: str = "zh") -> Bundle:
    """The bundle of the claims folder ``claims_dir`` (its pages in ``lang``)."""
    return Bundle(f"{CLAIM_BUNDLES}/{claims_dir}", f"{lang_prefix(lang)}claims/{claims_dir}/**/*.html", key, lang)


def main_bundle(key: str, lang: str = "zh") -> Bundle:
    """The main bundle: the source pages (in ``lang``), and pagefind's code for every bundle."""
    return Bundle(OUTPUT, f"{lang_prefix(lang)}sources/**/*.html", key, lang)


def bundle_of(path: str) -> str:
    """The folder of the bundle that the site file ``path`` (under ``pagefind/``) belongs to;
    "" for the list of bundles, which belongs to none.

    >>> bundle_of("pagefind/claims/dettmers/index/zh_1.pf_index"), bundle_of("pagefind/pagefind.js")
    ('pagefind/claims/dettmers', 'pagefind')
    """
    if path == SHARDS:
        return ""
    if path.startswith(f"{CLAIM_BUNDLES}/"):
        return "/".join(path.split("/")[:3])
    return OUTPUT


def pagefind_binary() -> Path:
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise BuildError("search needs pagefind: pip install 'pagefind[extended]'") from None
    executable: Path = get_executable()
    return executable


def index_bundles(site: Path, bundles: list[Bundle], jobs: int) -> None:
    """Write ``bundles`` under ``site``, ``jobs`` pagefind processes at a time."""
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        list(pool.map(lambda bundle: index_search(site, bundle), bundles))


def index_search(site: Path, bundle: Bundle) -> None:
    """Index the pages of ``bundle`` under ``site`` into ``site/<bundle.folder>/``."""
    command = [
        str(pagefind_binary()),
        "--site",
        str(site),
        "--output-subdir",
        bundle.folder,
        "--glob",
        bundle.pages,
        "--force-language",
        bundle.lang,
        "--keep-index-url",
        "--silent",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, preexec_fn=die_with_parent)
    if done.returncode != 0:
        raise BuildError(f"pagefind failed: {(done.stderr or done.stdout).strip()}")
    if bundle.merged:
        folder = site / bundle.folder
        for path in sorted(folder.iterdir()):
            name = f"{path.name}/" if path.is_dir() else path.name
            if not any(name == keep or name.endswith(keep) for keep in MERGED_KEEP):
                shutil.rmtree(path) if path.is_dir() else path.unlink()


def claim_texts(claim: Claim) -> tuple[str, ...]:
    """The Chinese of a claim page that the index holds as terms: its statement and its quotes."""
    return (claim.statement_zh, *(q.text for q in claim.quotes))


def source_texts(source: Source) -> tuple[str, ...]:
    """The Chinese of a source page that the index holds as terms: its title and its author."""
    return (source.title, source.author)


TERM = "zzh"
"""What every Chinese term in the index starts with: the term of a character is ``zzh`` and its
code point in four letters (`cjk_term`)."""


def cjk_terms(*texts: str) -> str:
    """Every Chinese character of ``texts`` and every adjacent pair, in the search form, as terms of
    letters, space-separated, deduplicated.

    Pagefind segments Chinese with a dictionary trained on Simplified Chinese, which glues many
    Traditional words to their neighbours (``的訓練`` stays one token, so ``訓練`` would not find
    it), and at indexing time it rewrites some Simplified characters as Traditional ones (训 as 訓,
    but not 并 as 並) that a query is not rewritten into. So claim and source pages carry their
    Chinese in an index-only attribute, each character first put into its Simplified form
    (`kb.hanzi.simplified`) and then written in letters that pagefind keeps as they are
    (`cjk_term`); ``search.js`` writes a query the same way, character by character and pair by
    pair, so a word is found wherever its characters occur, in either script.

    >>> cjk_terms("訓練", "训练") == " ".join([cjk_term("训"), cjk_term("练"), cjk_term("训练")])
    True
    >>> cjk_terms("DeepSeek-V3 的 FP8")
    'zzhbswy'
    """
    singles: dict[str, None] = {}
    pairs: dict[str, None] = {}
    for text in map(simplified, texts):
        singles |= dict.fromkeys(ch for ch in text if _is_cjk(ch))
        pairs |= dict.fromkeys(a + b for a, b in itertools.pairwise(text) if _is_cjk(a) and _is_cjk(b))
    return " ".join(cjk_term(chars) for chars in [*singles, *pairs])


def cjk_term(chars: str) -> str:
    """The index term of one character or of a pair: ``zzh`` and four letters per character, its
    code point in base 26 (``a`` is 0), as ``search.js`` writes it.

    >>> cjk_term("的"), cjk_term("训练")
    ('zzhbswy', 'zzhcaxhbwad')
    """
    letters = []
    for char in chars:
        code = ord(char)
        letters += [chr(ord("a") + code // 26**p % 26) for p in (3, 2, 1, 0)]
    return TERM + "".join(letters)


def query_table(base: KnowledgeBase) -> str:
    """The Traditional → Simplified pairs that ``search.js`` needs to put a query into the search
    form of every indexed text of ``base``, one pair after the other (`kb.hanzi.simplified_table`).

    The small valid base writes its Chinese in characters both scripts share; only its 出 has a
    Traditional form (齣) that a query could use:

    >>> import kb
    >>> query_table(kb.load("tests/data/valid"))
    '齣出'
    """
    texts = [text for claim_id in base.claims for text in claim_texts(base.claims[claim_id])]
    texts += [text for source_id in base.sources for text in source_texts(base.sources[source_id])]
    return simplified_table(texts)


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"
