"""Claim lint: warnings about claims that are hard to check, hard to place, or saying more than their quotes.

Each rule yields ``(record id, key path, message, hint)``: a claim's id, or ``question:<id>``
for a question (``mixed-script`` reads questions' Chinese too). A claim may waive a
rule with a reason, shown to readers::

    waive:
      quantitative-without-check: the number is a rhetorical scale, not a measurement
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple

from kb.checkspec import Measurement
from kb.datasets import Datasets, UnknownReference
from kb.hanzi import script_mix
from kb.models import Claim, ClaimKind, Question, editorial_texts
from kb.quotes import normalise
from kb.yamlfile import Location

VAGUE = re.compile(
    r"\b(about|around|roughly|approximately|nearly|almost|up to|most|many|several)\b|大約|約|最多|幾乎|大多數", re.I
)
NUMBER = re.compile(r"(?<![A-Za-z\d.,-])\d+(?:[.,]\d+)*(?![A-Za-z\d])")
WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "than",
        "that",
        "the",
        "their",
        "this",
        "to",
        "with",
    ]
)
DUPLICATE_JACCARD = 0.8
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
HAN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
HAN_UNITS = {"十": 10, "百": 100, "千": 1000, "萬": 10_000}
HAN_NUMBER = re.compile(f"[{''.join(HAN_DIGITS)}{''.join(HAN_UNITS)}]+")
WORD_NUMBERS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100}
WORD_NUMBER = re.compile(rf"(?<![A-Za-z])({'|'.join(WORD_NUMBERS)})(?![A-Za-z])", re.I)


class Hedge(NamedTuple):
    """How one language says one kind of hedge: the words that mark it in a quote, the further words
    that keep it in a statement (a weaker sign, e.g. "could"), and one to suggest."""

    says: re.Pattern[str]
    keeps: re.Pattern[str]
    example: str


def _hedge(says: str, also: str, example: str) -> Hedge:
    flags = re.I if says.isascii() else 0
    return Hedge(re.compile(says, flags), re.compile(f"{says}|{also}" if also else says, flags), example)


# A quote that carries a hedge of a kind needs some word of the same kind in every statement of its claim.
HEDGES: dict[str, dict[str, Hedge]] = {
    "possibility": {
        "en": _hedge(
            r"\b(maybe|may|might|perhaps|possibly|probably|likely)\b", r"\b(could|possible|potentially)\b", "maybe"
        ),
        "zh": _hedge(r"(?<![不盡])(?<!成為)可能|或許|也許|大概|說不定|恐怕", r"可以|能夠", "可能"),
    },
    "as commonly conceived": {
        "en": _hedge(
            r"\bas (commonly|usually|generally) (conceived|understood|defined)\b|\bcommonly understood\b",
            "",
            "as commonly conceived",
        ),
        "zh": _hedge(r"(通常|普遍|一般)所?(理解|設想|意義上)", "", "通常理解的"),
    },
}

Finding = tuple[str, Location, str, str]  # claim id, where in its file, message, hint
Hit = tuple[str, Location, str, str, str]  # claim id, where, rule, message, hint


def lint(
    claims: Mapping[str, Claim],
    data: Datasets | None = None,
    questions: Mapping[str, Question] | None = None,
    alone: Callable[[Claim], list[Hit]] | None = None,
) -> Iterator[Finding]:
    """Every lint warning for ``claims`` that the claim itself does not waive (``data`` resolves
    the dataset references of checks, whose numbers a statement may repeat; ``questions`` are the
    points of disagreement that cross-source rebuttals should belong to). ``alone`` gives the
    warnings of one claim on its own (by default `claim_hits`; a build remembers them per file)."""
    alone = alone or (lambda claim: list(claim_hits(claim, data)))
    linked = (
        {i for c in claims.values() for _, _, i in c.relations()}
        | {c.id for c in claims.values() if c.supports or c.rebuts or c.arguments}
        | {p for c in claims.values() for a in c.arguments for p in a.premises}
    )
    found = [
        *(hit for c in claims.values() for hit in alone(c)),
        *(
            (i, (), "orphan", "claim has no supports or rebuts edges", "link it to the claims it bears on")
            for i in claims
            if i not in linked
        ),
        *_near_duplicates(claims),
        *_unquestioned(claims, questions or {}),
        *_mixed_scripts(_question_texts(questions or {})),
    ]
    for record_id, at, rule, message, hint in sorted(found):
        if record_id not in claims or rule not in claims[record_id].waive:
            yield record_id, at, f"{message} [{rule}]", hint


def claim_hits(claim: Claim, data: Datasets | None) -> Iterator[Hit]:
    """The warnings a claim gives on its own: from its file alone, and the datasets its check reads."""
    yield from _per_claim(claim)
    yield from _beyond_quotes(claim, data)
    yield from _mixed_scripts(_claim_texts(claim))


def _per_claim(c: Claim) -> Iterator[Hit]:
    numbers = set(NUMBER.findall(c.statement))
    if c.kind == ClaimKind.quantitative and c.check is None:
        yield (
            c.id,
            ("kind",),
            "quantitative-without-check",
            "quantitative claim without a check",
            "add a `check:` that recomputes its number, or waive the rule with a reason",
        )
    if numbers and (vague := VAGUE.search(c.statement)) and c.check is None:
        word = vague.group(0)
        yield (
            c.id,
            ("statement",),
            "vague-quantifier",
            f"vague quantifier {word!r} without a tolerance",
            "add a check whose `expect` gives a tolerance or a range",
        )
    if not c.quotes:
        yield c.id, ("quotes",), "no-quote", "claim has no quote", "add `quotes:` with the source's own words"
    if len(numbers) > 2 or ";" in c.statement or re.search(r"[.!?] [A-Z]", c.statement):
        yield (
            c.id,
            ("statement",),
            "compound",
            "statement looks compound (several numbers or sentences)",
            "split it into claims that can each be checked",
        )


def _near_duplicates(claims: Mapping[str, Claim]) -> Iterator[Hit]:
    words = {i: frozenset(WORD.findall(c.statement.lower())) - STOP for i, c in claims.items()}
    frequency = Counter(w for ws in words.values() for w in ws)
    index: dict[str, list[str]] = defaultdict(list)
    for claim_id, ws in sorted(words.items()):
        for w in ws:
            if frequency[w] <= 50:
                index[w].append(claim_id)
    for claim_id, ws in sorted(words.items()):
        candidates = {other for w in ws for other in index.get(w, ()) if other < claim_id}
        for other in sorted(candidates):
            union = ws | words[other]
            if union and len(ws & words[other]) / len(union) >= DUPLICATE_JACCARD:
                yield (
                    claim_id,
                    ("statement",),
                    "near-duplicate",
                    f"statement nearly repeats {other!r}",
                    "merge the two claims or say how they differ",
                )


def _beyond_quotes(claim: Claim, data: Datasets | None) -> Iterator[Hit]:
    """A statement that drops a hedge its quotes carry, or states a number that neither its quotes
    nor its check give."""
    if not claim.quotes:
        return
    statements = {"en": ("statement", claim.statement), "zh": ("statement_zh", claim.statement_zh)}
    for words in HEDGES.values():
        said = next((m.group(0) for q in claim.quotes for h in words.values() if (m := h.says.search(q.text))), None)
        if said is None:
            continue
        for language, (field, text) in statements.items():
            if text and not words[language].keeps.search(text):  # a language the base is not written in: no text
                yield (
                    claim.id,
                    (field,),
                    "dropped-hedge",
                    f"a quote says {said!r} but the statement drops that hedge",
                    f"keep it in the statement (e.g. {words[language].example!r}), or waive the rule with a reason",
                )
    quoted = {n for q in claim.quotes for n in numbers_in(q.text)} | _check_numbers(claim, data)
    for field, text in statements.values():
        for number in NUMBER.findall(text):
            if _number(number) not in quoted:
                yield (
                    claim.id,
                    (field,),
                    "unquoted-number",
                    f"the number {number} occurs in no quote and not in the check",
                    "quote the words that give it, or drop it from the statement",
                )


def numbers_in(text: str) -> set[float]:
    """The numbers a quote gives: in digits, in Chinese numerals, or as English number words.

    >>> sorted(numbers_in("答案不是四十二,而是 2,048 或 two"))
    [2.0, 42.0, 2048.0]
    """
    text = normalise(text)
    return (
        {_number(n) for n in DIGITS.findall(text)}
        | {float(_han(n)) for n in HAN_NUMBER.findall(text)}
        | {float(WORD_NUMBERS[w.lower()]) for w in WORD_NUMBER.findall(text)}
    )


def _han(numeral: str) -> int:
    """A Chinese numeral up to the ten thousands: 四十二 is 42, 兩萬 20,000, 十 10.

    >>> _han("四十二"), _han("十"), _han("兩萬三千"), _han("二〇二五")
    (42, 10, 23000, 2025)
    """
    if all(c in HAN_DIGITS for c in numeral):  # digit by digit, as years are written
        return int("".join(str(HAN_DIGITS[c]) for c in numeral))
    total, digit = 0, 0
    for char in numeral:
        if char in HAN_DIGITS:
            digit = HAN_DIGITS[char]
        else:
            total += (digit or 1) * HAN_UNITS[char]
            digit = 0
    return total + digit


def _number(text: str) -> float:
    """A number as written in a statement or a quote: ``2,048`` and ``2048`` are the same number."""
    return round(float(text.replace(",", "")), 9)


def _check_numbers(claim: Claim, data: Datasets | None) -> set[float]:
    """The numbers of a claim's check: its expectation and the values of its inputs."""
    if claim.check is None:
        return set()
    expect = claim.check.expect
    numbers = {n for n in (expect.value, expect.low, expect.high) if n is not None}
    inputs = [claim.check.inputs, *(r.inputs for r in claim.check.readings)]
    value: str | Measurement | None
    for value in (
        v for given in inputs for item in given.values() for v in (item if isinstance(item, list) else [item])
    ):
        if isinstance(value, str):
            try:
                value = data.lookup(value)[0] if data is not None else None
            except UnknownReference:
                value = None
        if isinstance(value, Measurement):
            numbers |= {n for n in (value.value, value.low, value.high) if n is not None}
    return {round(n, 9) for n in numbers} | {round(n * 100, 9) for n in numbers if 0 < n < 1}


