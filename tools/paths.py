"""Where things are in a checkout; every tool resolves paths from here, not from the cwd."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
MODELS = VAR / "models"
BUILD = VAR / "build"
LOGS = VAR / "log"
GAZETTEER = BUILD / "gazetteer.json"
ENGINE_PYTHON = ROOT / ".venv-engine" / "bin" / "python"
APP_PYTHON = ROOT / ".venv" / "bin" / "python"
