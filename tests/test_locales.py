"""Every sentence exists in every language, renders safely and states no facts of its own."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

import locales
from locales import (
    DEFAULT_LANGUAGE,
    ENGLISH_ONLY,
    SUPPORTED_LANGUAGES,
    Catalog,
    LocaleError,
    MissingArgument,
    load_catalog,
)

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = [lang for lang in SUPPORTED_LANGUAGES if lang != DEFAULT_LANGUAGE]
RESPONSE_NAME = re.compile(r"^utter_[a-z0-9_]+$")
# Keys the page and the language chooser read; the rest are the bot's responses.
PAGE_KEYS = {
    "page_title",
    "page_heading",
    "page_intro",
    "page_language_label",
    "page_input_placeholder",
    "page_send_label",
    "page_privacy_note",
    "language_name",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def all_texts(catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """(language, key, text) for every text and button title, before any argument is filled."""
    for lang in catalog.languages:
        for key in sorted(catalog.keys(lang)):
            entry = catalog._entry(key, lang)
            yield lang, key, entry.text
            for title, _ in entry.buttons:
                yield lang, key, title


def responses_in_domain_and_stories() -> set[str]:
    """Every utter_ name in the domain, rules and stories (keys, lists and steps alike)."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str) and RESPONSE_NAME.match(node):
            found.add(node)

    for folder in ("bot/domain", "bot/data/rules", "bot/data/stories", "tests/stories"):
        for path in sorted((ROOT / folder).rglob("*.yml")):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def responses_in_architecture() -> set[str]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    return set(re.findall(r"`(utter_[a-z0-9_]+)`", text))


def responses_sent_by_actions() -> dict[str, list[set[str] | None]]:
    """Response key -> the argument names of each `say(dispatcher, "key", lang, ...)` call.

    None stands for a call passing `**arguments`, whose names cannot be read from the code.
    """
    calls: dict[str, list[set[str] | None]] = {}
    for path in sorted((ROOT / "bot" / "actions").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "say"
                and len(node.args) >= 2
            ):
                continue
            key = node.args[1]
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            keywords = {keyword.arg for keyword in node.keywords}
            calls.setdefault(key.value, []).append(None if None in keywords else keywords)
    return calls


# Completeness across languages -------------------------------------------------------------


