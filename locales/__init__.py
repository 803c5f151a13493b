"""Every sentence Opas shows, one YAML file per language, and the code that renders them.

A locale file (`locales/<lang>.yml`) is a flat mapping from key to entry; an entry is a string
or a mapping with `text` and optional `buttons` (`[{title, payload}]`). Texts use `str.format`
named fields. Every message is plain text, in every channel: the widget shows it as text and
links bare web addresses, Telegram gets it without a parse mode. Arguments may come from the
user, so `render` keeps each one to a single short line.

A line of locale text whose placeholders are all empty is left out, so optional facts (an area,
a web address) need no second wording: `"Area served: {area}"` disappears when `area` is "".
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NotRequired, TypedDict

import yaml

__all__ = [
    "DEFAULT_LANGUAGE",
    "ENGLISH_ONLY",
    "LOCALES_DIRECTORY",
    "SUPPORTED_LANGUAGES",
    "Button",
    "Catalog",
    "LocaleError",
    "MissingArgument",
    "Rendered",
    "escape_text",
    "load_catalog",
]

DEFAULT_LANGUAGE = "en"
# Said before Opas knows a language the user reads, so only ever in English.
ENGLISH_ONLY = frozenset({"utter_unsupported_language"})
LOCALES_DIRECTORY = Path(__file__).resolve().parent

# Filled on first access by __getattr__ below: listing the directory is work, and nothing
# happens at import.
SUPPORTED_LANGUAGES: tuple[str, ...]

# Arguments holding a web address stay clickable; everything else is plain text.
URL_ARGUMENTS = frozenset({"url", "source_url"})

# A place name or a description, not a document: longer arguments are cut so that a huge
# message echoed back ("I don't know a municipality called ...") stays a chat bubble.
MAX_ARGUMENT_LENGTH = 500

_LANGUAGE_FILE = re.compile(r"^[a-z]{2,3}$")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\{}|^]+$", re.IGNORECASE)
# Bidirectional overrides can make text read differently from what it is.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_WHITESPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


class LocaleError(ValueError):
    """A locale file is missing or does not have the expected shape."""


class MissingArgument(KeyError):
    """A placeholder in the locale text was not given a value."""

    def __init__(self, key: str, lang: str, name: str) -> None:
        super().__init__(f"response {key!r} in {lang!r} needs the argument {name!r}")
        self.key = key
        self.lang = lang
        self.name = name

    def __str__(self) -> str:
        return str(self.args[0])


class Button(TypedDict):
    """A quick reply: the title the user sees and the payload Rasa receives."""

    title: str
    payload: str


class Rendered(TypedDict):
    """A bot message as Rasa's NLG protocol expects it."""

    text: str
    buttons: NotRequired[list[Button]]


@dataclass(frozen=True)
class Entry:
    """One response in one language."""

    text: str
    buttons: tuple[tuple[str, str], ...] = ()

    @property
    def placeholders(self) -> frozenset[str]:
        return placeholders_in(self.text)


def placeholders_in(text: str) -> frozenset[str]:
    """The named fields of a `str.format` template."""
    return frozenset(
        field for _, field, _, _ in string.Formatter().parse(text) if field is not None
    )


def escape_text(value: str) -> str:
    """User-supplied text as one short, plain line.

    Messages are plain text in every channel: the website widget draws them as text nodes and
    Telegram receives them without a parse mode, so markup in an argument is shown, never run.
    What is left to do is keep an argument from reshaping the message around it.
    """
    value = value.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from bad input
    value = "".join(
        " " if unicodedata.category(char) == "Cc" else char for char in value
    )  # a newline in a place name would break the message's own lines
    value = _WHITESPACE.sub(" ", _BIDI_CONTROLS.sub("", value)).strip()
    if len(value) > MAX_ARGUMENT_LENGTH:
        value = value[: MAX_ARGUMENT_LENGTH - 1].rstrip() + "…"
    return value


def _argument_text(name: str, value: object) -> str:
    text = "" if value is None else str(value)
    if name in URL_ARGUMENTS and _SAFE_URL.match(text.strip()):
        return text.strip()
    # Anything else in a URL argument (javascript:, markup) is shown as text, not as a link.
    return escape_text(text)


def _normalise_language(lang: str | None) -> str:
    # "sv-FI" and "SV" both mean Swedish.
    return re.split(r"[-_]", (lang or "").strip().lower(), maxsplit=1)[0]


