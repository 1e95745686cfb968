"""The site's UI strings in English and Chinese, and a few words that depend on numbers.

Claim texts are Traditional Chinese (as the seed article is), so the Chinese UI
is too and Chinese pages say ``lang="zh-Hant"``. The strings are in `render.strings`;
look them up with `text`:

>>> text("zh", "nav.map"), text("en", "count.claims", n=3)
('論證圖', '3 claims')
"""

from __future__ import annotations

from kb.checks.glossary import VERDICTS
from render.strings import STRINGS

HTML_LANG = {"en": "en", "zh": "zh-Hant"}
LANG_NAME = {"en": "English", "zh": "中文"}

KINDS = {
    "quantitative": ("quantitative", "數量"),
    "qualitative": ("qualitative", "定性"),
    "prediction": ("prediction", "預測"),
    "definition": ("definition", "定義"),
}
STATUSES = {
    "open": ("open", "未判定"),
    "resolved-true": ("came true", "已成真"),
    "resolved-false": ("did not come true", "未成真"),
    "ambiguous": ("ambiguous", "難以判定"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def text(lang: str, key: str, **values: object) -> str:
    """The UI string ``key`` in ``lang``, with ``{name}`` fields filled in."""
    return _pick(STRINGS[key], lang).format(**values)


def verdict(lang: str, name: str) -> str:
    """The word for a check's verdict, from the one glossary (`kb.checks.glossary.VERDICTS`)."""
    return _pick(VERDICTS[name], lang)


def kind(lang: str, name: str) -> str:
    return _pick(KINDS[name], lang)


def status(lang: str, name: str) -> str:
    return _pick(STATUSES[name], lang)
