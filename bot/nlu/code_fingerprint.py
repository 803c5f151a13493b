"""A fingerprint of the NLU components' own code, for Rasa's training cache.

Rasa restores a trained component from its cache when the component's config and training data
are unchanged; it does not look at the code. Without this, a change to how the gazetteer builds
its index or how a classifier stores its weights kept the old trained component in a new model.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

NLU_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def nlu_code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(NLU_DIR.glob("*.py")) + sorted(NLU_DIR.glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
