"""The handoff loop in Chromium: the chat page and the adviser console side by side, on the
real stack. The adviser logs in with the keyboard, on a tablet-sized console, and axe-core
finds no serious accessibility violation on the login form or the working view."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from knowledge.db import session_scope
from tests.e2e.accessibility import blocking_violations
from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS, bot_says, send
from web.advisers import create_user

pytestmark = pytest.mark.browser

PASSWORD = "browser adviser passphrase"


@pytest.fixture
def pages():
    """The user's chat (a phone) and the adviser's console (a tablet), in separate contexts."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        chat = browser.new_context(viewport={"width": 375, "height": 667}).new_page()
        # bypass_csp: the accessibility checker is injected as a script of its own.
        console = browser.new_context(
            viewport={"width": 768, "height": 1024}, bypass_csp=True
        ).new_page()
        yield chat, console
        browser.close()


def log_in_with_the_keyboard(console: Page, url: str, name: str) -> None:
    console.goto(url)
    username = console.locator("#login-form [name=username]")
    expect(username).to_be_visible(timeout=10_000)
    username.focus()
    console.keyboard.type(name)
    console.keyboard.press("Tab")
    expect(console.locator("#login-form [name=password]")).to_be_focused()
    console.keyboard.type(PASSWORD)
    console.keyboard.press("Enter")
    expect(console.locator("#queue")).to_be_visible(timeout=10_000)


def test_an_adviser_takes_over_answers_and_gives_the_chat_back(
    stack, catalog, knowledge_engine, pages
):
    chat, console = pages
    name = f"browser-{uuid.uuid4().hex[:6]}"
    with session_scope(knowledge_engine) as session:
        create_user(session, name, "national", PASSWORD, admin=False)
    marker = uuid.uuid4().hex[:6]

    chat.goto(f"{stack.web_url}/?lang=en")
    bot_says(chat, catalog.render("utter_greet", "en")["text"].split("\n")[0])
    send(chat, f"I want to talk to a person about case {marker}")
    bot_says(chat, "I've passed your conversation to an adviser")

    console.goto(f"{stack.web_url}/console?lang=en")
    expect(console.locator("#login-form")).to_be_visible(timeout=10_000)
    assert blocking_violations(console) == []
    log_in_with_the_keyboard(console, f"{stack.web_url}/console?lang=en", name)
    row = console.locator("#queue tbody tr", has_text=marker)
    expect(row).to_be_visible(timeout=10_000)
    row.locator("[data-action=claim]").click()
    conversation = console.locator("#conversation")
    expect(conversation.locator("#reply-form")).to_be_visible(timeout=10_000)
    bot_says(chat, catalog.render("utter_adviser_joined", "en")["text"])

    # A canned reply fills the box in the user's language; the adviser edits and sends it.
    greeting = catalog.render("canned_greeting", "en")["text"]
    console.locator("#canned-replies button").first.click()
    expect(console.locator("#reply-form [name=text]")).to_have_value(greeting)
    console.locator("#reply-form [name=text]").fill("Hello from the console <b>team</b>")
    console.locator("#reply-form [type=submit]").click()
    bot_says(chat, "Adviser: Hello from the console <b>team</b>")

    assert blocking_violations(console) == []  # the queue and an open conversation

    # The user's next message reaches the console live, and the bot does not answer it.
    answers_before = chat.locator(".opas-bot").count()
    send(chat, "thank you, one more question")
    user_lines = console.locator("#transcript [data-author=user]")
    expect(user_lines.last).to_contain_text("thank you, one more question", timeout=10_000)
    chat.wait_for_timeout(2_000)
    assert chat.locator(".opas-bot").count() == answers_before
    assert console.locator("#transcript b").count() == 0  # the adviser's markup is text

    console.locator("#resolve-form [name=outcome]").select_option("answered")
    console.locator("#resolve-form [type=submit]").click()
    bot_says(chat, catalog.render("utter_handoff_ended", "en")["text"])
    expect(console.locator("#conversation")).to_contain_text(re.compile("resolved", re.I))

    send(chat, "hello")
    bot_says(chat, catalog.render("utter_greet", "en")["text"].split("\n")[0])
