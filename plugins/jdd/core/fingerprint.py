"""A fingerprint of the checker's own code, for cache keys of values that code computes."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

_CORE = Path(__file__).resolve().parent
#: The files hashed: the Python code of `jdd.core`, and the JSON schemas the rules validate the cover against.
_SOURCES = ((_CORE, "*.py"), (_CORE.parent / "schemas", "*.json"))
#: The distributions that parse pages and validate front matter; a new version may report differently.
_LIBRARIES = ("markdown-it-py", "PyYAML", "jsonschema")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Return a hash of the code that produces findings.

    It covers every Python file of `jdd.core`, the schemas in `jdd/schemas`
    and the installed versions of the libraries in `_LIBRARIES`.
    """
    digest = hashlib.sha256()
    for root, pattern in _SOURCES:
        for path in sorted(root.rglob(pattern)):
            digest.update(f"{root.name}/{path.relative_to(root).as_posix()}".encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}\0{_version(name)}\0".encode("utf-8"))
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"
