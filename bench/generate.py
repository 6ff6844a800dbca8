"""Generate realistic JDD portfolios for the scale benchmark.

Each JDD has a cover, a business scenario, a jobs list, a capability table
and three to five job overviews with a diagram of their own, so the
diagram cache and the parser see the same variety as a real portfolio.
The output depends only on N and the seed, so runs are comparable.
"""

from __future__ import annotations

import random
from pathlib import Path

COMPANIES = [
    "Northwind", "Halvorsen", "Contoso", "Fabrikam", "Tailspin", "Woodgrove", "Litware", "Adatum",
    "Proseware", "Lucerne", "Wingtip", "Margie", "Alpine", "Coho", "Fourth Coffee", "Humongous",
]
INDUSTRIES = ["Health", "Freight", "Bank", "Retail", "Energy", "Insurance", "Logistics", "Foods"]
PEOPLE = [
    "Priya Raman", "Tom Okafor", "Lena Fischer", "Marcus Lindqvist", "Aiko Tanaka", "Dana Whitfield",
    "Sofia Marquez", "Jonas Berg", "Amara Nwosu", "Kenji Sato", "Elena Petrova", "Omar Haddad",
]
OUTCOMES = [
    ("Provision temporary staff in bulk", "when the season starts, get every temporary worker productive on day one"),
    ("Prove access compliance to auditors", "show who could see sensitive records, and why, within a day"),
    ("Remove access when contracts end", "make sure no former contractor keeps access after the last shift"),
    ("Settle disputed invoices with suppliers", "agree the amount with the supplier in one place within a week"),
    ("Close the month on time", "know on the last working day which invoices are still open and why"),
    ("Reconcile payments against bank statements", "match every payment to a statement line before noon"),
    ("Onboard a new region", "open a new country office with local policies in under a month"),
    ("Report usage to the finance team", "give finance a monthly usage report they can trust without edits"),
]
CAPABILITIES = [
    "SCIM bulk endpoint", "CSV import", "Audit log export", "Access review report", "Account end dates",
    "Dispute thread", "Ageing report", "Tolerance rules", "Bank statement import", "Usage export",
    "Regional policy templates", "Approval workflow",
]
STATUSES = ["Supported", "Partial", "Workaround", "Gap"]
STEPS = [
    "Export the roster", "Map the fields", "Run the import", "Check the result report", "Fix rejected rows",
    "Notify the managers", "Review the evidence", "Approve the change", "Archive the run", "Send the summary",
]


def _words(rng: random.Random, count: int) -> str:
    vocabulary = (
        "the team needs every account ready before the first shift and today they split files by hand "
        "which delays clinics and branches while managers wait for access and auditors ask for evidence "
        "that takes days to assemble from several exports"
    ).split()
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def _paragraphs(rng: random.Random, count: int, words: int) -> str:
    return "\n\n".join(_words(rng, words).capitalize() + "." for _ in range(count))


def generate_portfolio(docs: Path, count: int, seed: int = 7) -> list[str]:
    """Write `count` JDD folders and a home page into `docs`; return the slugs."""
    rng = random.Random(seed)
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Jobs Definition Documents\n\nEvery JDD of the benchmark portfolio.\n",
                                   encoding="utf-8")
    slugs = []
    for number in range(count):
        slug = f"customer-{number:04d}"
        slugs.append(slug)
        _write_jdd(docs / slug, number, rng)
    return slugs


def _write_jdd(folder: Path, number: int, rng: random.Random) -> None:
    customer = f"{rng.choice(COMPANIES)} {rng.choice(INDUSTRIES)} {number}"
    jobs = rng.sample(OUTCOMES, rng.randint(3, 5))
    (folder / "jobs").mkdir(parents=True, exist_ok=True)
    status = rng.choice(["draft", "in-review", "shared", "closed"])
    month = rng.randint(1, 12)

    (folder / "index.md").write_text(
        "---\njdd:\n"
        f"  customer: {customer}\n"
        f"  title: {jobs[0][0]} for {customer}\n"
        f"  status: {status}\n"
        f"  product_manager: {rng.choice(PEOPLE)}\n"
        f"  customer_success_manager: {rng.choice(PEOPLE)}\n"
        f"  opened: 2026-{month:02d}-{rng.randint(1, 28):02d}\n"
        f"  reference: ESC-{1000 + number}\n"
        "  internal:\n"
        f"    arr_at_risk: {rng.randint(50, 900) * 1000}\n"
        "---\n\n"
        f"# {jobs[0][0]} for {customer}\n\n{_paragraphs(rng, 1, 45)}\n",
        encoding="utf-8",
    )
    (folder / "business-scenario.md").write_text(
        f"# Business Scenario\n\n{_paragraphs(rng, 3, 60)}\n", encoding="utf-8")

    items = []
    rows = ["| Job | Capability | Status | Notes |", "| --- | --- | --- | --- |"]
    for index, (title, outcome) in enumerate(jobs, start=1):
        page = f"jobs/job-{index}.md"
        items.append(f"{index}. [{title}]({page}):\n   {outcome}.")
        gaps = []
        for capability in rng.sample(CAPABILITIES, rng.randint(1, 3)):
            status = rng.choice(STATUSES)
            rows.append(f"| [{title}]({page}) | {capability} | {status} | {_words(rng, 5)} |")
            if status == "Gap":
                gaps.append(capability)
        _write_job(folder / page, title, outcome, number, index, gaps, rng)
    (folder / "jobs.md").write_text("# Customer Jobs-to-be-Done\n\n" + "\n".join(items) + "\n", encoding="utf-8")
    (folder / "capabilities.md").write_text("# Status of Capabilities\n\n" + "\n".join(rows) + "\n",
                                            encoding="utf-8")


def _write_job(path: Path, title: str, outcome: str, number: int, index: int, gaps: list[str],
               rng: random.Random) -> None:
    steps = rng.sample(STEPS, rng.randint(4, 7))
    # Node ids carry the JDD number, so every diagram's source is different.
    nodes = [f"  s{number}x{index}x{position}[{step}]" for position, step in enumerate(steps)]
    edges = [f"  s{number}x{index}x{position} --> s{number}x{index}x{position + 1}" for position in range(len(steps) - 1)]
    person = rng.choice(PEOPLE)
    path.write_text(
        f"# {title}\n\n## Description\n\nWhen the customer's team must {outcome}, they need it done "
        f"reliably, so that the business keeps running.\n\n"
        "## Diagram\n\n```mermaid\nflowchart LR\n" + "\n".join(nodes + edges) + "\n```\n\n"
        "## Assumptions, Risks, and Limitations\n\n"
        f"- Assumption: {_words(rng, 10)}.\n- Risk: {_words(rng, 10)}.\n- Limitation: {_words(rng, 10)}.\n"
        + "".join(f"- Limitation: the product has no {gap} today (a gap).\n" for gap in gaps) + "\n"
        "## Next Steps\n\n"
        f"- [ ] Share the import guide — {person} — 2027-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
        f"- [x] Confirm the file format — {rng.choice(PEOPLE)} — 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n",
        encoding="utf-8",
    )
