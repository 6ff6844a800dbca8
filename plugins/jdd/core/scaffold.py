"""Create a new JDD folder from the template (`jdd new`).

The template passes `jdd check` at `draft` status: what is left to write is
marked with TODO, which the placeholder rule (JDD501) reports as a warning
at `draft` and as an error from `in-review` on. The folder is written into a
hidden temporary folder beside its target and renamed into place, so an
interrupted run leaves no half-written JDD.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .loader import SLUG_RE
from .model import CAPABILITIES_FILE, COVER_FILE, JOBS_FILE, JOBS_FOLDER, SCENARIO_FILE

MIN_JOBS = 1
MAX_JOBS = 10
DEFAULT_JOBS = 2
MAX_CUSTOMER_LENGTH = 200
#: Days from today to the due date of the template's first next step.
FIRST_STEP_DAYS = 14

#: Folder names the site uses for its own pages at the root of the docs folder.
RESERVED_SLUGS = frozenset({"assets", "capabilities", "guide", "next-steps", "search"})

#: Control characters, line separators, and what YAML cannot hold at all (surrogates, U+FFFE, U+FFFF).
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


class ScaffoldError(Exception):
    """The request to create a JDD is invalid; the message names the value and the fix."""


class TargetExistsError(ScaffoldError):
    """The JDD folder exists already; nothing was changed."""


@dataclass(frozen=True)
class NewJdd:
    """The folder and the files that `create_jdd` wrote."""

    folder: Path
    #: The files written, as paths inside the folder, in slide order.
    files: list[str]


def validate_slug(slug: str) -> str:
    """Return `slug` when it is a valid JDD folder name, or raise ScaffoldError."""
    if not SLUG_RE.match(slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
        hint = f", for example '{suggestion}'" if suggestion and SLUG_RE.match(suggestion) else ""
        raise ScaffoldError(
            f"invalid slug '{slug}': use lowercase letters, digits and single hyphens between them{hint}"
        )
    if slug in RESERVED_SLUGS:
        raise ScaffoldError(
            f"invalid slug '{slug}': the site uses '{slug}/' for its own pages; "
            f"add the customer's name, for example '{slug}-northwind'"
        )
    return slug


def validate_customer(customer: str) -> str:
    """Return the customer name without surrounding spaces, or raise ScaffoldError."""
    name = customer.strip()
    if not name:
        raise ScaffoldError("the customer name is empty; pass it as --customer \"Northwind Health\"")
    if _CONTROL_RE.search(name):
        raise ScaffoldError(
            f"the customer name {name!r} contains a line break or control character; "
            "pass it on one line, as plain text"
        )
    if len(name) > MAX_CUSTOMER_LENGTH:
        raise ScaffoldError(
            f"the customer name is {len(name)} characters long, over the limit of {MAX_CUSTOMER_LENGTH}; "
            "pass the name the customer uses, without a description"
        )
    return name


def validate_job_count(jobs: int) -> int:
    if not MIN_JOBS <= jobs <= MAX_JOBS:
        raise ScaffoldError(
            f"invalid job count {jobs}: a JDD has from {MIN_JOBS} to {MAX_JOBS} jobs; "
            "pass --jobs with a number in that range (add more pages later by hand)"
        )
    return jobs


def yaml_string(text: str) -> str:
    """Write `text` as a double-quoted YAML scalar.

    Double quotes keep every character literal: `:`, ` #`, a leading `&`,
    `*`, `!`, `-` or `'`, and words YAML would read as booleans or numbers.
    Only the backslash and the double quote need escaping, because
    `validate_customer` rejects control characters. Non-ASCII text is
    written as it is, since the files are UTF-8.
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def template_files(slug: str, customer: str, jobs: int, today: dt.date) -> dict[str, str]:
    """Return the template's files (path inside the folder to text) for a new JDD."""
    validate_slug(slug)
    customer = validate_customer(customer)
    validate_job_count(jobs)
    due = (today + dt.timedelta(days=FIRST_STEP_DAYS)).isoformat()

    files = {
        COVER_FILE: _cover(customer, today),
        SCENARIO_FILE: _SCENARIO,
        JOBS_FILE: _jobs_list(jobs),
        CAPABILITIES_FILE: _capabilities(jobs),
    }
    for number in range(1, jobs + 1):
        files[f"{JOBS_FOLDER}/{_job_slug(number)}.md"] = _job_page(number, due)
    return files


