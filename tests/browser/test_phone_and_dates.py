"""Phones and dates in a real browser: no page scrolls sideways at 390 px, and how far off a
prediction's date is comes from the reader's clock (static/dates.js), not from the build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import kb
from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser  # Chromium through Playwright

PHONE = {"width": 390, "height": 844}
PAGES = [
    "claims/fu/fp4-9x-flops/index.html",
    "claims/fu/deepseek-v3-mfu-20pct/index.html",
    "data/index.html",
    "predictions/index.html",
    "sources/index.html",
    "sources/fu-2025-yes-agi-can-happen/index.html",
    "tags/index.html",
    "tags/training/index.html",
    "verdicts/supported/index.html",
    "search/index.html",
]

# Each element that lies (partly) right of the viewport, unless a scroll wrapper marked as one
# (a labelled, focusable region whose content is wider than it) holds it, or an ancestor inside
# the viewport clips it (a map's viewport, a visually hidden table head).
OFF_SCREEN = """() => {
    const width = document.documentElement.clientWidth;
    const scrollable = (box) => box && box.scrollWidth > box.clientWidth && getComputedStyle(box).overflowX === "auto"
        && box.getAttribute("role") === "region" && box.hasAttribute("aria-label") && box.tabIndex === 0;
    const clipped = (e) => {
        for (let a = e.parentElement; a; a = a.parentElement) {
            const o = getComputedStyle(a).overflowX;
            if ((o === "hidden" || o === "clip") && a.getBoundingClientRect().right <= width + 0.5) return true;
        }
        return false;
    };
    return Array.from(document.querySelectorAll("main *")).filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right > width + 0.5 && !scrollable(e.closest(".table-scroll")) && !clipped(e);
    }).map((e) => e.tagName + "." + e.getAttribute("class"));
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, timezone_id="UTC")
    page = Watched(context.new_page())
    yield page
    context.close()
    assert page.errors == [], f"console errors: {page.errors}"


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_no_page_scrolls_sideways_on_a_phone(phone: Watched, base_url: str, lang: str) -> None:
    page = phone.page
    for path in PAGES:
        page.goto(base_url + lang + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], lang + path
        assert page.evaluate(OFF_SCREEN) == [], lang + path


@pytest.mark.parametrize("lang", ["", "zh/"])
def test_every_input_of_a_check_shows_its_source_on_a_phone(phone: Watched, base_url: str, lang: str) -> None:
    page = phone.page
    for claim in ("fu/fp4-9x-flops", "fu/deepseek-v3-mfu-20pct"):
        page.goto(f"{base_url}{lang}claims/{claim}/index.html")
        sources = page.locator("table.inputs td.source")
        assert sources.count() >= 3
        for i in range(sources.count()):
            box = sources.nth(i).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{claim}: input {i}'s source"
            assert sources.nth(i).locator("a[href*='/sources/']").is_visible()
        label = page.evaluate("getComputedStyle(document.querySelector('table.inputs td.source'), '::before').content")
        assert ("來源" if lang else "Source") in label, "each cell says which column it is"


def test_data_page_charts_fit_and_wide_tables_say_they_scroll(phone: Watched, base_url: str) -> None:
    page = phone.page
    page.goto(base_url + "data/index.html")
    for chart in ("priceperf", "utilisation"):
        assert not page.locator(f"svg#chart-{chart}").is_visible(), "the wide drawing is for wider screens"
        narrow = page.locator(f"svg#chart-{chart}-narrow")
        assert narrow.is_visible() and narrow.bounding_box()["width"] <= PHONE["width"] - 32
        assert narrow.locator("a.mark").count() > 3
    gpus = page.locator(".table-scroll:has(#table-gpus)")
    assert page.evaluate("(box) => box.scrollWidth > box.clientWidth", gpus.element_handle())
    assert gpus.locator(".scroll-hint").is_visible()
    page.set_viewport_size({"width": 1366, "height": 900})
    assert (
        page.locator("svg#chart-priceperf").is_visible() and not page.locator("svg#chart-priceperf-narrow").is_visible()
    )
    assert page.locator("svg#chart-priceperf").bounding_box()["width"] == 720
    assert not page.locator(".table-scroll:has(#table-clusters) .scroll-hint").is_visible(), (
        "a table that fits has no hint"
    )


