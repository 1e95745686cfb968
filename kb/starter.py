"""``kb init DIR``: a new base that validates and builds at once, for an editor to replace piece by piece.

It holds the base's settings (crux.yaml), one source with its archived text, two claims with
quotes that occur in that text, one of them checked by a formula over two sourced numbers, and
a README for its editors. Nothing in it is about any particular debate.

>>> import tempfile, kb
>>> root = new_base(tempfile.mkdtemp() + "/base", title="Solar prices", languages=["en"])
>>> base = kb.load(root)
>>> len(base), base.result("example/module-prices-fell-nine-tenths").verdict
(2, 'supported')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kb.config import CONFIG_FILE, LANGUAGES
from kb.errors import KBError

SOURCE = "example-notes"
ARCHIVE = (
    "Example notes: replace this text with the source you are reading, saved as plain text.\n\n"
    "Solar modules cost far less than they did. A module cost 2.00 dollars per watt in 2010 and "
    "0.20 dollars per watt in 2020. Module prices fell by nine tenths in ten years.\n"
)
ARCHIVE_ZH = (  # the same notes, for a base written in Chinese alone
    "示例筆記:請把這段文字換成你正在閱讀的來源,存為純文字。\n\n"
    "太陽能組件比過去便宜得多。2010 年,組件每瓦要 2.00 美元;2020 年每瓦只要 0.20 美元。組件價格在十年間下降了九成。\n"
)
FLAGS = {"en": "statement", "zh": "statement-zh"}  # kb new's statement in each language
WORDS = {  # what the example claims say and quote, by the language their source is written in
    "en": {
        "general": "Solar modules cost far less than they did.",
        "checked": "Module prices fell by nine tenths in ten years.",
        "old": "「A module cost 2.00 dollars per watt in 2010」",
        "new": "「0.20 dollars per watt in 2020」",
        "sentence": "The fraction by which module prices fell from 2010 to 2020.",
    },
    "zh": {
        "general": "太陽能組件比過去便宜得多。",
        "checked": "組件價格在十年間下降了九成。",
        "old": "「組件每瓦要 2.00 美元」",
        "new": "「2020 年每瓦只要 0.20 美元」",
        "sentence": "2010 至 2020 年組件價格下降的比例。",
    },
}
README = """# {title}

A claim base built with [Crux](https://pypi.org/project/crux-kb/): every claim is a YAML file
with the words it comes from, and every number it states can be recomputed from sourced inputs.

    kb validate --claims {folder}                 # every problem, with file, line and a fix
    kb build --claims {folder} --out site         # the static site, in {languages}
    kb serve --claims {folder}                    # the site on localhost, updated as you save

## What is here

- `crux.yaml`: the base's settings: its title, description, languages, the site's public
  address (`url`) and where its files are edited (`edit_url`);
- `sources/{source}.yaml` and `sources/{source}.txt`: a source and its archived text, which every
  quote must occur in;
- `example/`: two claims of that source; one supports the other, and one is checked by a
  formula over two numbers, each with the place in the source it comes from.

## Next steps

1. Replace the example source with your first one: its title, author, address and date, and
   its text in `sources/<id>.txt`.
2. Add claims with `kb new --claims {folder} --source <id> {statement_flags} --quote "…"`, or
   copy a file of `example/` and edit it. A claim's id is its path without `.yaml`.
3. Check each number: `check: {{kind: formula, formula: "…", inputs: …, expect: …}}` recomputes
   it (`kb check --claims {folder}` prints the verdicts).
"""


def new_base(root: Path | str, *, title: str = "A new Crux base", languages: list[str] | None = None) -> Path:
    """Write a new base into ``root`` (missing or empty) and return its path."""
    root, languages = Path(root), languages or ["en"]
    unknown = [lang for lang in languages if lang not in LANGUAGES]
    if unknown or len(set(languages)) != len(languages):
        raise KBError(f"languages must be some of {', '.join(LANGUAGES)}, each once (hint: e.g. --language en)")
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise KBError(f"{root} is not an empty folder (hint: name a new folder, e.g. kb init my-base)")
    primary = languages[0]
    files = {
        CONFIG_FILE: _yaml(_settings(title, languages)),
        f"sources/{SOURCE}.yaml": _yaml(_source(primary)),
        f"sources/{SOURCE}.txt": ARCHIVE if primary == "en" else ARCHIVE_ZH,
        "example/modules-cost-far-less.yaml": _yaml(_general(languages)),
        "example/module-prices-fell-nine-tenths.yaml": _yaml(_checked(languages)),
        "README.md": README.format(
            title=title,
            folder=root.as_posix(),
            source=SOURCE,
            languages=" and ".join({"en": "English", "zh": "Chinese"}[lang] for lang in languages),
            statement_flags=" ".join(f'--{flag} "…"' for lang, flag in FLAGS.items() if lang in languages),
        ),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _settings(title: str, languages: list[str]) -> dict[str, Any]:
    english = languages[0] == "en"
    return {
        "title": title,
        "description": "What this base is about, in one sentence." if english else "用一句話說明這個資料庫的主題。",
        "languages": languages,
        "search_examples": "solar, module prices" if english else "太陽能、組件價格",
    }


def _source(language: str) -> dict[str, Any]:
    return {
        "title": "Example notes",
        "author": "The editors",
        "url": None,
        "published": None,
        "language": language,
        "kind": "webpage",
        "archive": f"{SOURCE}.txt",
        "notes": "An example to replace: the source the two example claims come from."
        if language == "en"
        else "待替換的示例:兩個示例論點的出處。",
    }


def _statements(name: str, languages: list[str]) -> dict[str, str]:
    """A claim's statement in each of the base's languages."""
    fields = {"en": "statement", "zh": "statement_zh"}
    return {fields[lang]: WORDS[lang][name] for lang in languages}


def _general(languages: list[str]) -> dict[str, Any]:
    quoted = WORDS[languages[0]]
    return _statements("general", languages) | {
        "source": SOURCE,
        "kind": "qualitative",
        "quotes": [{"source": SOURCE, "text": quoted["general"]}],
    }


def _checked(languages: list[str]) -> dict[str, Any]:
    quoted, price = WORDS[languages[0]], {"unit": "USD/W", "source": SOURCE}
    return _statements("checked", languages) | {
        "source": SOURCE,
        "kind": "quantitative",
        "quotes": [{"source": SOURCE, "text": quoted["checked"]}],
        "supports": ["example/modules-cost-far-less"],
        "check": {
            "kind": "formula",
            "formula": "(old - new) / old",
            "inputs": {
                "old": {"value": 2.0, **price, "at": quoted["old"]},
                "new": {"value": 0.2, **price, "at": quoted["new"]},
            },
            "expect": {"comparator": "approx", "value": 0.9, "tolerance": 0.05},
            "sentence": {lang: WORDS[lang]["sentence"] for lang in languages},
        },
        "expected_verdict": "supported",
    }