def create_jdd(docs_dir: Path, slug: str, customer: str, jobs: int = DEFAULT_JOBS,
               today: dt.date | None = None) -> NewJdd:
    """Write a new JDD folder `docs_dir/slug` from the template.

    Raises TargetExistsError when the folder exists (nothing is changed), and
    ScaffoldError for an invalid value or a docs folder that is missing.
    """
    files = template_files(slug, customer, jobs, today or dt.date.today())
    if not docs_dir.is_dir():
        raise ScaffoldError(
            f"the docs folder '{docs_dir}' does not exist; run jdd new inside the project, "
            "or pass the folder that holds the JDDs with --root"
        )
    target = docs_dir / slug
    _reject_existing(target)

    # The temporary folder starts with a dot, so the checker, the site build
    # and `git add .`-style globbing skip it if a crash leaves it behind.
    staging = Path(tempfile.mkdtemp(prefix=f".{slug}.", suffix=".partial", dir=docs_dir))
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(staging, 0o777 & ~_umask())
        # Checked again right before the rename: on POSIX, rename() replaces an
        # existing empty folder, and another process may have made one meanwhile.
        _reject_existing(target)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return NewJdd(folder=target, files=list(files))


def _reject_existing(target: Path) -> None:
    if target.exists() or target.is_symlink():
        kind = "folder" if target.is_dir() else "file"
        raise TargetExistsError(
            f"'{target}' already exists as a {kind}, so nothing was created or changed; "
            "choose another slug, or edit the existing JDD"
        )


def _umask() -> int:
    # os.umask can only be read by setting it; restore it at once.
    current = os.umask(0)
    os.umask(current)
    return current


def _job_slug(number: int) -> str:
    return f"job-{number}"


def _job_title(number: int) -> str:
    return f"TODO: job {number}, named as the outcome the customer needs"


def _cover(customer: str, today: dt.date) -> str:
    return f"""---
jdd:
  customer: {yaml_string(customer)}
  title: "TODO: the outcome the customer needs, in one line"
  status: draft
  product_manager: "TODO: your name"
  customer_success_manager: "TODO: the account's customer success manager"
  opened: {today.isoformat()}
  # Optional keys: account_executive, reference (the escalation id),
  # renewal (YYYY-MM-DD), and internal (notes never shown to the customer).
---

# TODO: the outcome the customer needs, in one line

TODO: in two or three sentences, say what escalated and what this document is for.
"""


_SCENARIO = """# Business Scenario

TODO: describe the customer's environment, what happened and why it matters
to them: who is affected, how often, and what it costs them.
"""


def _jobs_list(jobs: int) -> str:
    items = "\n".join(
        f"{number}. [{_job_title(number)}]({JOBS_FOLDER}/{_job_slug(number)}.md):\n"
        "   TODO: when ..., the customer needs to ..., so that ...."
        for number in range(1, jobs + 1)
    )
    return f"""# Customer Jobs-to-be-Done

{items}
"""


def _capabilities(jobs: int) -> str:
    rows = "\n".join(
        f"| [{_job_title(number)}]({JOBS_FOLDER}/{_job_slug(number)}.md) | TODO: capability name | Gap | "
        "TODO: set the status to Supported, Partial, Workaround or Gap, and say why |"
        for number in range(1, jobs + 1)
    )
    return f"""# Status of Capabilities

| Job | Capability | Status | Notes |
| --- | --- | --- | --- |
{rows}
"""


def _job_page(number: int, due: str) -> str:
    return f"""# {_job_title(number)}

## Description

TODO: when ..., the customer's team must ..., so that .... Describe the job as
the outcome they need, not as a product feature.

## Diagram

```mermaid
flowchart LR
  trigger[TODO: what starts the job] --> step[TODO: what the customer does]
  step --> outcome[TODO: the outcome]
```

## Assumptions, Risks, and Limitations

- Assumption: TODO
- Risk: TODO
- Limitation: TODO: what the product does not do for this job today (a gap)

## Next Steps

- [ ] TODO: the first action — TODO: owner — {due}
"""
