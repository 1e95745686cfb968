"""Explanations: why a claim stands where it does and the smallest change that would move it, in
the reader's words (English or Chinese). `kb.analysis.Assessment.explain` computes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

from kb.checks.glossary import label_word, verdict_word

THRESHOLD = 0.5  # a claim holds above it

SENTENCE = {  # the pieces of `Explanation.sentence`, per language
    "en": {
        "head": "Strength {strength:.2f} ({level}). It starts at {base:.2f}{reason}",
        "capped": ", so its strength is capped at {ceiling:.2f}",
        "sides": "; its supporters add up to {support:.2f} and its rebuttals to {attack:.2f}",
        "no_support": "; nothing supports it and its rebuttals add up to {attack:.2f}",
        "no_attack": "; its supporters add up to {support:.2f} and nothing rebuts it",
        "alone": "; nothing in the base supports or rebuts it",
        "moved": "; moved most by ",
        "and": ", ",
        "none": "; no single one of them changes it much",
        "end": ".",
        "strong": "strong",
        "holds": "holds",
        "weak": "weak",
        "even": "in the balance",
        "unopposed": "unopposed: nothing in the base rebuts it or what it rests on, "
        "so its strength says only that nobody answered it",
    },
    "zh": {
        "head": "強度 {strength:.2f}({level})。起點為 {base:.2f}{reason}",
        "capped": ",因此其強度上限為 {ceiling:.2f}",
        "sides": ";支持合計 {support:.2f},反駁合計 {attack:.2f}",
        "no_support": ";沒有論點支持它,反駁合計 {attack:.2f}",
        "no_attack": ";支持合計 {support:.2f},沒有論點反駁它",
        "alone": ";知識庫中沒有任何論點支持或反駁它",
        "moved": ";影響最大的是 ",
        "and": "、",
        "none": ";其中沒有任何一個單獨起決定作用",
        "end": "。",
        "strong": "強",
        "holds": "站得住",
        "weak": "弱",
        "even": "正好居中",
        "unopposed": "無人反駁:知識庫中沒有任何論點反駁它或它所依據的論點,因此這個數字只說明無人回應它",
    },
}
REASONS = {  # the base-score reasons of `kb.semantics.Scoring`, as the end of "It starts at 0.50…"
    "en": {
        "its check supports it": " because its recomputation supports it",
        "its check supports it, but could hardly have failed": " because its recomputation supports it, though that test could hardly have failed",
        "its check contradicts it": " because its recomputation contradicts it",
        "neutral prior (check unchecked)": " (neither for nor against) because nothing recomputes it",
        "neutral prior (check inconclusive)": " (neither for nor against) because its recomputation is inconclusive",
        "neutral prior (check error)": " (neither for nor against) because its recomputation failed",
        "prior": ", the editor's estimate: {reason}",
    },
    "zh": {
        "its check supports it": f",因為其核查結論為「{verdict_word('supported', 'zh')}」",
        "its check supports it, but could hardly have failed": f",因為其核查結論為「{verdict_word('supported', 'zh')}」,"
        "但這項檢驗幾乎不可能不通過",
        "its check contradicts it": f",因為其核查結論為「{verdict_word('contradicted', 'zh')}」",
        "neutral prior (check unchecked)": f"(不偏不倚),因為它{verdict_word('unchecked', 'zh')}",
        "neutral prior (check inconclusive)": f"(不偏不倚),因為其核查結論為「{verdict_word('inconclusive', 'zh')}」",
        "neutral prior (check error)": f"(不偏不倚),因為其核查結論為「{verdict_word('error', 'zh')}」",
        "prior": ",這是編輯的估計:{reason}",
    },
}
ChangeWords = TypedDict(
    "ChangeWords",
    {
        "base-score": str,
        "remove-edge": str,
        "strength": str,
        "it": str,
        "this": str,
        "its": str,
        "this's": str,
        "rise": str,
        "fall": str,
        "label": dict[str, str],
        "relations": dict[str, str],
    },
)
CHANGE: dict[str, ChangeWords] = {  # the pieces of `Change.describe`, per language
    "en": {
        "base-score": "If {claim} started at {value:.4g}, {whose} strength would {outcome}",
        "remove-edge": "If {claim} no longer {relation} {target}, {outcome}",
        "strength": "{whose} strength would {outcome}",
        "it": "it",
        "this": "this claim",
        "its": "its",
        "this's": "this claim's",
        "rise": "rise above 0.5",
        "fall": "fall to 0.5 or below",
        "label": {
            "in": "no objection to {it} would stand",
            "out": "an objection to {it} would stand",
            "undecided": "the objections to {it} would be left undecided",
        },
        "relations": {"supports": "supported", "rebuts": "rebutted"},
    },
    "zh": {
        "base-score": "若{claim}的起點為 {value:.4g},{whose}強度將{outcome}",
        "remove-edge": "若{claim}不再{relation}{target},{outcome}",
        "strength": "{whose}強度將{outcome}",
        "it": "它",
        "this": "此論點",
        "its": "其",
        "this's": "此論點的",
        "rise": "升至 0.5 以上",
        "fall": "降至 0.5 或以下",
        "label": {name: "{it}將" + label_word(name, "zh") for name in ("in", "out", "undecided")},
        "relations": {"supports": "支持", "rebuts": "反駁"},
    },
}


def _reason(reason: str, lang: str) -> str:
    """The end of "It starts at 0.50…" for a base-score reason of `kb.semantics.Scoring`, in reader's words.

    >>> _reason("neutral prior (check unchecked)", "en"), _reason("editor's prior: well argued", "en")
    (' (neither for nor against) because nothing recomputes it', ", the editor's estimate: well argued")
    """
    words = REASONS[lang]
    if reason.startswith("editor's prior: "):
        return words["prior"].format(reason=reason.removeprefix("editor's prior: "))
    return words.get(reason, f" ({reason})" if reason else "")


def _by_id(claim_id: str) -> str:
    return claim_id


@dataclass(frozen=True)
class Contribution:
    """One supporter or attacker of a claim and how much it moved the claim's strength."""

    claim_id: str
    relation: str
    strength: float
    effect: float


