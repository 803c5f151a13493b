"""The knowledge CLI: load, check, where-to-go, who-is-responsible, export, gazetteer,
import-reference."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from knowledge import export, queries
from knowledge.clock import today_in_finland
from knowledge.datafiles import DataFilesInvalid
from knowledge.db import create_engine_for, create_schema, session_scope
from knowledge.loader import check_data, load
from knowledge.settings import DATA_DIR, REPO_ROOT, Settings


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _yes_no(text: str) -> bool:
    if text.lower() in ("yes", "y", "true"):
        return True
    if text.lower() in ("no", "n", "false"):
        return False
    raise argparse.ArgumentTypeError("answer yes or no")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = main.add_subparsers(dest="command", required=True)
    for name, text in (
        ("load", "check the YAML and load it into the database"),
        ("check", "check the YAML without loading it"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--data", type=Path, default=DATA_DIR, help="data directory")
    where = commands.add_parser("where-to-go", help="where to go for a topic")
    where.add_argument("--topic", required=True)
    where.add_argument("--municipality")
    where.add_argument("--jobseeker", type=_yes_no, help="registered as a jobseeker: yes or no")
    where.add_argument("--under-18", dest="minor", type=_yes_no, help="yes or no")
    where.add_argument(
        "--protection", type=_yes_no, help="granted international protection: yes or no"
    )
    who = commands.add_parser("who-is-responsible", help="who is responsible for a duty")
    who.add_argument("--duty", required=True)
    who.add_argument("--municipality")
    for command in (where, who):
        command.add_argument("--date", type=_date, default=None, help="YYYY-MM-DD, default today")
        command.add_argument("--lang", default="en", choices=("fi", "sv", "en"))
    exporter = commands.add_parser("export", help="write the whole base as JSON or CSV")
    exporter.add_argument("--format", choices=("json", "csv"), default="json")
    exporter.add_argument("--table", choices=export.TABLES, help="the table (CSV needs one)")
    exporter.add_argument("--date", type=_date, default=None, help="YYYY-MM-DD, default today")
    gazetteer = commands.add_parser("gazetteer", help="write the municipality names the NLU reads")
    gazetteer.add_argument(
        "--output", type=Path, default=REPO_ROOT / "var" / "build" / "gazetteer.json"
    )
    reference = commands.add_parser(
        "import-reference", help="regenerate area/directory YAML from reference data"
    )
    reference.add_argument("--reference", type=Path, default=None)
    return main


def _print_answer(answer: queries.Answer) -> None:
    for referral in answer.referrals:
        area = f" ({referral.area_name})" if referral.area_name else ""
        print(f"{referral.actor_name}{area}\n  {referral.reason}\n  {referral.url}")
        print(f"  source: {referral.source_url} (checked {referral.checked_on.isoformat()})")
    if answer.notice:
        print(f"note: {answer.notice}")
    for entry in answer.directory:
        print(f"- {entry.name}: {entry.description}")
        if entry.url:
            print(f"  {entry.url}")
        print(f"  source: {entry.source_url} (checked {entry.checked_on.isoformat()})")


def _export(engine: Engine, args: argparse.Namespace) -> int:
    if args.format == "csv" and not args.table:
        print("--format csv writes one table: give --table", file=sys.stderr)
        return 2
    tables = [args.table] if args.table else list(export.TABLES)
    with session_scope(engine) as session:
        content = export.export(session, args.date or today_in_finland(), tables)
    if args.format == "json":
        export.write_json(content, sys.stdout)
    else:
        export.write_csv(content[args.table], sys.stdout)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "import-reference":
        from knowledge import importer

        for path in importer.write(args.reference or importer.REFERENCE_DIR):
            print(f"wrote {path}")
        return 0
    if args.command in ("check", "load"):
        try:
            if args.command == "check":
                dataset = check_data(args.data, on=(today_in_finland(),))
                total = sum(len(records) for records in dataset.sections.values())
                print(f"{args.data}: {total} records, no problems")
                return 0
            engine = create_engine_for(Settings.from_env().database_url)
            create_schema(engine)
            report = load(engine, args.data)
        except DataFilesInvalid as invalid:
            for error in invalid.errors:
                print(error, file=sys.stderr)
            print(f"{len(invalid.errors)} problem(s); nothing was loaded", file=sys.stderr)
            return 1
        print(
            f"loaded: {report.inserted} inserted, {report.updated} updated, "
            f"{report.deleted} removed"
        )
        return 0

    engine = create_engine_for(Settings.from_env().database_url)
    if args.command == "export":
        return _export(engine, args)
    if args.command == "gazetteer":
        with session_scope(engine) as session:
            content = queries.gazetteer(session)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(
            json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"wrote {args.output} ({len(content['municipalities'])} municipalities)")
        return 0
    on = args.date or today_in_finland()
    try:
        with session_scope(engine) as session:
            if args.command == "where-to-go":
                answer = queries.where_to_go(
                    session,
                    args.topic,
                    municipality=args.municipality,
                    on=on,
                    lang=args.lang,
                    jobseeker=args.jobseeker,
                    minor=args.minor,
                    protection=args.protection,
                )
            else:
                answer = queries.who_is_responsible(
                    session, args.duty, municipality=args.municipality, on=on, lang=args.lang
                )
            _print_answer(answer)
    except queries.DetailNeeded as needed:
        flag = {"jobseeker": "--jobseeker", "minor": "--under-18", "protection": "--protection"}
        print(
            f"The answer depends on who asks: give {flag[needed.detail]} yes or no.",
            file=sys.stderr,
        )
        return 2
    except queries.MunicipalityNeeded:
        print("The answer is local: give --municipality.", file=sys.stderr)
        return 2
    except queries.UnknownMunicipality as error:
        suggestion = f" Did you mean: {', '.join(error.suggestions)}?" if error.suggestions else ""
        print(f"Unknown municipality {error.text!r}.{suggestion}", file=sys.stderr)
        return 1
    except queries.KnowledgeError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
