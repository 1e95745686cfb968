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

    @field_validator("languages")
    @classmethod
    def _once_each(cls, languages: list[str]) -> list[str]:
        if len(set(languages)) != len(languages):
            raise ValueError("each language may be listed once")
        return languages

    @model_validator(mode="after")
    def _texts_in_its_languages(self) -> BaseConfig:
        for name in TEXTS:
            words = getattr(self, name)
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

    def say(self, name: str, lang: str) -> tuple[str, str]:
        """The text of field ``name`` in ``lang``, else in the primary language; with the language it is in."""
        words: Words = getattr(self, name)
        if isinstance(words, str):
            return words, self.primary
        if lang in words:
            return words[lang], lang
        fallback = self.primary if self.primary in words else next(iter(words))
        return words[fallback], fallback
