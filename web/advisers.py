"""`python -m web.advisers create-user NAME --org ORG [--admin]`: an adviser account.

The password is read from standard input (one line), never from the command line, where
other users of the machine could see it in the process list. There are no default accounts.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from knowledge.advisers import Adviser
from knowledge.db import create_engine_for, create_schema, session_scope
from knowledge.handoffs import NATIONAL_QUEUE, now_utc
from knowledge.models import Actor, Area
from knowledge.settings import Settings
from web.auth import MIN_PASSWORD_LENGTH, audit, hash_password

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,79}$")


class AccountError(ValueError):
    """The account cannot be created as asked."""


def known_organisations(session: Session) -> set[str]:
    """Queues an adviser can serve: the national queue and every organisation in the base."""
    keys = set(session.scalars(select(Actor.key))) | set(session.scalars(select(Area.key)))
    return keys | {NATIONAL_QUEUE}


def create_user(
    session: Session, username: str, organisation: str, password: str, *, admin: bool
) -> Adviser:
    if not USERNAME.match(username):
        raise AccountError(
            "a username is 1-80 letters, digits, dots, hyphens, underscores or @, "
            "starting with a letter or digit"
        )
    if organisation not in known_organisations(session):
        raise AccountError(
            f"unknown organisation {organisation!r}: use a key from the knowledge base "
            f"(a municipality such as 'helsinki', an employment area, an actor) or "
            f"'{NATIONAL_QUEUE}'"
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalars(select(Adviser).where(Adviser.username == username)).first():
        raise AccountError(f"the username {username!r} is taken")
    adviser = Adviser(
        username=username,
        organisation=organisation,
        is_admin=admin,
        password_hash=hash_password(password),
        failed_logins=0,
        created_at=now_utc(),
    )
    session.add(adviser)
    session.flush()
    audit(session, "account_created", adviser_id=adviser.id, detail=f"org={organisation}")
    return adviser


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.advisers", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-user", help="create an adviser; password on stdin")
    create.add_argument("name")
    create.add_argument("--org", required=True, help="the organisation whose queue they serve")
    create.add_argument("--admin", action="store_true", help="may see every queue")
    args = parser.parse_args(argv)

    line = sys.stdin.readline()
    password = line[:-1] if line.endswith("\n") else line
    engine = create_engine_for(Settings.from_env().database_url)
    create_schema(engine)
    try:
        with session_scope(engine) as session:
            create_user(session, args.name, args.org, password, admin=args.admin)
    except AccountError as error:
        print(f"create-user: {error}", file=sys.stderr)
        return 2
    role = "admin" if args.admin else "adviser"
    print(f"Created {role} {args.name!r} for the queue of {args.org!r}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
