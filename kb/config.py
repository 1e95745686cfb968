"""A base's own settings: ``crux.yaml`` at the root of its claims folder, validated like every record.

>>> config = BaseConfig.model_validate({"title": {"en": "Batteries"}, "languages": ["zh", "en"]})
>>> config.primary, config.say("title", "en"), config.say("title", "zh")
('zh', ('Batteries', 'en'), ('Batteries', 'en'))
>>> BaseConfig().say("home_intro", "en")
('', 'en')

Every field is optional: a folder without the file builds as a base in English and Chinese with
a plain title, no public URL and no edit links. Texts readers see are given per language
(``{en: …, zh: …}``) or as one string in the primary language; `BaseConfig.say` falls back to the
primary language and says which language the text is in, so that a page can mark it.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from kb.record import Record
from kb.words import say

CONFIG_FILE = "crux.yaml"
LANGUAGES = ("en", "zh")  # the languages the site's own words are written in (render.i18n)
Language = Literal["en", "zh"]
LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}
WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"'`]+$")


def _web_address(address: str) -> str:
    if not WEB_ADDRESS.match(address):
        raise ValueError("not a web address")
    return address


WebAddress = Annotated[str, AfterValidator(_web_address)]
Words = str | dict[Language, str]  # one text in the primary language, or one per language
TEXTS = ("title", "description", "search_examples", "home_intro", "data_intro")  # the fields of Words


class BaseConfig(Record):
    """The settings of one base: what its site is called and says of itself, in which languages,
    where it is published and where its files are edited."""

    title: Words = Field(default="Crux", description="The site's name, in the header and every page title.")
    description: Words = Field(default="", description="One sentence under the name: what the base is about.")
    languages: list[Language] = Field(
        default=["en", "zh"], min_length=1, description="The site's languages; the first is the primary one."
    )
    url: WebAddress | None = Field(
        default=None, description="The public address of the site, for canonical links and structured data."
    )
    edit_url: WebAddress | None = Field(
        default=None,
        description="The address that edits a file of this claims folder (a claim's file is <id>.yaml "
        "after it); without one, pages have no edit link.",
    )
    search_examples: Words = Field(default="", description="Words the search box suggests, e.g. 'lithium, solar'.")
    home_intro: Words = Field(default="", description="A paragraph at the top of the home page.")
    data_intro: Words = Field(default="", description="A paragraph at the top of the data page.")
    tags: dict[str, Words] = Field(
        default_factory=dict,
        description="What pages call each tag, per language, e.g. {fp4: FP4, training: {en: training, zh: 訓練}}; "
        "a tag without a name is shown as written.",
    )

    @field_validator("languages")
    @classmethod
    def _once_each(cls, languages: list[str]) -> list[str]:
        if len(set(languages)) != len(languages):
            raise ValueError("each language may be listed once")
        return languages

    @model_validator(mode="after")
    def _texts_in_its_languages(self) -> BaseConfig:
        named = [(name, getattr(self, name)) for name in TEXTS]
        for name, words in [*named, *((f"the name of tag {tag!r}", w) for tag, w in self.tags.items())]:
            other = sorted(set(words) - set(self.languages)) if isinstance(words, dict) else []
            if other:
                raise ValueError(
                    f"{name} is given in {', '.join(other)}, which is not among the languages "
                    f"({', '.join(self.languages)}): add it there, or remove the text"
                )
        return self

    @field_validator("edit_url")
    @classmethod
    def _folder(cls, address: str | None) -> str | None:
        return address if address is None or address.endswith("/") else address + "/"

    @property
    def primary(self) -> Language:
        """The first of `languages`: what a text given as one string is written in."""
        return self.languages[0]

    def tag_name(self, tag: str, lang: str) -> tuple[str, str]:
        """What pages in ``lang`` call ``tag``, and the language that is in (``tag`` itself, in
        ``lang``, when the base names it nowhere).

        >>> BaseConfig(tags={"training": {"en": "training", "zh": "訓練"}}).tag_name("training", "zh")
        ('訓練', 'zh')
        >>> BaseConfig().tag_name("fp4", "zh")
        ('fp4', 'zh')
        """
        words = self.tags.get(tag)
        return say(words, lang, self.primary) if words is not None else (tag, lang)

    def say(self, name: str, lang: str) -> tuple[str, str]:
        """The text of field ``name`` in ``lang``, else in the primary language; with the language it is in."""
        return say(getattr(self, name), lang, self.primary)
