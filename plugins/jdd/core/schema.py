"""The JSON Schema of the cover's front matter, shipped in the package.

The same file is what editors use for completion, so the checker and the
editor can never disagree about which keys exist.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from jsonschema import Draft202012Validator, FormatChecker

COVER_SCHEMA = "jdd-cover.schema.json"


def schema_text(name: str = COVER_SCHEMA) -> str:
    return resources.files("jdd").joinpath("schemas", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def cover_validator() -> Draft202012Validator:
    schema = json.loads(schema_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())
