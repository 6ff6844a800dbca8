"""2xx rules: the cover's front matter, validated against the shipped JSON Schema."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from ..frontmatter import FrontMatter, describe_yaml_value
from ..loader import closest
from ..model import COVER_FILE, JDD_STATUSES
from ..schema import cover_validator
from . import RuleContext, rule

_DATE_FIELDS = {"opened", "renewal"}
_PAGE_KEYS = {"jdd_internal"}


@rule
def cover_front_matter(context: RuleContext) -> Iterator[Finding]:
    page = context.jdd.page(COVER_FILE)
    if page is None or not page.readable or not page.front.valid:
        return
    front = page.front
    if not front.present:
        yield context.finding(
            "JDD203", COVER_FILE, 1, 1,
            "the cover has no front matter; start index.md with a '---' block holding 'jdd:' and its keys "
            "(customer, title, status, product_manager, customer_success_manager, opened)",
        )
        return

    instance = _json_instance(front.data)
    for error in sorted(cover_validator().iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
        yield from _finding_for(context, front, error)


def _finding_for(context: RuleContext, front: FrontMatter, error) -> Iterator[Finding]:
    path = tuple(error.absolute_path)
    dotted = ".".join(str(part) for part in path)
    validator = error.validator

    if validator == "required":
        missing = error.message.split("'")[1]
        line, column = front.line_of(*path) if path else (1, 1)
        where = f"under '{dotted}:'" if path else "at the top of the front matter"
        hint = " (YYYY-MM-DD)" if missing in _DATE_FIELDS else ""
        name = f"{dotted}.{missing}" if path else missing
        yield context.finding("JDD203", COVER_FILE, line, column,
                              f"required key '{name}' is missing; add '{missing}:{hint}' {where}")
        return

    if validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in _extra_keys(error):
            line, column = front.line_of(*path, key)
            guess = closest(key, allowed)
            if guess:
                message = f"unknown key '{dotted}.{key}'; did you mean '{guess}'?"
            else:
                message = (f"unknown key '{dotted}.{key}'; the known keys are {', '.join(allowed)}, "
                           "and free-form notes go under 'jdd.internal'")
            yield context.finding("JDD204", COVER_FILE, line, column, message)
        return

    location = front.location(*path)
    line, column = (location.value_line, location.value_column) if location else front.line_of(*path)
    raw = location.raw if location else ""
    value = _value_at(front.data, path)
    key = str(path[-1]) if path else ""

    if key in _DATE_FIELDS:
        yield context.finding("JDD205", COVER_FILE, line, column, _date_message(dotted, raw, value))
        return

    if validator == "enum" and key == "status":
        guess = closest(str(value), JDD_STATUSES, cutoff=0.4)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        yield context.finding("JDD206", COVER_FILE, line, column,
                              f"status '{raw or value}' is not valid{hint}; use one of: {', '.join(JDD_STATUSES)}")
        return

    if validator == "type":
        if value is not None and raw and not isinstance(value, (dict, list)):
            expected = error.validator_value
            message = (f"'{dotted}' was typed as '{raw}' and YAML read it as {describe_yaml_value(value)}, "
                       f"not {_type_words(expected)}; quote the value: {key}: \"{raw}\"")
        elif value is None:
            message = f"'{dotted}' is empty; write a value after '{key}:'"
            yield context.finding("JDD203", COVER_FILE, line, column, message)
            return
        else:
            message = f"'{dotted}' is {describe_yaml_value(value)}, not {_type_words(error.validator_value)}"
        yield context.finding("JDD207", COVER_FILE, line, column, message)
        return

    if validator == "minLength":
        yield context.finding("JDD203", COVER_FILE, line, column, f"'{dotted}' is empty; write a value after '{key}:'")
        return

    yield context.finding("JDD207", COVER_FILE, line, column, f"'{dotted}': {error.message}")


def _date_message(dotted: str, raw: str, value: Any) -> str:
    if isinstance(value, dt.datetime) or (isinstance(value, str) and "T" in value):
        return f"'{dotted}' is a date and time ('{raw}'); write only the date as YYYY-MM-DD"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"'{dotted}' is '{raw or value}', which is not a calendar date; write a real date as YYYY-MM-DD"
    shown = raw or str(value)
    return f"'{dotted}' is '{shown}', not an ISO date; write it as YYYY-MM-DD, for example 2026-11-02"


def _type_words(expected: Any) -> str:
    words = {"string": "text", "object": "a mapping of keys", "boolean": "true or false", "array": "a list"}
    if isinstance(expected, list):
        return " or ".join(words.get(item, item) for item in expected)
    return words.get(expected, str(expected))


def _extra_keys(error) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return [key for key in error.instance if key not in allowed]


def _value_at(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _json_instance(value: Any) -> Any:
    """Make YAML values JSON-shaped for the schema: dates become ISO text, datetimes stay invalid."""
    if isinstance(value, dict):
        return {str(key): _json_instance(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_instance(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@rule
def page_front_matter(context: RuleContext) -> Iterator[Finding]:
    """Pages other than the cover carry no JDD metadata, and only known `jdd_` keys."""
    for rel, page in context.jdd.pages.items():
        if not page.readable or not page.front.valid:
            continue
        for key, value in page.front.data.items():
            line, column = page.front.line_of(key)
            if key == "jdd" and rel != COVER_FILE:
                yield context.finding("JDD213", rel, line, column,
                                      "'jdd' metadata belongs in the cover page index.md; move it there")
            elif key.startswith("jdd_") and key not in _PAGE_KEYS:
                guess = closest(key, _PAGE_KEYS)
                hint = f"; did you mean '{guess}'?" if guess else ""
                yield context.finding("JDD213", rel, line, column, f"unknown page key '{key}'{hint}")
            elif key == "jdd_internal" and not isinstance(value, bool):
                raw = page.front.location(key).raw if page.front.location(key) else value
                yield context.finding("JDD207", rel, line, column,
                                      f"'jdd_internal' is '{raw}'; write true or false")