def test_english_the_fallback_language_has_a_locale_file() -> None:
    assert DEFAULT_LANGUAGE == "en"
    assert DEFAULT_LANGUAGE in SUPPORTED_LANGUAGES
    assert {"fi", "sv", "en"} <= set(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_key_exists_in_every_language(catalog: Catalog, lang: str) -> None:
    missing = catalog.keys(DEFAULT_LANGUAGE) - catalog.keys(lang) - ENGLISH_ONLY
    extra = catalog.keys(lang) - catalog.keys(DEFAULT_LANGUAGE)
    assert (missing, extra) == (frozenset(), frozenset())


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_key_has_the_same_placeholders_in_every_language(catalog: Catalog, lang: str) -> None:
    differing = {
        key: (catalog.placeholders(key, DEFAULT_LANGUAGE), catalog.placeholders(key, lang))
        for key in catalog.keys(lang)
        if catalog.placeholders(key, DEFAULT_LANGUAGE) != catalog.placeholders(key, lang)
    }
    assert differing == {}


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_buttons_send_the_same_payloads_in_every_language(catalog: Catalog, lang: str) -> None:
    for key in catalog.keys(lang):
        arguments = dict.fromkeys(catalog.placeholders(key, lang), "x")
        default = catalog.render(key, DEFAULT_LANGUAGE, **arguments).get("buttons", [])
        translated = catalog.render(key, lang, **arguments).get("buttons", [])
        assert [b["payload"] for b in translated] == [b["payload"] for b in default], key


def test_the_jobseeker_question_offers_yes_and_no_buttons(catalog: Catalog) -> None:
    for lang in catalog.languages:
        buttons = catalog.render("utter_ask_jobseeker", lang)["buttons"]
        assert [button["payload"] for button in buttons] == ["/affirm", "/deny"]
    titles = {
        lang: catalog.render("utter_ask_jobseeker", lang)["buttons"][0]["title"]
        for lang in ("fi", "sv", "en")
    }
    assert titles == {"fi": "Kyllä olen", "sv": "Ja", "en": "Yes"}


def test_no_entry_or_button_title_is_empty(catalog: Catalog) -> None:
    empty = [(lang, key) for lang, key, text in all_texts(catalog) if not text.strip()]
    assert empty == []


def test_each_language_names_itself_for_the_language_chooser(catalog: Catalog) -> None:
    names = {lang: catalog.render("language_name", lang)["text"] for lang in catalog.languages}
    assert {lang: names[lang] for lang in ("fi", "sv", "en")} == {
        "fi": "suomi",
        "sv": "svenska",
        "en": "English",
    }
    assert len(set(names.values())) == len(names)


# Every response the bot sends exists -------------------------------------------------------


def test_every_response_named_in_the_architecture_exists(catalog: Catalog) -> None:
    named = responses_in_architecture()
    assert "utter_where_to_go" in named  # the contract was read, not an empty set
    assert named - catalog.keys() == set()


def test_every_response_in_the_domain_rules_and_stories_exists(catalog: Catalog) -> None:
    assert responses_in_domain_and_stories() - catalog.keys() == set()


def test_every_response_an_action_sends_exists_with_exactly_its_arguments(
    catalog: Catalog,
) -> None:
    sent = responses_sent_by_actions()
    known = catalog.keys()
    assert sent, "no say(dispatcher, ...) call found in bot/actions"
    mismatched = {
        (response, frozenset(names or ()))
        for response, calls in sent.items()
        for names in calls
        if response not in known
        or (names is not None and names != catalog.placeholders(response, DEFAULT_LANGUAGE))
    }
    assert mismatched == set()


def test_the_engines_apology_needs_no_arguments(catalog: Catalog) -> None:
    # The engine reads the YAML itself and has nothing to fill placeholders with.
    for lang in catalog.languages:
        assert catalog.placeholders("utter_unavailable", lang) == frozenset()


def test_the_page_texts_exist(catalog: Catalog) -> None:
    assert catalog.keys() >= PAGE_KEYS


# Rendering ---------------------------------------------------------------------------------


def test_markup_typed_by_the_user_is_kept_as_typed_text(catalog: Catalog) -> None:
    # Messages are plain text: the widget draws text nodes and Telegram gets no parse mode, so
    # markup shows as typed. Escaping it here would show "&lt;" to the user.
    typed = "<script>alert('x')</script> [Click](javascript:alert(1)) **now**"
    text = catalog.render("utter_municipality_noted", "fi", municipality=typed)["text"]
    assert typed in text


def test_newlines_in_an_argument_cannot_break_the_message_lines(catalog: Catalog) -> None:
    text = catalog.render("utter_change_notice", "en", notice="one\n# Heading\n- item")["text"]
    assert text == "Please note: one # Heading - item"


def test_bidirectional_overrides_are_taken_out_of_arguments(catalog: Catalog) -> None:
    text = catalog.render("utter_change_notice", "en", notice="abc\u202edef")["text"]
    assert text == "Please note: abcdef"


def test_web_addresses_stay_clickable(catalog: Catalog) -> None:
    url = "https://www.example.fi/palvelut/tyo_ja_yrittaminen?kieli=fi&osio=2#alku"
    for lang in catalog.languages:
        where = catalog.render(
            "utter_where_to_go", lang, actor="A", reason="B.", url=url, area="C"
        )["text"]
        source = catalog.render("utter_source", lang, source_url=url, checked_on="1.1.2026")
        assert url in where
        assert url in source["text"]


def test_a_javascript_address_is_not_passed_as_a_web_address(catalog: Catalog) -> None:
    text = catalog.render(
        "utter_directory_entry",
        "en",
        name="N",
        description="D",
        url="javascript:alert(1)//\n<b>",
        checked_on="1.1.2026",
    )["text"]
    # Kept as text on one line (the widget links only http and https addresses).
    assert "javascript:alert(1)// <b>" in text


def test_a_line_whose_argument_is_empty_is_left_out(catalog: Catalog) -> None:
    arguments = {"actor": "Kela", "reason": "Why.", "url": "https://a.fi", "area": ""}
    for lang in catalog.languages:
        with_area = catalog.render("utter_where_to_go", lang, **{**arguments, "area": "Espoo"})
        without_area = catalog.render("utter_where_to_go", lang, **arguments)
        assert with_area["text"].count("\n") == without_area["text"].count("\n") + 1
        assert not without_area["text"].rstrip().endswith(":")
        assert "::" not in without_area["text"] and ": \n" not in without_area["text"]


def test_lines_of_the_locale_text_stay_lines(catalog: Catalog) -> None:
    text = catalog.render("utter_capabilities", "en")["text"]
    lines = text.split("\n")
    assert len(lines) > 3
    assert not any(line.endswith(" ") for line in lines)


def test_unknown_language_falls_back_to_english(catalog: Catalog) -> None:
    english = catalog.render("utter_greet", "en")
    assert catalog.render("utter_greet", "xx") == english
    assert catalog.render("utter_greet", None) == english
    assert catalog.render("utter_greet", "") == english


def test_a_regional_language_tag_means_the_language(catalog: Catalog) -> None:
    assert catalog.render("utter_greet", "sv-FI") == catalog.render("utter_greet", "sv")
    assert catalog.language("FI") == "fi"


def test_an_unknown_key_raises_key_error(catalog: Catalog) -> None:
    with pytest.raises(KeyError):
        catalog.render("utter_no_such_thing", "fi")


def test_a_missing_argument_names_the_argument(catalog: Catalog) -> None:
    with pytest.raises(MissingArgument) as raised:
        catalog.render("utter_where_to_go", "fi", actor="A", reason="B", url="https://a.fi")
    assert raised.value.name == "area"
    assert "area" in str(raised.value)


def test_extra_arguments_are_ignored(catalog: Catalog) -> None:
    plain = catalog.render("utter_greet", "fi")
    assert catalog.render("utter_greet", "fi", language="fi", municipality="Oulu") == plain


@pytest.mark.parametrize(
    "value",
    [
        "x" * 100_000,
        "\udcff\udc80 binary",
        "\x00\x01\x02",
        None,
        42,
        "\u202eevil\u202c",
        "' OR 1=1; --",
    ],
)
def test_bad_arguments_never_crash_and_stay_a_short_line(catalog: Catalog, value: object) -> None:
    text = catalog.render("utter_unknown_municipality_no_suggestions", "sv", place=value)["text"]
    text.encode("utf-8")  # must be sendable
    assert len(text) < 1000
    assert "\x00" not in text and "\u202e" not in text


# No facts in locale text -------------------------------------------------------------------

FACT_PATTERNS = {
    "digit": re.compile(r"\d"),
    "web address": re.compile(r"https?://|www\.|\b[\w-]+\.(fi|se|com|org|net|eu)\b", re.I),
    "email address": re.compile(r"@"),
}


# The age limit is part of the question itself, not a contact detail that could go stale.
MAY_HOLD_DIGITS = {"utter_ask_minor"}


def test_locale_text_states_no_numbers_links_or_addresses(catalog: Catalog) -> None:
    found = [
        (lang, key, kind)
        for lang, key, text in all_texts(catalog)
        for kind, pattern in FACT_PATTERNS.items()
        if pattern.search(text) and not (kind == "digit" and key in MAY_HOLD_DIGITS)
    ]
    assert found == []


# Loading -----------------------------------------------------------------------------------


def test_supported_languages_are_the_locale_files_present(catalog: Catalog) -> None:
    files = sorted(path.stem for path in (ROOT / "locales").glob("*.yml"))
    assert list(SUPPORTED_LANGUAGES) == files == list(catalog.languages)


def test_a_new_language_is_a_file_not_code(tmp_path: Path) -> None:
    for lang in ("en", "fi"):
        source = ROOT / "locales" / f"{lang}.yml"
        (tmp_path / f"{lang}.yml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "et.yml").write_text('utter_greet: "Tere! Mina olen Opas."\n', encoding="utf-8")
    catalog = load_catalog(tmp_path)
    assert catalog.languages == ("en", "et", "fi")
    assert catalog.render("utter_greet", "et")["text"] == "Tere! Mina olen Opas."
    # A key the new language lacks is still answered, in English.
    assert catalog.render("utter_goodbye", "et") == catalog.render("utter_goodbye", "en")


def test_an_unquoted_yaml_no_as_a_button_title_is_reported(tmp_path: Path) -> None:
    (tmp_path / "en.yml").write_text(
        "utter_ask:\n  text: Sure?\n  buttons:\n    - title: No\n      payload: /deny\n"
    )
    with pytest.raises(LocaleError, match=r"en\.yml: 'utter_ask'"):
        load_catalog(tmp_path)


@pytest.mark.parametrize("text", ["Hei {0}", "Hei {name.upper}", "Hei {", "Hei {}"])
def test_a_placeholder_that_is_not_a_plain_name_is_reported(tmp_path: Path, text: str) -> None:
    (tmp_path / "en.yml").write_text(yaml.safe_dump({"utter_greet": text}), encoding="utf-8")
    with pytest.raises(LocaleError, match="utter_greet"):
        load_catalog(tmp_path)


def test_without_an_english_file_loading_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "fi.yml").write_text('utter_greet: "Hei"\n', encoding="utf-8")
    with pytest.raises(LocaleError):
        load_catalog(tmp_path)


def test_importing_the_package_reads_no_file() -> None:
    # SUPPORTED_LANGUAGES is computed on first use, not at import.
    assert "SUPPORTED_LANGUAGES" not in vars(locales)
