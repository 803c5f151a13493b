"""Read knowledge/data/*.yml with line numbers and check every record before anything is loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from knowledge.models import AGES, AREA_KINDS, AUDIENCES, LEVELS, ORGANISER_TYPES, PROTECTIONS


@dataclass(frozen=True)
class DataError:
    """One problem in a data file, where it is and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


class DataFilesInvalid(Exception):
    """The data files have problems; nothing may be loaded from them."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


class Record(dict[str, Any]):
    """A YAML mapping that remembers its file and line."""

    file: str = "?"
    line: int = 0


class _DuplicateKey(yaml.MarkedYAMLError):
    pass


class _LineLoader(yaml.SafeLoader):
    """A safe loader whose mappings are Records with their line, rejecting repeated keys."""


def _construct_record(loader: _LineLoader, node: yaml.MappingNode) -> Record:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise _DuplicateKey(
                problem=f"the field {key!r} appears twice", problem_mark=key_node.start_mark
            )
        seen.add(key)
    record = Record({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    record.line = node.start_mark.line + 1
    return record


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_record)


# ISO 639-1 codes a place name may be tagged with (the languages Opas speaks or may speak).
LANGUAGE_CODES = (
    "fi",
    "sv",
    "en",
    "ru",
    "uk",
    "et",
    "ar",
    "fa",
    "so",
    "tr",
    "fr",
    "es",
    "zh",
    "ku",
    "ti",
    "vi",
    "th",
    "sq",
)

# --- field types --------------------------------------------------------------------------

Check = Callable[[Any], str | None]


def text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty text"
    return None


def https_url(value: Any) -> str | None:
    if not isinstance(value, str):
        return "must be an https URL"
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or " " in value:
        return f"must be an https URL, not {value!r}"
    return None


def web_url(value: Any) -> str | None:
    if not isinstance(value, str) or urlsplit(value).scheme not in ("http", "https"):
        return f"must be an http(s) URL, not {value!r}"
    return None


def a_date(value: Any) -> str | None:
    return None if isinstance(value, date) else "must be a date (YYYY-MM-DD)"


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def integer(value: Any) -> str | None:
    return None if isinstance(value, int) and not isinstance(value, bool) else "must be a number"


def text_list(value: Any) -> str | None:
    if not isinstance(value, list) or any(text(item) for item in value):
        return "must be a list of texts"
    return None


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


def digits(value: Any) -> str | None:
    if not isinstance(value, str) or not value.isdigit():
        return "must be a quoted string of digits"
    return None


def records(value: Any) -> str | None:
    return None if isinstance(value, list) else "must be a list of mappings"


# Field -> (check, required). "names" means name_fi, name_sv and name_en, all required.
Schema = dict[str, tuple[Check, bool]]

TRANSLATED_NAMES: Schema = {f"name_{lang}": (text, True) for lang in ("fi", "sv", "en")}
TRANSLATED_DESCRIPTIONS: Schema = {
    f"description_{lang}": (text, True) for lang in ("fi", "sv", "en")
}
VALIDITY: Schema = {"valid_from": (a_date, False), "valid_to": (a_date, False)}

SCHEMAS: dict[str, Schema] = {
    "sources": {
        "key": (text, True),
        "url": (web_url, True),
        "title": (text, True),
        "checked_on": (a_date, True),
        "note": (text, False),
    },
    "actors": {
        "key": (text, True),
        "kind": (text, True),
        **TRANSLATED_NAMES,
        **TRANSLATED_DESCRIPTIONS,
        "website": (https_url, True),
        "website_note": (text, False),
        **VALIDITY,
        "source": (text, True),
        "note": (text, False),
    },
    "areas": {
        "key": (text, True),
        "kind": (one_of(*AREA_KINDS[1:]), True),
        **TRANSLATED_NAMES,
        # An area defined as whole regions (municipalities.yml `region`) lists them here instead
        # of a membership on every municipality.
        "regions": (text_list, False),
        "organiser": (text, False),
        "organiser_type": (one_of(*ORGANISER_TYPES), False),
        "website": (https_url, False),
        "website_note": (text, False),
        **VALIDITY,
        "confirmed": (boolean, False),
        "source": (text, True),
        "note": (text, False),
    },
    "municipalities": {
        "key": (text, True),
        "code": (digits, True),
        **TRANSLATED_NAMES,
        "other_names": (text_list, False),
        "region": (text, True),
        "in_aland": (boolean, True),
        "website": (https_url, False),
        "website_note": (text, False),
        "source": (text, True),
        "note": (text, False),
        "memberships": (records, False),
    },
    "memberships": {
        "area": (text, True),
        **VALIDITY,
        "confirmed": (boolean, False),
        "source": (text, True),
        "note": (text, False),
    },
    "topics": {
        "key": (text, True),
        **TRANSLATED_NAMES,
        "directory_categories": (lambda v: None if v == [] else text_list(v), True),
    },
    "duties": {"key": (text, True), **TRANSLATED_NAMES, **TRANSLATED_DESCRIPTIONS},
    "notices": {
        "key": (text, True),
        "changed_on": (a_date, True),
        "show_until": (a_date, True),
        **{f"text_{lang}": (text, True) for lang in ("fi", "sv", "en")},
        "source": (text, True),
    },
    "responsibilities": {
        "key": (text, True),
        "topic": (text, False),
        "duty": (text, False),
        "actor": (text, True),
        "audience": (one_of(*AUDIENCES), True),
        "age": (one_of(*AGES), False),
        "protection": (one_of(*PROTECTIONS), False),
        "level": (one_of(*LEVELS), True),
        "rank": (integer, False),
        **VALIDITY,
        **{f"reason_{lang}": (text, True) for lang in ("fi", "sv", "en")},
        "notice": (text, False),
        "source": (text, True),
    },
    "place_names": {
        "municipality": (text, True),
        "lang": (one_of(*LANGUAGE_CODES), True),
        "name": (text, True),
        "seen_at": (web_url, False),
    },
    "directory": {
        "key": (text, True),
        "municipality": (text, True),
        "category": (text, True),
        "organisation_type": (text, True),
        "name": (text, True),
        "name_en": (text, False),
        **TRANSLATED_DESCRIPTIONS,
        "languages": (lambda v: None if v == [] else text_list(v), False),
        "website": (https_url, False),
        "confirmed": (boolean, True),
        "note": (text, False),
        "source": (text, True),
        "checked_on": (a_date, True),
    },
}
SECTIONS = tuple(name for name in SCHEMAS if name != "memberships")


@dataclass
class Dataset:
    """Every record of every section, each remembering where it was written."""

    sections: dict[str, list[Record]] = field(default_factory=lambda: {s: [] for s in SECTIONS})
    # Texts in the languages beyond fi/sv/en (knowledge.translations.TranslatedText).
    translations: list[Any] = field(default_factory=list)

    def keyed(self, section: str) -> dict[str, Record]:
        return {str(record["key"]): record for record in self.sections[section] if "key" in record}

    def memberships(self) -> Iterator[tuple[Record, dict[str, Any]]]:
        """Each (municipality, membership): those written on it, and those of region areas."""
        by_region: dict[str, list[Record]] = {}
        for municipality in self.sections["municipalities"]:
            by_region.setdefault(str(municipality.get("region")), []).append(municipality)
            for membership in municipality.get("memberships") or []:
                yield municipality, membership
        for area in self.sections["areas"]:
            for region in area.get("regions") or []:
                for municipality in by_region.get(region, []):
                    yield (
                        municipality,
                        {
                            "area": area["key"],
                            "valid_from": area.get("valid_from"),
                            "valid_to": area.get("valid_to"),
                            "confirmed": area.get("confirmed", True),
                            "source": area["source"],
                            "note": f"The area covers the region {region}.",
                        },
                    )


def read_data_dir(directory: Path) -> tuple[Dataset, list[DataError]]:
    """Parse every *.yml file of a directory (sorted) into one dataset, with the problems found."""
    dataset, errors = Dataset(), []
    files = sorted(directory.glob("*.yml"))
    if not files:
        errors.append(DataError(str(directory), 0, "no .yml data files here"))
    for path in files:
        errors.extend(_read_file(path, dataset))
    return dataset, errors


def parse_file(path: Path, name: str) -> tuple[Any, list[DataError]]:
    """A YAML file's content with a line on every mapping, or why it cannot be read."""
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        return None, [DataError(name, line, f"not valid YAML: {error.problem or error}")]
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return None, [DataError(name, 0, f"not valid YAML: {error}")]
    return document, []


