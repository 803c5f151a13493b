"""`python -m web.advisers create-user`: the password from stdin, no default accounts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from knowledge.advisers import Adviser
from knowledge.db import create_engine_for, create_schema, session_scope
from tools.paths import ROOT


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    # The knowledge base knows the organisations; the CLI checks --org against it.
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'opas.db'}"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "-m", "knowledge", "load"], cwd=ROOT, env=env, check=True,
                   capture_output=True)  # fmt: skip
    return url


def create_user(database_url: str, *args: str, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "web.advisers", "create-user", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        input=password + "\n",
        capture_output=True,
        text=True,
    )


def stored(database_url: str, name: str) -> Adviser | None:
    with session_scope(create_engine_for(database_url)) as session:
        return session.scalars(select(Adviser).where(Adviser.username == name)).first()


def test_an_adviser_is_created_with_the_password_from_stdin(database_url):
    done = create_user(database_url, "maria", "--org", "helsinki", password="a long passphrase")
    assert done.returncode == 0, done.stderr
    assert "a long passphrase" not in done.stdout + done.stderr
    adviser = stored(database_url, "maria")
    assert adviser is not None
    assert (adviser.organisation, adviser.is_admin) == ("helsinki", False)
    assert adviser.password_hash.startswith("$argon2id$")


def test_an_admin_for_the_national_queue(database_url):
    done = create_user(database_url, "root-admin", "--org", "national", "--admin",
                       password="another long one")  # fmt: skip
    assert done.returncode == 0, done.stderr
    adviser = stored(database_url, "root-admin")
    assert adviser is not None and adviser.is_admin


@pytest.mark.parametrize(
    ("args", "password", "complaint"),
    [
        (("x1", "--org", "atlantis"), "a long passphrase", "unknown organisation"),
        (("x2", "--org", "helsinki"), "short", "at least 12"),
        (("bad name!", "--org", "helsinki"), "a long passphrase", "username"),
    ],
)
def test_bad_accounts_are_refused_with_a_reason(database_url, args, password, complaint):
    done = create_user(database_url, *args, password=password)
    assert done.returncode == 2
    assert complaint in done.stderr
    assert stored(database_url, args[0]) is None


def test_a_taken_username_is_refused(database_url):
    create_user(database_url, "dup", "--org", "oulu", password="a long passphrase")
    again = create_user(database_url, "dup", "--org", "oulu", password="a long passphrase")
    assert again.returncode == 2 and "taken" in again.stderr


def test_there_are_no_default_accounts(tmp_path: Path):
    engine = create_engine_for(f"sqlite:///{tmp_path / 'fresh.db'}")
    create_schema(engine)
    with session_scope(engine) as session:
        assert session.scalars(select(Adviser)).all() == []
