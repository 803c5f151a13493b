"""The embed example in Debian's Chromium on the real stack: another site's page with the
snippet, a conversation that already knows the site's municipality, and the conversation
following the reader to the site's next page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.accessibility import blocking_violations
from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, bot_says, send
from tests.e2e.test_rest_conversations import expected_referral_text

pytestmark = pytest.mark.browser

STORE_KEY = "opas-chat:v1"
JOBSEEKER_QUESTION = "Missä voin ilmoittautua työnhakijaksi?"


@pytest.fixture
def page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # bypass_csp: axe is added to the page as a script of its own.
        context = browser.new_context(viewport={"width": 375, "height": 667}, bypass_csp=True)
        yield context.new_page()
        browser.close()


def stored(page: Page) -> dict[str, Any]:
    """The conversation the widget keeps for this tab."""
    raw = page.evaluate(f"() => sessionStorage.getItem({json.dumps(STORE_KEY)})")
    assert raw, "the widget stored no conversation"
    state: dict[str, Any] = json.loads(raw)
    return state


def bot_texts(page: Page) -> list[str]:
    return [m["text"] for m in stored(page)["messages"] if m["from"] == "bot"]


def test_the_snippet_embeds_a_chat_that_knows_the_municipality_and_follows_the_reader(
    stack, catalog, knowledge_engine, page
):
    page.goto(f"{stack.web_url}/embed-example?lang=fi&municipality=Vantaa")
    # The page shows the code it embeds the chat with, to copy.
    snippet = page.locator("pre code")
    expect(snippet).to_contain_text(
        '<div data-opas-chat data-language="fi" data-municipality="Vantaa"></div>'
    )
    expect(snippet).to_contain_text(f'<script src="{stack.web_url}/static/')
    greeting = catalog.render("utter_greet", "fi")["text"]
    bot_says(page, greeting.split("\n")[0])
    expect(page.locator(".opas")).to_have_attribute("lang", "fi")

    # Answered for Vantaa at once: the site said where its readers live.
    send(page, JOBSEEKER_QUESTION)
    expected = expected_referral_text(
        knowledge_engine, catalog, "employment_services", "fi", municipality="Vantaa",
        jobseeker=None,
    )  # fmt: skip
    bot_says(page, expected.split("\n")[0])
    assert expected in bot_texts(page)
    asked_where = catalog.render("utter_ask_municipality", "fi")["text"]
    assert asked_where not in bot_texts(page)
    assert stored(page)["municipality"] == "Vantaa"
    violations = blocking_violations(page)
    assert violations == [], violations

    # The site's next page carries on with the same conversation, not a new greeting.
    session = stored(page)["sessionId"]
    more = catalog.render("embed_example_more_link", "fi")["text"]
    page.get_by_role("link", name=more).click()
    expect(page).to_have_url(re.compile(r"/embed-example/more\?lang=fi&municipality=Vantaa$"))
    expect(page.locator(".opas-user").first).to_contain_text(JOBSEEKER_QUESTION)
    bot_says(page, expected.split("\n")[0])
    send(page, "kiitos paljon")
    bot_says(page, catalog.render("utter_welcome", "fi")["text"])
    assert stored(page)["sessionId"] == session
    assert bot_texts(page).count(greeting) == 1
    violations = blocking_violations(page)
    assert violations == [], violations


def test_a_municipality_the_site_misspells_is_asked_for_as_usual(stack, catalog, page):
    # A wrong name in a site's embed code must not send people to the wrong office.
    page.goto(f"{stack.web_url}/embed-example?lang=fi&municipality=Atlantis")
    bot_says(page, catalog.render("utter_greet", "fi")["text"].split("\n")[0])
    send(page, JOBSEEKER_QUESTION)
    bot_says(page, catalog.render("utter_ask_municipality", "fi")["text"])
