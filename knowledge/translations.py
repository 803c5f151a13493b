"""Record texts in the languages beyond Finnish, Swedish and English.

knowledge/data/translations/<code>.yml holds, per section, record key and field, the text in
that language:

    topics:
      employment_services:
        name: Услуги занятости
    responsibilities:
      employment_services-employment_area:
        reason: ...

Official names stay in Finnish or Swedish inside the translation where that helps the user
find the office ("Kela (Управление социального страхования)"). A text missing in a language
falls back to English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.datafiles import DataError, Dataset, Record, parse_file, text

TRANSLATIONS_DIR = "translations"
# The languages with columns of their own in the records.
COLUMN_LANGUAGES = ("fi", "sv", "en")
# Which fields of which sections are translated.
TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "topics": ("name",),
    "duties": ("name", "description"),
    "actors": ("name", "description"),
    "responsibilities": ("reason",),
    "notices": ("text",),
    "areas": ("name",),
    "directory": ("description",),
}
LANGUAGE_CODE = re.compile(r"[a-z]{2}")


@dataclass(frozen=True)
class TranslatedText:
    kind: str
    key: str
    field: str
    lang: str
    text: str


def read_translations(
    data_dir: Path, dataset: Dataset
) -> tuple[list[TranslatedText], list[DataError]]:
    """Every translated text under data_dir/translations, checked against the records."""
    found: list[TranslatedText] = []
    errors: list[DataError] = []
    for path in sorted((data_dir / TRANSLATIONS_DIR).glob("*.yml")):
        name = f"{TRANSLATIONS_DIR}/{path.name}"
        lang = path.stem
        if not LANGUAGE_CODE.fullmatch(lang) or lang in COLUMN_LANGUAGES:
            errors.append(
                DataError(name, 0, "name a translation file by a language code other than fi/sv/en")
            )
            continue
        document, problems = parse_file(path, name)
        errors.extend(problems)
        if problems or document is None:
            continue
        if not isinstance(document, Record):
            errors.append(DataError(name, 1, "a translation file maps sections to records"))
            continue
        for section, records in document.items():
            found_here, problems = _section(name, lang, section, records, document, dataset)
            found.extend(found_here)
            errors.extend(problems)
    return found, errors


def _section(
    name: str, lang: str, section: str, records: object, document: Record, dataset: Dataset
) -> tuple[list[TranslatedText], list[DataError]]:
    if section not in TRANSLATABLE:
        return [], [DataError(name, document.line, f"{section!r} has no translatable texts")]
    if not isinstance(records, Record):
        return [], [DataError(name, document.line, f"{section}: map record keys to fields")]
    known = dataset.keyed(section)
    found, errors = [], []
    for key, fields in records.items():
        line = fields.line if isinstance(fields, Record) else records.line
        if key not in known:
            errors.append(DataError(name, line, f"{section}: no record with key {key!r}"))
            continue
        if not isinstance(fields, Record):
            errors.append(DataError(name, line, f"{section} {key}: map fields to texts"))
            continue
        for field_name, value in fields.items():
            if field_name not in TRANSLATABLE[section]:
                errors.append(
                    DataError(name, line, f"{section} {key}: {field_name!r} is not translated")
                )
            elif problem := text(value):
                errors.append(DataError(name, line, f"{section} {key}: {field_name} {problem}"))
            else:
                found.append(TranslatedText(section, str(key), field_name, lang, str(value)))
    return found, errors
