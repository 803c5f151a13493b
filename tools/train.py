"""Train the Rasa model only when something it is built from has changed.

The model's name carries a fingerprint of its inputs (pipeline, domain, training data, the
gazetteer built from the knowledge base, the engine's own components and pinned packages), so
"is there a model for these inputs?" is a file check.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tools.paths import ENGINE_PYTHON, GAZETTEER, MODELS, ROOT

INPUTS = ("config.yml", "bot/domain", "bot/data", "bot/nlu", "requirements/engine.txt")


def _input_files() -> list[Path]:
    files: list[Path] = [GAZETTEER]
    for name in INPUTS:
        path = ROOT / name
        if path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        else:
            files.append(path)
    return sorted(files)


def fingerprint() -> str:
    """A short hash of every training input's path and content."""
    digest = hashlib.sha256()
    for path in _input_files():
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def model_path() -> Path:
    """The model that matches the current inputs (it may not exist yet)."""
    return MODELS / f"opas-{fingerprint()}.tar.gz"


def engine_env() -> dict[str, str]:
    """Environment for engine processes: our components import from the checkout."""
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def train(force: bool = False) -> Path:
    """Train into var/models unless a model for these inputs exists; return its path."""
    if not GAZETTEER.exists():
        sys.exit(f"{GAZETTEER} is missing: run `python -m knowledge gazetteer` first")
    target = model_path()
    if target.exists() and not force:
        print(f"Model is up to date: {target.relative_to(ROOT)}")
        return target
    MODELS.mkdir(parents=True, exist_ok=True)
    command = [
        str(ENGINE_PYTHON), "-m", "rasa", "train",
        "--config", "config.yml", "--domain", "bot/domain", "--data", "bot/data",
        "--out", str(MODELS), "--fixed-model-name", target.name.removesuffix(".tar.gz"),
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=engine_env(), check=True)
    for old in MODELS.glob("opas-*.tar.gz"):
        if old != target:
            old.unlink()
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--force", action="store_true", help="train even if a model exists")
    parser.add_argument("--print-path", action="store_true", help="print the model path only")
    args = parser.parse_args()
    if args.print_path:
        print(model_path())
        return
    train(force=args.force)


if __name__ == "__main__":
    main()
