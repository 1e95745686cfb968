"""Texts readers see, written per language: `Words` is one string, in the base's primary language,
or one per language (``{en: …, zh: …}``); `say` gives a page's language, else the primary one,
and says which language the text is in, so that a page can mark a fallback with its ``lang``.

>>> say({"en": "The 2023 price", "zh": "2023 年的價格"}, "zh", "en")
('2023 年的價格', 'zh')
>>> say("The 2023 price", "zh", "en")
('The 2023 price', 'en')
>>> say({"zh": "只有中文"}, "en", "en")
('只有中文', 'zh')
"""

from __future__ import annotations

from typing import Literal

from kb.record import Text

Language = Literal["en", "zh"]
Words = Text | dict[Language, Text]
"""One text in the primary language, or one per language."""


def say(words: str | dict[Language, str] | dict[str, str], lang: str, primary: str) -> tuple[str, str]:
    """``words`` in ``lang``, else in ``primary``, else in the first language given; with the
    language the text is in."""
    if isinstance(words, str):
        return words, primary
    if lang in words:
        return words[lang], lang  # type: ignore[index]  # lang is one of the keys
    fallback = primary if primary in words else next(iter(words))
    return words[fallback], fallback  # type: ignore[index]


def every(words: str | dict[Language, str] | dict[str, str] | None) -> list[str]:
    """Every language's text of ``words`` (for search and lint).

    >>> every({"en": "a", "zh": "乙"}), every("a"), every(None)
    (['a', '乙'], ['a'], [])
    """
    if words is None:
        return []
    return [words] if isinstance(words, str) else list(words.values())
