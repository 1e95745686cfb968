"""Quote fidelity: does a quote occur in its source's archived text?

Both texts are normalised before comparing: pinyin annotations such as ``網(wǎng)`` are
removed, Unicode compatibility forms are folded (full-width to half-width, NFKC),
and whitespace is ignored. A quote may join non-adjacent fragments with ``…``;
each fragment must occur, in order, and at most `MAX_SPLICE_GAP` characters after the one before
it (so that words from distant paragraphs cannot be stitched into a sentence the author never wrote).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\([a-zü]*[{TONED}][a-zü{TONED}]*\)")
SPACE = re.compile(r"\s+")
ELLIPSIS = re.compile(r"…|\.\.\.")
MAX_SPLICE_GAP = 500  # characters of the normalised source allowed between two fragments joined by …
# Words quoted inside a note such as a check input's ``at``: 「…」, “…”, "…" or '…' (an apostrophe
# inside a word, as in "Fu's", opens no quote).
QUOTED = re.compile(r"「([^」]+)」|“([^”]+)”|\"([^\"]+)\"|(?<!\w)'([^']+)'(?!\w)")


def strip_pinyin(text: str) -> str:
    """Remove pinyin annotations written after Chinese characters.

    >>> strip_pinyin("網(wǎng)易首頁(yè) (MLP)")
    '網易首頁 (MLP)'
    """
    return PINYIN.sub("", text)


def normalise(text: str) -> str:
    """Return ``text`` in the form quotes are compared in.

    >>> normalise("大約 20%  的 MFU（")
    '大約20%的MFU('
    """
    return strip_pinyin(text).translate(_FOLDED)


class _Folded(dict[int, str]):
    """Character code → what the character compares as: its NFKC form without whitespace.
    Filled on first sight of each character, so `str.translate` folds a text in C."""

    def __missing__(self, code: int) -> str:
        folded = "".join(f for f in unicodedata.normalize("NFKC", chr(code)) if not f.isspace())
        self[code] = folded
        return folded


_FOLDED = _Folded()


def _normalised_chars(text: str) -> list[tuple[str, int]]:
    """Each character of the normalised text with its index in ``text``."""
    removed = {i for m in PINYIN.finditer(text) for i in range(m.start(), m.end())}
    return [(folded, index) for index, char in enumerate(text) if index not in removed for folded in _FOLDED[ord(char)]]


def quoted_spans(note: str) -> list[str]:
    """The passages a note quotes, in order.

    >>> quoted_spans("B200 column: 'SMs 148 SMs', Fu's 「只達到了大約 20% 的 MFU」")
    ['SMs 148 SMs', '只達到了大約 20% 的 MFU']
    """
    return [next(g for g in match.groups() if g is not None) for match in QUOTED.finditer(note)]


def fragments(quote: str) -> list[str]:
    """Split a quote on ``…`` into its normalised, non-empty fragments."""
    return [f for f in (normalise(part) for part in ELLIPSIS.split(quote)) if f]


def find_quote(quote: str, archive: str) -> bool:
    """True when every fragment of ``quote`` occurs in ``archive``, in order.

    >>> find_quote("計算是物理的 … 緩存越大", "一:計(jì)算是物理的。二:緩存越大,速度越慢")
    True
    >>> find_quote("緩存越大 … 計算是物理的", "計算是物理的。緩存越大")
    False
    """
    return closest_passage(quote, archive) == ""


def position(quote: str, archive: str) -> int | None:
    """Where the first fragment of ``quote`` starts in the normalised ``archive`` (None if absent).

    >>> position("二", "一。二。"), position("三", "一。二。")
    (2, None)
    """
    parts = fragments(quote)
    found = _normalised_text(archive).find(parts[0]) if parts else -1
    return found if found >= 0 else None


@functools.lru_cache(maxsize=256)
def _normalised_text(archive: str) -> str:
    """The normalised archive (an archive is searched once per quote, so it is normalised once)."""
    return normalise(archive)


def closest_passage(quote: str, archive: str) -> str:
    """The passage of ``archive`` that most resembles the first fragment not found; "" if all are found."""
    text = _normalised_text(archive)
    start = 0
    for fragment in fragments(quote):
        found = text.find(fragment, start)
        if found < 0:
            begin, end = _best_window(fragment, text)
            chars = _normalised_chars(archive)  # where each character of ``text`` came from
            passage = archive[chars[begin][1] : chars[end - 1][1] + 1] if end else ""
            return SPACE.sub(" ", strip_pinyin(passage)).strip()
        start = found + len(fragment)
    return ""


def spliced_apart(quote: str, archive: str) -> bool:
    """True when the fragments of ``quote`` occur in order in ``archive`` but nowhere with each
    within `MAX_SPLICE_GAP` characters of the one before it.

    >>> archive = "The cost is high. " + "Filler. " * 100 + "It falls every year."
    >>> spliced_apart("The cost is high … every year", archive), spliced_apart("The cost … is high", archive)
    (True, False)
    """
    parts, text = fragments(quote), _normalised_text(archive)
    if len(parts) < 2:
        return False
    start = text.find(parts[0])
    while start >= 0:
        end = start + len(parts[0])
        for part in parts[1:]:
            found = text.find(part, end, end + MAX_SPLICE_GAP + len(part))
            if found < 0:
                break
            end = found + len(part)
        else:
            return False
        start = text.find(parts[0], start + 1)
    return True


def _best_window(fragment: str, text: str) -> tuple[int, int]:
    """Start and end, in ``text``, of the window most like ``fragment``."""
    size = max(len(fragment), 1)
    step = max(size // 4, 1)
    best, best_ratio = (0, 0), -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(fragment)
    for begin in range(0, max(len(text) - size, 0) + 1, step):
        matcher.set_seq1(text[begin : begin + size])
        if matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = (begin, min(begin + size, len(text))), ratio
    return best
