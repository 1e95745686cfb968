"""Text that is not what it seems: characters an editor cannot see, which records refuse.

A text made only of invisible characters (zero-width spaces, word joiners, a byte-order mark…)
is empty; a bidirectional control (U+202A–U+202E, U+2066–U+2069) would reorder the words after
it on every page that shows the text; another control character has no place in a record. Each is
refused by name, with its position, so that the editor can find what they cannot see.

>>> visible("\\u200b\\u2060\\ufeff ")
''
>>> characters_problem("Prices fell\\u202e by half")
'contains U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control) at character 12'
>>> characters_problem("Prices fell by half") is None
True
"""

from __future__ import annotations

import unicodedata
from typing import Any

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_CONTROLS = frozenset("\t\n\r")


def visible(text: str) -> str:
    """``text`` without whitespace and invisible format characters: what a reader would see."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def characters_problem(text: str) -> str | None:
    """What is wrong with the characters of ``text``, in words, or None."""
    for index, char in enumerate(text, 1):
        if char in BIDI_CONTROLS:
            return f"contains {_name(char)} (a bidirectional control) at character {index}"
        if unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS:
            return f"contains the control character {_name(char)} at character {index}"
    return None


def check_text(value: Any) -> Any:
    """``value`` (a string, or lists and mappings of them) if none of its strings has a problem;
    raises ValueError naming the first problem and how to fix it."""
    if isinstance(value, str):
        problem = characters_problem(value)
        if problem:
            hint = (
                "remove it: the site sets each text's direction itself"
                if "bidirectional" in problem
                else "remove it: a copied text may have brought it in"
            )
            raise ValueError(f"{problem} (hint: {hint})")
    elif isinstance(value, list | tuple):
        for item in value:
            check_text(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_text(key)
            check_text(item)
    return value


def not_blank(text: str) -> str:
    """``text`` if a reader would see something of it; raises ValueError when it is empty or made
    only of invisible characters."""
    if not visible(text):
        raise ValueError("is empty" if not text.strip() else "is empty: it holds only invisible characters")
    return text


def _name(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"
