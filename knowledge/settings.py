"""Settings of the knowledge base, read from the environment into a frozen dataclass."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# Resolved from this file, not the cwd, so every tool finds the same database.
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_PATH = REPO_ROOT / "var" / "opas.db"
DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Settings:
    """Where the knowledge base lives."""

    database_url: str = f"sqlite:///{DEFAULT_DATABASE_PATH}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read DATABASE_URL (if set and not blank); otherwise SQLite under var/."""
        env = os.environ if environ is None else environ
        url = env.get("DATABASE_URL", "").strip()
        return cls(database_url=url) if url else cls()
