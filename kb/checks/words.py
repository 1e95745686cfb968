"""Check results in plain words, for pages and the terminal."""

from __future__ import annotations

from kb.checks.evaluate import InputRow, Result
from kb.checks.glossary import say


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


def break_even_sentence(result: Result, name: str, lang: str = "en") -> str:
    """One sentence saying where the verdict on ``name`` flips, in ``en`` or ``zh``.

    e.g. "The claim holds while the MFU reached on the new hardware stays above 39.58% (now 41%)."
    """
    row = result.input(name)
    flip = result.break_even[name]
    what = say(row.help or name, lang)
    shown, now = show_input(row, flip), show_input(row)
    below = flip < row.value
    if lang == "zh":
        if "[" in name and row.label:
            what = f"{row.label}的{what}"
        if result.holds:
            return f"只要{what}{'不低於' if below else '不高於'} {shown}(目前為 {now}),此論點就成立。"
        return f"若{what}{'降至' if below else '升至'} {shown}(目前為 {now}),此論點就會成立。"
    if "[" in name and row.label:
        what = f"{what} of the {row.label}"
    if result.holds:
        return f"The claim holds while {what} stays {'above' if below else 'below'} {shown} (now {now})."
    return f"The claim would hold if {what} {'fell' if below else 'rose'} to {shown} (now {now})."


def expectation_text(result: Result) -> str:
    """The claim's number as a comparison, e.g. "≈ 20% (±25%)" or "≥ 9"."""
    e = result.expect
    if e is None:
        return ""
    if e.comparator == "approx":
        return f"≈ {show_value(e.value, e.unit)} (±{e.tolerance * 100:g}%)"  # type: ignore[operator]
    if e.comparator == "between":
        return f"between {show_value(e.low, e.unit)} and {show_value(e.high, e.unit)}"
    sign = "≥" if e.comparator == "at_least" else "≤"
    return f"{sign} {show_value(e.value, e.unit)}"