@dataclass(frozen=True)
class Change:
    """A single change to the base: a new base score for one claim, or one edge removed."""

    kind: str  # "base-score" or "remove-edge"
    claim_id: str  # whose base score changes / the edge's arguing claim
    value: float | None = None  # the new base score
    target: str | None = None  # the edge's target
    relation: str | None = None
    strength: float | None = None  # the claim's strength after the change
    label: str | None = None  # or its grounded label after the change

    def describe(
        self,
        lang: str = "en",
        name: Callable[[str], str] = _by_id,
        template: Callable[[str], str] = str,
        of: str | None = None,
    ) -> str:
        """The change and its outcome in words (``en`` or ``zh``), for the explanation of claim ``of``.

        ``name`` says a claim (default: its id); ``template`` wraps each piece of wording before
        the names are filled in (pass ``markupsafe.Markup`` when ``name`` gives HTML: the
        names are kept, everything else is escaped).

        >>> Change("base-score", "a", value=0.25, strength=0.4).describe(of="a")
        'If it started at 0.25, its strength would fall to 0.5 or below'
        >>> Change("remove-edge", "r", target="b", relation="rebuts", label="in").describe(of="a")
        'If r no longer rebutted b, no objection to this claim would stand'
        """
        words = CHANGE[lang]

        def it(claim_id: str) -> str:
            return template(words["it"]) if claim_id == of else name(claim_id)

        def rise(strength: float) -> str:
            return template(words["rise" if strength > THRESHOLD else "fall"])

        if self.kind == "base-score" and not self.label and self.strength is not None:
            whose = words["its"] if self.claim_id == of else words["this's"]
            return template(words["base-score"]).format(
                claim=it(self.claim_id), value=self.value, whose=whose, outcome=rise(self.strength)
            )
        if self.target is None or self.relation is None:
            raise ValueError(f"{self!r}: neither a new base score with its outcome nor a removed edge")
        if self.label:
            subject = words["it"] if self.target == of else words["this"]
            outcome = template(words["label"][self.label]).format(it=subject)
        elif self.strength is not None:
            whose = words["its"] if self.target == of else words["this's"]
            outcome = template(words["strength"]).format(whose=whose, outcome=rise(self.strength))
        else:
            raise ValueError(f"{self!r}: a removed edge without its outcome")
        return template(words["remove-edge"]).format(
            claim=name(self.claim_id),
            relation=words["relations"]["rebuts" if self.label else self.relation],
            target=it(self.target),
            outcome=outcome,
        )