def unquestioned(claims: Mapping[str, Claim], questions: Mapping[str, Question]) -> Iterator[tuple[str, int, str]]:
    """``(claim id, position in its rebuts, target)`` for each rebuttal between claims of different
    sources that no question holds on two of its answers."""
    apart = set().union(*(q.apart() for q in questions.values()))
    for claim in claims.values():
        for index, target in enumerate(claim.rebuts):
            other = claims.get(target)
            if other is not None and other.source != claim.source and (claim.id, target) not in apart:
                yield claim.id, index, target


def _unquestioned(claims: Mapping[str, Claim], questions: Mapping[str, Question]) -> Iterator[Hit]:
    for claim_id, index, target in unquestioned(claims, questions):
        yield (
            claim_id,
            ("rebuts", index),
            "unquestioned-rebuttal",
            f"the rebuttal of {target!r} (another source's claim) belongs to no question",
            "put the two claims on different answers of a question in claims/questions/, or waive the rule with a reason",
        )


def chinese_texts(
    claims: Mapping[str, Claim], questions: Mapping[str, Question]
) -> Iterator[tuple[str, Location, str]]:
    """``(record id, key path, text)`` for the Chinese that editors write: statements, the labels of
    arguments, questions and their answers, and the editorial texts given in Chinese (``zh:`` of a
    note, a resolution, a reading). Not quotes, nor sections: those are the source's own words,
    verbatim, in whatever script the source uses."""
    for claim in claims.values():
        yield from _claim_texts(claim)
    yield from _question_texts(questions)


