"""The chat page in Debian's Chromium: the widget talks to the real stack and shows replies."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect, sync_playwright

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 375, "height": 667})
        yield context.new_page()
        browser.close()


def bot_says(page: Page, text: str) -> None:
    """Wait until a bot bubble shows exactly this text (as the user reads it)."""
    bubble = page.locator(".rw-response").filter(has_text=re.compile(re.escape(text[:60])))
    expect(bubble.last).to_be_visible(timeout=30_000)


def send(page: Page, text: str) -> None:
    box = page.locator(".rw-new-message")
    box.fill(text)
    box.press("Enter")


def test_chat_page_greets_then_answers_a_message_in_the_chosen_language(stack, catalog, page):
    page.goto(f"{stack.web_url}/?lang=fi")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    bot_says(page, catalog.render("utter_greet", "fi")["text"].split("\n")[0])
    send(page, "missä voin opiskella suomen kieltä")
    # Language courses depend on age first; the answer is a quick-reply button.
    asked = catalog.render("utter_ask_minor", "fi")
    bot_says(page, asked["text"])
    page.locator(".rw-reply", has_text=asked["buttons"][1]["title"]).last.click()
    bot_says(page, catalog.render("utter_ask_jobseeker", "fi")["text"])


def test_user_markup_is_shown_as_text_never_rendered(stack, page):
    page.goto(f"{stack.web_url}/?lang=en")
    page.locator(".rw-new-message").wait_for(timeout=30_000)
    send(page, "<img src=x onerror=\"document.title='owned'\"> hello")
    expect(page.locator(".rw-client").last).to_contain_text("<img src=x")
    assert page.locator(".rw-messages-container img[src='x']").count() == 0
    assert page.title() != "owned"


def test_arabic_reads_right_to_left_with_links_left_to_right(stack, catalog, page):
    page.goto(f"{stack.web_url}/?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    bot_says(page, catalog.render("utter_greet", "ar")["text"].split("\n")[0])
    send(page, "كيف اطلع اقامة")  # a residence permit: answered with the official link
    link = page.locator(".rw-response a").last
    expect(link).to_be_visible(timeout=30_000)
    bubble = page.locator(".rw-response").last
    assert bubble.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert bubble.evaluate("e => getComputedStyle(e).textAlign") == "right"
    assert link.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert link.get_attribute("href", timeout=5_000).startswith("https://")