@dataclass(frozen=True)
class Explanation:
    claim_id: str
    base: float
    base_reason: str
    strength: float
    label: str
    support: float
    attack: float
    contributions: list[Contribution]
    strength_flip: Change | None
    label_flip: Change | None
    unopposed: bool = False  # no rebuttal reaches it, directly or through what it rests on
    ceiling: float | None = (
        None  # the most its recomputation lets arguments make of it (`kb.semantics.Scoring.ceiling`)
    )

    @property
    def level(self) -> str:
        """``strong``, ``holds`` or ``weak`` by strength; ``unopposed`` for a standing claim that
        nothing attacks (its strength then says only that nobody answered it).

        >>> Explanation("a", 0.5, "", 0.9, "in", 0.8, 0.0, [], None, None, unopposed=True).level
        'unopposed'
        """
        if self.unopposed and self.strength > THRESHOLD:
            return "unopposed"
        return "strong" if self.strength >= 0.75 else "holds" if self.strength > THRESHOLD else "weak"

    @property
    def stance(self) -> str:
        """`level` as the sentence says it: ``even`` instead of ``holds`` or ``weak`` when the strength
        shows as 0.50 (it neither stands nor falls, whichever side of 0.5 it rounds from).

        >>> Explanation("a", 0.5, "", 0.5, "in", 0.0, 0.0, [], None, None).stance
        'even'
        """
        level = self.level
        return "even" if level in ("holds", "weak") and abs(self.strength - THRESHOLD) < 0.005 else level

    def sentence(
        self, lang: str = "en", name: Callable[[str], str] = _by_id, template: Callable[[str], str] = str
    ) -> str:
        """The explanation in plain words (``en`` or ``zh``); ``name`` and ``template`` as in `Change.describe`.

        >>> print(Explanation("a", 0.2, "its check contradicts it", 0.13, "out", 0.0, 0.7,
        ...                   [Contribution("r", "rebuts", 0.8, -0.07)], None, None, ceiling=0.2).sentence())
        Strength 0.13 (weak). It starts at 0.20 because its recomputation contradicts it, so its strength is capped at 0.20; nothing supports it and its rebuttals add up to 0.70; moved most by r −0.07.
        """
        words = SENTENCE[lang]
        text = template(words["head"]).format(
            strength=self.strength, level=words[self.stance], base=self.base, reason=_reason(self.base_reason, lang)
        )
        if self.ceiling is not None:
            text += template(words["capped"]).format(ceiling=self.ceiling)
        attacked = any(c.relation == "rebuts" for c in self.contributions)
        supported = any(c.relation != "rebuts" for c in self.contributions)
        side = (
            "sides" if attacked and supported else "no_support" if attacked else "no_attack" if supported else "alone"
        )
        text += template(words[side]).format(support=self.support, attack=self.attack)
        moved = [c for c in self.contributions if abs(c.effect) >= 0.005]
        if moved:
            parts = [
                template("{claim} {sign}{effect:.2f}").format(
                    claim=name(c.claim_id), sign="+" if c.effect > 0 else "−", effect=abs(c.effect)
                )
                for c in moved[:3]
            ]
            text += template(words["moved"]) + template(words["and"]).join(parts)
        elif self.contributions:
            text += template(words["none"])
        return text + template(words["end"])

    def changes(self) -> list[Change]:
        """The smallest changes that would move its strength across 0.5 or flip its label, leaving out
        a new base score that moves it by less than 0.005 (a claim that sits at 0.5 with nothing
        for or against it crosses 0.5 at any nudge, which says nothing).

        >>> import kb
        >>> A = kb.load("tests/data/valid").assessment
        >>> [(c.kind, c.claim_id) for c in A.explain("alpha/answer").changes()][:2]
        [('base-score', 'alpha/answer'), ('remove-edge', 'beta/answer')]"""
        found = [self.label_flip] if self.label_flip else []
        flip = self.strength_flip
        if flip and not (
            flip.kind == "base-score"
            and flip.claim_id == self.claim_id
            and flip.value is not None
            and abs(flip.value - self.base) < 0.005
        ):
            found.insert(0, flip)
        return found