@pytest.fixture(scope="module")
def open_predictions(shipped) -> list[kb.Claim]:
    base = shipped
    return sorted(
        (c for c in base if c.resolves_by and c.status and c.status.value == "open"),
        key=lambda c: (c.resolves_by, c.id),
    )


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("lang", "later", "earlier", "overdue"),
    [
        ("", "in 7 months", "10 days ago", "past its date: awaiting resolution"),
        ("zh/", "7 個月後", "10 天前", "已過期,待判定"),
    ],
)
def test_a_due_date_is_worded_from_the_readers_clock(
    browser, base_url: str, open_predictions, lang: str, later: str, earlier: str, overdue: str
) -> None:
    claim = open_predictions[0]
    url = f"{base_url}{lang}claims/{claim.id}/index.html"
    for today, words, past in (
        (claim.resolves_by - dt.timedelta(days=211), later, False),
        (claim.resolves_by + dt.timedelta(days=10), earlier, True),
    ):
        context = browser.new_context(viewport=PHONE, timezone_id="UTC")
        page = Watched(context.new_page())
        page.page.clock.set_fixed_time(at_noon(today))
        page.page.goto(url)
        section = page.page.locator("section.prediction")
        assert section.locator("time[data-relative] + .relative").text_content() == words
        assert ("overdue" in section.get_attribute("class")) is past
        mark = section.locator("[data-overdue]")
        assert mark.is_visible() is past and (mark.text_content() == overdue) is past
        context.close()
        assert page.errors == []


def test_predictions_page_marks_today_and_what_is_overdue(browser, base_url: str, open_predictions) -> None:
    first, last = open_predictions[0].resolves_by, open_predictions[-1].resolves_by
    assert first < last, "the base has open predictions due on different days"
    today = first + dt.timedelta(days=1)
    context = browser.new_context(viewport=PHONE, timezone_id="UTC")
    page = Watched(context.new_page())
    page.page.clock.set_fixed_time(at_noon(today))
    page.page.goto(base_url + "predictions/index.html")
    items = page.page.evaluate("""() => Array.from(document.querySelectorAll("ol.timeline > li")).map((li) => ({
        due: li.dataset.due || null, today: li.matches(".today:not([hidden])"), overdue: li.classList.contains("overdue"),
        mark: li.querySelector("[data-overdue]:not([hidden])")?.textContent || null, text: li.textContent }))""")
    marker = next(i for i, item in enumerate(items) if item["today"])
    assert today.isoformat() in items[marker]["text"] and "Today" in items[marker]["text"]
    assert all(item["due"] < today.isoformat() for item in items[:marker])
    assert all(item["due"] >= today.isoformat() for item in items[marker + 1 :])
    for item in items[:marker]:  # every prediction before today is still open in this base
        assert item["overdue"] and item["mark"] == "past its date: awaiting resolution"
    assert not any(item["overdue"] or item["mark"] for item in items[marker + 1 :])
    context.close()
    assert page.errors == []
    assert page.hosts <= {"127.0.0.1"}


def test_without_javascript_dates_stay_absolute(browser, base_url: str, open_predictions) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "predictions/index.html")
    assert page.locator(".relative").count() == 0 and not page.locator("li.today").is_visible()
    day = open_predictions[0].resolves_by.isoformat()
    assert page.locator(f'time[datetime="{day}"]').first.text_content() == day
    context.close()


def test_dates_are_worded_from_a_file_url(browser, site: Path) -> None:
    context = browser.new_context(viewport=PHONE)
    page = Watched(context.new_page())
    page.page.goto((site / "zh/predictions/index.html").as_uri())
    assert page.page.locator(".relative").count() == page.page.locator("li.due").count() > 0
    assert page.page.locator("li.today").is_visible()
    context.close()
    assert page.errors == []