def _claim_texts(claim: Claim) -> Iterator[tuple[str, Location, str]]:
    yield claim.id, ("statement_zh",), claim.statement_zh
    for index, argument in enumerate(claim.arguments):
        yield claim.id, ("arguments", index, "label_zh"), argument.label_zh
    yield from _editorial_chinese({claim.id: claim}, {})


def _question_texts(questions: Mapping[str, Question]) -> Iterator[tuple[str, Location, str]]:
    for question_id, question in questions.items():
        yield f"question:{question_id}", ("question_zh",), question.question_zh
        for index, answer in enumerate(question.answers):
            yield f"question:{question_id}", ("answers", index, "label_zh"), answer.label_zh
    yield from _editorial_chinese({}, questions)


def _editorial_chinese(
    claims: Mapping[str, Claim], questions: Mapping[str, Question]
) -> Iterator[tuple[str, Location, str]]:
    for key, at, words in editorial_texts(claims, questions, {}):
        if isinstance(words, dict) and "zh" in words:
            yield key, (*at, "zh"), words["zh"]


def _mixed_scripts(texts: Iterable[tuple[str, Location, str]]) -> Iterator[Hit]:
    for record_id, at, text in texts:
        if (mix := script_mix(text)) is not None:
            yield (
                record_id,
                at,
                "mixed-script",
                f"Simplified {'、'.join(mix.simplified)} in Traditional text",
                f"write it in Traditional characters throughout: {mix.corrected}",
            )