class Catalog:
    """Every response in every language, loaded once."""

    def __init__(self, entries: Mapping[str, Mapping[str, Entry]]) -> None:
        if DEFAULT_LANGUAGE not in entries:
            raise LocaleError(f"the default language {DEFAULT_LANGUAGE!r} has no locale file")
        self._entries = {lang: dict(by_key) for lang, by_key in entries.items()}

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages with a locale file, sorted."""
        return tuple(sorted(self._entries))

    def language(self, lang: str | None) -> str:
        """The language a reply will be in: `lang` if Opas speaks it, else the default."""
        code = _normalise_language(lang)
        return code if code in self._entries else DEFAULT_LANGUAGE

    def keys(self, lang: str | None = None) -> frozenset[str]:
        """The keys of one language (the default language when none is given)."""
        return frozenset(self._entries[self.language(lang or DEFAULT_LANGUAGE)])

    def placeholders(self, key: str, lang: str | None = None) -> frozenset[str]:
        """The argument names the text of `key` needs in `lang`."""
        return self._entry(key, lang).placeholders

    def template(self, key: str, lang: str | None) -> str:
        """The text of `key` with its {placeholders} unfilled (the console's script fills them)."""
        return self._entry(key, lang).text

    def render(self, key: str, lang: str | None, **arguments: Any) -> Rendered:
        """The message for `key` in `lang`, with its arguments filled in."""
        entry = self._entry(key, lang)
        resolved = self.language(lang)
        values: dict[str, str] = {}
        for name in entry.placeholders:
            if name not in arguments:
                raise MissingArgument(key, resolved, name)
            values[name] = _argument_text(name, arguments[name])
        kept = [
            line
            for line in entry.text.split("\n")
            if not (fields := placeholders_in(line)) or any(values[name] for name in fields)
        ]
        text = _BLANK_LINES.sub("\n\n", "\n".join(kept)).format_map(values).strip()
        rendered: Rendered = {"text": text}
        if entry.buttons:
            rendered["buttons"] = [
                {"title": title, "payload": payload} for title, payload in entry.buttons
            ]
        return rendered

    def _entry(self, key: str, lang: str | None) -> Entry:
        own = self._entries[self.language(lang)]
        if key in own:
            return own[key]
        # A key a translation lacks is still answered, in the default language.
        try:
            return self._entries[DEFAULT_LANGUAGE][key]
        except KeyError:
            raise KeyError(key) from None


def _parse_entry(source: Path, key: object, raw: object) -> Entry:
    where = f"{source.name}: {key!r}"
    if not isinstance(key, str):
        raise LocaleError(f"{where}: keys must be text")
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict):
        raise LocaleError(f"{where}: an entry is a text or a mapping with 'text'")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LocaleError(f"{where}: 'text' must be non-empty text")
    buttons: list[tuple[str, str]] = []
    for button in raw.get("buttons") or []:
        title = button.get("title") if isinstance(button, dict) else None
        payload = button.get("payload") if isinstance(button, dict) else None
        # An unquoted `No` in YAML is False, not a title: catch it here, not in the chat.
        if not (isinstance(title, str) and title.strip() and isinstance(payload, str)):
            raise LocaleError(f"{where}: each button needs a text 'title' and 'payload'")
        buttons.append((title, payload))
    unknown = set(raw) - {"text", "buttons"}
    if unknown:
        raise LocaleError(f"{where}: unknown fields {sorted(unknown)}")
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field is not None]
    except ValueError as error:
        raise LocaleError(f"{where}: {error}") from None
    # Only plain names: `{0}` or `{actor.upper}` would fail or reach into the argument object.
    odd = [field for field in fields if not field.isidentifier()]
    if odd:
        raise LocaleError(f"{where}: placeholders must be plain names, not {odd}")
    return Entry(text=text.strip(), buttons=tuple(buttons))


def _language_files(directory: Path) -> dict[str, Path]:
    return {
        path.stem: path
        for path in sorted(directory.glob("*.yml"))
        if _LANGUAGE_FILE.match(path.stem)
    }


def load_catalog(directory: Path | str = LOCALES_DIRECTORY) -> Catalog:
    """Read every `<lang>.yml` in `directory` into a catalog."""
    entries: dict[str, dict[str, Entry]] = {}
    for lang, path in _language_files(Path(directory)).items():
        with path.open(encoding="utf-8") as stream:
            raw = yaml.safe_load(stream)
        if not isinstance(raw, dict):
            raise LocaleError(f"{path.name}: expected a mapping from key to entry")
        entries[lang] = {key: _parse_entry(path, key, value) for key, value in raw.items()}
    return Catalog(entries)


@cache
def _supported_languages() -> tuple[str, ...]:
    return tuple(_language_files(LOCALES_DIRECTORY))


def __getattr__(name: str) -> tuple[str, ...]:
    if name == "SUPPORTED_LANGUAGES":
        return _supported_languages()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
