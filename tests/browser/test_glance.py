"""The debate at a glance: the home page's questions table and the question pages, in a browser."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Watched

pytestmark = pytest.mark.browser  # Chromium through Playwright


def test_the_home_page_shows_the_questions_and_both_answers_before_any_scrolling(
    browser, base_url: str, shipped
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(base_url + "index.html")
    first = page.locator("table.questions-table tbody tr").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 900, "the first question's row is above the fold"
    assert (
        first.locator("td").nth(0).locator("p.answer").count() >= 1
        and first.locator("td").nth(1).locator("p.answer").count() >= 1
    )
    ranked = [h.question for h in shipped.hinges()]
    links = page.locator("table.questions-table tbody th[scope=row] > a")
    assert [links.nth(i).get_attribute("href").split("/")[1] for i in range(links.count())] == ranked
    Watched(page).screenshot("home-desktop")
    context.close()


def test_a_question_page_links_to_every_claim_on_both_answers(watched: Watched, base_url: str, shipped) -> None:
    page = watched.page
    page.goto(base_url + "index.html")
    page.click("table.questions-table tbody th[scope=row] > a >> nth=0")
    question = shipped.questions[shipped.hinges()[0].question]
    watched.wait_for_url(rf"/crux/questions/{question.id}/index\.html$")
    for index, answer in enumerate(question.answers, start=1):
        section = page.locator(f"#answer-{index}")
        for claim_id in answer.claims:
            assert section.locator(f'a[href$="claims/{claim_id}/index.html"]').count() >= 1, claim_id
    assert page.locator("svg#local .node-question").count() == 1
    assert page.locator("table.hinge-table tbody tr").count() == len(shipped.theses())
    watched.screenshot("question-desktop")


def test_phone_screenshots_of_the_glance_pages(browser, base_url: str, shipped) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    question = shipped.hinges()[0].question
    for name, path in [
        ("home-phone", "index.html"),
        ("question-phone", f"questions/{question}/index.html"),
        ("map-phone", "map/index.html"),
        ("claim-phone", "claims/fu/fp4-9x-flops/index.html"),
        ("zh-home-phone", "zh/index.html"),
    ]:
        page.goto(base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{path} scrolls sideways"
        Watched(page).screenshot(name)
    context.close()
