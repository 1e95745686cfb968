"""Check results in plain words, for pages and the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.checks.glossary import say, verdict_word
from kb.words import say as in_language

if TYPE_CHECKING:
    from kb.checks.evaluate import Result
    from kb.checks.inputs import InputRow

EXPECT = {  # `expectation_text`, per comparator and language
    "en": {
        "approx": "about {value} ({low} to {high})",
        "at_least": "at least {value}",
        "at_most": "at most {value}",
        "between": "between {low} and {high}",
        "times": "×",
    },
    "zh": {
        "approx": "約 {value}({low} 至 {high})",
        "at_least": "至少 {value}",
        "at_most": "至多 {value}",
        "between": "介於 {low} 與 {high} 之間",
        "times": " 倍",
    },
}
MULTIPLES = ("ratio", "multiple", "scale")  # what a check's formula computes when its plain number is "so many times"


def show_value(value: float | None, unit: str, fraction: bool = False) -> str:
    """``0.396, "1", fraction`` → ``'39.6%'``; ``2.27, "1"`` → ``'2.27'``; ``19.5, "%"`` → ``'19.5%'``.

    >>> show_value(0.396, "1", fraction=True), show_value(2.2727, "1"), show_value(19.49, "%"), show_value(1978.9, "TFLOP/s")
    ('39.6%', '2.273', '19.49%', '1979 TFLOP/s')
    >>> show_value(2022, "1"), show_value(100000, "GPU"), show_value(1.48e13, "token")
    ('2022', '100,000 GPU', '1.48e+13 token')
    """
    if value is None:
        return "—"
    if fraction and unit == "1":
        value, unit = value * 100, "%"
    text = f"{value:,.0f}" if 1e4 <= abs(value) < 1e9 else f"{value:.4g}"
    if unit in ("1", ""):
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def show_input(row: InputRow, value: float | None = None) -> str:
    return show_value(row.value if value is None else value, row.unit, row.fraction)


def input_words(row: InputRow, lang: str = "en") -> str:
    """How sentences name an input: by what the check takes it for (its kind's ``help``, or the
    label a formula's editor gave it), then the label of the value it is, if it has one.

    >>> from kb.checks.inputs import InputRow
    >>> row = InputRow("old", 1000, "TFLOP/s", None, None, "s", "p. 1", label="Slow GPU", help="peak FLOP/s of the older GPU")
    >>> input_words(row), input_words(row, "zh")
    ('peak FLOP/s of the older GPU (Slow GPU)', '較舊 GPU 的峰值 FLOP/s(Slow GPU)')
    >>> input_words(InputRow("start", 1, "USD", None, None, "s", "p. 1", help="the 2013 price", help_zh="2013 年的價格"), "zh")
    '2013 年的價格'
    """
    what = row.help_zh if lang == "zh" and row.help_zh else say(row.help or row.name, lang)
    if not row.label:
        return what
    label = in_language(row.label, lang, lang)[0]
    return f"{what}({label})" if lang == "zh" else f"{what} ({label})"


def check_sentence(result: Result, lang: str = "en") -> tuple[str, str]:
    """What the check computes, in words, and the language they are in: the editor's ``sentence``
    in ``lang``, else in English, else in the language it is given in; ``("", lang)`` without one.

    >>> from kb.checks.evaluate import Result
    >>> check_sentence(Result("a", "supported", sentence={"en": "Prices fell by this fraction."}), "zh")
    ('Prices fell by this fraction.', 'en')
    """
    if lang in result.sentence:
        return result.sentence[lang], lang
    fallback = "en" if "en" in result.sentence else next(iter(result.sentence), lang)
    return result.sentence.get(fallback, ""), fallback


def break_even_sentence(result: Result, name: str, lang: str = "en") -> str:
    """One sentence saying where the verdict on ``name`` flips, in ``en`` or ``zh``.

    e.g. "The claim holds while the MFU reached on the new hardware stays above 39.58% (now 41%)."
    """
    row = result.input(name)
    flip = result.break_even[name]
    what = input_words(row, lang)
    shown, now = show_input(row, flip), show_input(row)
    below = flip < row.value
    if lang == "zh":
        supported = verdict_word("supported", "zh")
        if result.holds:
            return f"只要{what}{'不低於' if below else '不高於'} {shown}(目前為 {now}),核查就仍是「{supported}」。"
        return f"若{what}{'降至' if below else '升至'} {shown}(目前為 {now}),核查就會是「{supported}」。"
    if result.holds:
        return f"The claim holds while {what} stays {'above' if below else 'below'} {shown} (now {now})."
    return f"The claim would hold if {what} {'fell' if below else 'rose'} to {shown} (now {now})."


def expectation_text(result: Result, lang: str = "en") -> str:
    """The claim's number as the check tests it, in words: "about 20% (15% to 25%)", "at least 9×".

    ``approx`` says the range it accepts (its tolerance is relative: ±25% of 20% is 15% to 25%);
    a plain number that a formula computes as a ratio, multiple or scale is said "×" (倍).

    >>> from kb.checks.evaluate import Result
    >>> from kb.checkspec import Expectation
    >>> multiple = Result("a", "supported", formula="multiple = new ÷ old", expect=Expectation(comparator="at_least", value=9))
    >>> expectation_text(multiple), expectation_text(multiple, "zh")
    ('at least 9×', '至少 9 倍')
    >>> expectation_text(Result("b", "supported", expect=Expectation(comparator="approx", value=20, tolerance=0.25, unit="%")))
    'about 20% (15% to 25%)'
    >>> expectation_text(Result("c", "contradicted", formula="year = argmax", expect=Expectation(comparator="between", low=2017, high=2019)))
    'between 2017 and 2019'
    """
    e = result.expect
    if e is None:
        return ""
    words = EXPECT[lang]
    times = e.unit in ("1", "") and result.formula.split("=")[0].strip() in MULTIPLES

    def show(value: float | None) -> str:
        return show_value(value, e.unit) + (words["times"] if times else "")

    low, high = e.accepted()
    return words[e.comparator].format(value=show(e.value), low=show(low), high=show(high))
