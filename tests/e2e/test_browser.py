"""The chat widget in Debian's Chromium against the real stack: conversations in Finnish, Arabic
(right to left) and Chinese, a reload, Rasa going away and coming back, and axe-core's
accessibility check (the embed example has its own file, test_embed_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.e2e.accessibility import blocking_violations

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ANSWER_TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp: axe is added to the page by the test; the page's own policy forbids that.
    context = browser.new_context(viewport={"width": 375, "height": 667}, bypass_csp=True)
    yield context.new_page()
    context.close()


def bot_says(page: Page, text: str) -> None:
    """Wait until a bot bubble shows this text (its first 60 characters), as the user reads it."""
    bubble = page.locator(".opas-bot").filter(has_text=re.compile(re.escape(text[:60])))
    expect(bubble.last).to_be_visible(timeout=ANSWER_TIMEOUT_MS)


def send(page: Page, text: str) -> None:
    box = page.locator(".opas-input")
    box.fill(text)
    box.press("Enter")


def first_line(catalog, key: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    return str(catalog.render(key, lang)["text"]).split("\n")[0]


def no_blocking_violations(page: Page) -> None:
    violations = blocking_violations(page)
    assert violations == [], violations


def test_a_finnish_conversation_with_a_choice_by_button(stack, catalog, page):
    page.goto(f"{stack.web_url}/?lang=fi")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    bot_says(page, first_line(catalog, "utter_greet", "fi"))
    send(page, "missä voin opiskella suomen kieltä")
    asked = catalog.render("utter_ask_minor", "fi")
    bot_says(page, asked["text"])
    choices = page.get_by_role("group", name=catalog.render("widget_choices", "fi")["text"])
    choices.get_by_role("button", name=asked["buttons"][1]["title"]).click()
    expect(page.locator(".opas-user").last).to_contain_text(asked["buttons"][1]["title"])
    bot_says(page, catalog.render("utter_ask_jobseeker", "fi")["text"])
    # Only the newest question keeps its buttons: an answered one cannot be answered twice.
    expect(page.locator(".opas-choices")).to_have_count(1)
    no_blocking_violations(page)


def test_an_arabic_conversation_reads_right_to_left_with_links_left_to_right(stack, catalog, page):
    page.goto(f"{stack.web_url}/?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    bot_says(page, first_line(catalog, "utter_greet", "ar"))
    send(page, "كيف اطلع اقامة")  # a residence permit: answered with the official link
    link = page.locator(".opas-bot .opas-link").last
    expect(link).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
    assert link.get_attribute("href", timeout=5_000).startswith("https://")
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in (link.get_attribute("rel") or "")

    def style(css: str, prop: str) -> str:
        return str(page.locator(css).last.evaluate(f"e => getComputedStyle(e).{prop}"))

    assert style(".opas", "direction") == "rtl"
    assert style(".opas-bot", "direction") == "rtl"
    assert style(".opas-input", "direction") == "rtl"
    assert style(".opas-send", "direction") == "rtl"
    assert style(".opas-link", "direction") == "ltr"
    # The user's words on the left, the bot's on the right: mirrored.
    user = page.locator(".opas-user").last.bounding_box()
    bot = page.locator(".opas-bot").last.bounding_box()
    assert user is not None and bot is not None
    assert user["x"] < bot["x"]
    no_blocking_violations(page)


def test_a_chinese_conversation(stack, catalog, page):
    page.goto(f"{stack.web_url}/?lang=zh")
    bot_says(page, first_line(catalog, "utter_greet", "zh"))
    send(page, "想报个芬兰语课")  # "I want to sign up for a Finnish course"
    bot_says(page, catalog.render("utter_ask_minor", "zh")["text"])
    no = catalog.render("utter_ask_minor", "zh")["buttons"][1]["title"]
    page.get_by_role("button", name=no).click()
    bot_says(page, catalog.render("utter_ask_jobseeker", "zh")["text"])


def test_the_conversation_survives_a_reload_and_a_new_one_can_be_started(stack, catalog, page):
    page.goto(f"{stack.web_url}/?lang=fi")
    bot_says(page, first_line(catalog, "utter_greet", "fi"))
    send(page, "missä voin opiskella suomen kieltä")
    asked = catalog.render("utter_ask_minor", "fi")
    bot_says(page, asked["text"])
    page.reload()
    # The conversation is drawn again, and the question asked before the reload is answered.
    expect(page.locator(".opas-user").first).to_contain_text("missä voin opiskella")
    page.get_by_role("button", name=asked["buttons"][1]["title"]).click()
    bot_says(page, catalog.render("utter_ask_jobseeker", "fi")["text"])
    assert page.locator(".opas-bot").filter(
        has_text=first_line(catalog, "utter_greet", "fi")
    ).count() == 1  # fmt: skip

    new_conversation = catalog.render("widget_new_conversation", "fi")["text"]
    page.get_by_role("button", name=new_conversation).click()
    bot_says(page, first_line(catalog, "utter_greet", "fi"))
    expect(page.locator(".opas-user")).to_have_count(0)


def test_markup_the_user_types_stays_text(stack, page):
    page.goto(f"{stack.web_url}/?lang=en")
    page.locator(".opas-input").wait_for(timeout=ANSWER_TIMEOUT_MS)
    send(page, "<img src=x onerror=\"document.title='owned'\"> hello")
    expect(page.locator(".opas-user .opas-paragraph").last).to_have_text(
        "<img src=x onerror=\"document.title='owned'\"> hello"
    )
    assert page.locator(".opas img").count() == 0
    assert page.title() != "owned"


def test_the_widget_says_when_opas_is_unreachable_and_sends_when_it_is_back(stack, catalog, page):
    page.goto(f"{stack.web_url}/?lang=fi")
    bot_says(page, first_line(catalog, "utter_greet", "fi"))
    unreachable = catalog.render("widget_unreachable", "fi")["text"]
    stack.stop_process("rasa")
    try:
        expect(page.locator(".opas-status")).to_have_text(unreachable, timeout=15_000)
        send(page, "kiitos")
        expect(page.locator(".opas-pending")).to_have_count(1)
    finally:
        stack.restart_process("rasa")
    # Reconnected on its own; the waiting message is sent and answered.
    bot_says(page, catalog.render("utter_welcome", "fi")["text"])
    expect(page.locator(".opas-status")).to_be_hidden()
    expect(page.locator(".opas-pending")).to_have_count(0)
