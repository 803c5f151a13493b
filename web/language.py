"""Which language a page is shown in: the one asked for, else the browser's, else the default."""

from __future__ import annotations

from collections.abc import Collection, Iterator

from aiohttp import web

from locales import DEFAULT_LANGUAGE

# Finland's two official languages first in the chooser, then the rest by code.
PREFERRED_ORDER = ("fi", "sv", "en")
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he", "ku", "ps", "ur"})
# An Accept-Language header longer than this is read only this far.
_MAX_HEADER_ITEMS = 32


def primary_subtag(tag: str) -> str:
    """`sv-FI` and `SV` both mean `sv`."""
    return tag.strip().replace("_", "-").split("-", 1)[0].lower()


def accepted_languages(header: str) -> Iterator[str]:
    """Primary subtags from an Accept-Language header, most preferred first."""
    weighted: list[tuple[float, int, str]] = []
    for position, item in enumerate(header.split(",")[:_MAX_HEADER_ITEMS]):
        tag, _, parameters = item.partition(";")
        weight = 1.0
        for parameter in parameters.split(";"):
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        code = primary_subtag(tag)
        if code and code != "*" and weight > 0:
            weighted.append((-weight, position, code))
    for _, _, code in sorted(weighted):
        yield code


def choose_language(request: web.Request, languages: Collection[str]) -> str:
    """`?lang=` when Opas speaks it, else the browser's preference, else the default."""
    asked = primary_subtag(request.query.get("lang", ""))
    if asked in languages:
        return asked
    for code in accepted_languages(request.headers.get("Accept-Language", "")):
        if code in languages:
            return code
    return DEFAULT_LANGUAGE


def chooser_order(languages: Collection[str]) -> list[str]:
    """The languages in the order the chooser lists them."""
    return sorted(
        languages,
        key=lambda code: (
            PREFERRED_ORDER.index(code) if code in PREFERRED_ORDER else len(PREFERRED_ORDER),
            code,
        ),
    )


def text_direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"
