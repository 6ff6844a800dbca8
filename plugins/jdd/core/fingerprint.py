"""A fingerprint of the checker's own code, for cache keys of values that code computes."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_CORE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Return a hash of every Python file of `jdd.core`, the code that produces findings."""
    digest = hashlib.sha256()
    for path in sorted(_CORE.rglob("*.py")):
        digest.update(path.relative_to(_CORE).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()