def _read_file(path: Path, dataset: Dataset) -> list[DataError]:
    name = path.name
    document, problems = parse_file(path, name)
    if problems or document is None:
        return problems
    if not isinstance(document, Record):
        return [DataError(name, 1, "a data file must be a mapping of sections to lists")]
    errors = []
    for section, items in document.items():
        if section not in SECTIONS:
            errors.append(DataError(name, document.line, f"unknown section {section!r}"))
            continue
        if not isinstance(items, list):
            errors.append(DataError(name, document.line, f"section {section!r} must be a list"))
            continue
        for item in items:
            if not isinstance(item, Record):
                errors.append(
                    DataError(name, document.line, f"{section}: every entry must be a mapping")
                )
                continue
            item.file = name
            dataset.sections[section].append(item)
    return errors


def schema_errors(record: Record, section: str) -> Iterable[DataError]:
    schema = SCHEMAS[section]
    for field_name in record:
        if field_name not in schema:
            yield DataError(record.file, record.line, f"{section}: unknown field {field_name!r}")
    for field_name, (check, required) in schema.items():
        value = record.get(field_name)
        if value is None:
            if required:
                yield DataError(record.file, record.line, f"{section}: missing {field_name!r}")
            continue
        problem = check(value)
        if problem:
            yield DataError(record.file, record.line, f"{section}: {field_name!r} {problem}")
    start, end = record.get("valid_from"), record.get("valid_to")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        yield DataError(record.file, record.line, f"{section}: valid_to is before valid_from")
