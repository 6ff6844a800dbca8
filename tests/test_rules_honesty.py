"""Content rules JDD502-JDD509: golden cases, configuration through mkdocs.yml, and exemption markers.

Each golden case edits a copy of the in-review sample JDD and lists the
exact findings `jdd check` must report, with paths relative to the docs
folder. A case with an empty list is the absence of a finding, and names
what it proves.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from jdd.core.check import load_targets, rule_config, run_check
from jdd.core.rules.promises import find_roadmap_language

from conftest import REPO, SAMPLE_DRAFT, SAMPLE_IN_REVIEW, run_jdd, run_mkdocs, write

ROADMAP_FIX = (
    "a JDD is not a roadmap; say what the product does today, put any follow-up in Next Steps with an owner "
    "and a due date, and keep release plans in an '!!! internal' admonition"
)
CONTRACT = "is contract language, and a JDD is a discussion document, not a contract or a statement of work"
OUTCOME_FORM = "'When <situation>, <who> must <motivation>, so that <outcome>'"
JOB_FIX = f"name what the customer gets done ('Settle a disputed invoice with the carrier', not 'Add a dispute " \
          f"thread') and describe it as {OUTCOME_FORM}"

SCENARIO_END = "before the renewal review.\n"
ACCESS_OUTCOME = ", so\nthat the quarterly audit closes without findings."
ACCESS_LIMITATION = (
    "- Limitation: the product has no access review report today (a gap); the\n"
    "  audit log export is the only source of evidence it provides."
)
OFFBOARDING_ROW = "| Account end dates | Supported |"
OFFBOARDING_LIMITATION = "- Limitation: end dates apply at midnight UTC, not clinic local time."
LAST_STEP = "- [ ] Run a rehearsal import of last season's roster — Dana Whitfield — 2027-01-15"
# About 100 words of plausible scenario prose, for the word budget.
LONG_PARAGRAPH = (
    "The identity team also maintains a spreadsheet of agency contacts, shift patterns and badge numbers, "
    "which it reconciles by hand with the roster every Monday morning before the clinics open. During the "
    "October incident the team spent two full days matching rejected rows against that spreadsheet, calling "
    "agency coordinators one by one, and re-entering corrected records through the administration console. "
    "Clinic managers escalated to the regional director, who asked for a daily status call until every "
    "clinician could sign in. The calls continued for nine working days and took time from the team's "
    "planned access review preparation for the regulator."
)


def title_edits(title: str) -> list:
    """Give the first job a new title in jobs.md and in its overview, so the two still agree."""
    return [
        ("jobs.md", "[Provision seasonal clinicians in bulk]", f"[{title}]"),
        ("jobs/bulk-provisioning.md", "# Provision seasonal clinicians in bulk", f"# {title}"),
    ]


def scenario_edit(text: str) -> list:
    """Add a paragraph at the end of the business scenario (after line 21)."""
    return [("business-scenario.md", SCENARIO_END, SCENARIO_END + "\n" + text + "\n")]


CASES = [
    # JDD502: jobs read as outcomes.
    dict(name="feature request title", edits=title_edits("Add a bulk import API"), expected=[
        f"nw/jobs.md:3:5: warning JDD502 job 'Add a bulk import API' starts with the build verb 'Add', so it "
        f"reads as a feature request; {JOB_FIX}",
        f"nw/jobs/bulk-provisioning.md:1:3: warning JDD502 job 'Add a bulk import API' starts with the build "
        f"verb 'Add', so it reads as a feature request; {JOB_FIX}",
    ]),
    dict(name="feature request beside a comment", edits=[
        ("jobs.md", "[Provision seasonal clinicians in bulk](jobs/bulk-provisioning.md):",
         "[Add a bulk import API](jobs/bulk-provisioning.md): <!-- asked for by the CIO -->"),
        ("jobs/bulk-provisioning.md", "# Provision seasonal clinicians in bulk", "# Add a bulk import API"),
    ], expected=[
        f"nw/jobs.md:3:5: warning JDD502 job 'Add a bulk import API' starts with the build verb 'Add', so it "
        f"reads as a feature request; {JOB_FIX}",
        f"nw/jobs/bulk-provisioning.md:1:3: warning JDD502 job 'Add a bulk import API' starts with the build "
        f"verb 'Add', so it reads as a feature request; {JOB_FIX}",
    ]),
    dict(name="outcome rewrite of the title", edits=title_edits("Get every seasonal clinician working on day one"),
         expected=[]),
    dict(name="title naming a product part", edits=title_edits("Bulk provisioning dashboard"), expected=[
        f"nw/jobs.md:3:23: warning JDD502 job 'Bulk provisioning dashboard' names the product feature "
        f"'dashboard' instead of a result; {JOB_FIX}",
        f"nw/jobs/bulk-provisioning.md:1:21: warning JDD502 job 'Bulk provisioning dashboard' names the "
        f"product feature 'dashboard' instead of a result; {JOB_FIX}",
    ]),
    dict(name="title naming a capability", edits=title_edits("CSV import"), expected=[
        f"nw/jobs.md:3:5: warning JDD502 job 'CSV import' is the name of a capability in capabilities.md "
        f"(line 6), not a result; {JOB_FIX}",
        f"nw/jobs/bulk-provisioning.md:1:3: warning JDD502 job 'CSV import' is the name of a capability in "
        f"capabilities.md (line 6), not a result; {JOB_FIX}",
    ]),
    # JDD503: the Description states an outcome.
    dict(name="description without outcome", edits=[("jobs/access-review.md", ACCESS_OUTCOME, ".")], expected=[
        "nw/jobs/access-review.md:5:1: warning JDD503 the Description has no outcome clause such as "
        f"'so that …' or 'in order to …'; end it with what the customer gains, as in {OUTCOME_FORM}",
    ]),
    dict(name="description with in order to",
         edits=[("jobs/access-review.md", ACCESS_OUTCOME, " in order to close the\nquarterly audit.")],
         expected=[]),
    dict(name="description with comma so clause",
         edits=[("jobs/access-review.md", ACCESS_OUTCOME, ", so\nno audit finding is left open.")],
         expected=[]),
    dict(name="outcome only in a comment",
         edits=[("jobs/access-review.md", ACCESS_OUTCOME, ". <!-- so that the audit closes -->")], expected=[
        "nw/jobs/access-review.md:5:1: warning JDD503 the Description has no outcome clause such as "
        f"'so that …' or 'in order to …'; end it with what the customer gains, as in {OUTCOME_FORM}",
    ]),
    # JDD504 and JDD505: gaps stated plainly.
    dict(name="gap not mentioned", edits=[(
        "jobs/access-review.md", ACCESS_LIMITATION,
        "- Limitation: the audit log export is the only source of evidence it provides.",
    )], expected=[
        "nw/jobs/access-review.md:19:1: error JDD504 capabilities.md marks 'Access review report' (line 8) as a "
        "Gap for this job, but the 'Assumptions, Risks, and Limitations' section does not say so; state it "
        "plainly, for example '- Limitation: the product has no access review report today (a gap).'",
    ]),
    dict(name="gap named by its capability", edits=[(
        "jobs/access-review.md", ACCESS_LIMITATION,
        "- Limitation: evidence comes from the audit log export, because the\n"
        "  product has no Access Review report.",
    )], expected=[]),
    dict(name="gap mentioned only internally", edits=[(
        "jobs/access-review.md", ACCESS_LIMITATION,
        "- Limitation: the audit log export is the only source of evidence.\n\n"
        '!!! internal "Gap"\n    The access review report is a gap.',
    )], expected=[
        "nw/jobs/access-review.md:19:1: error JDD504 capabilities.md marks 'Access review report' (line 8) as a "
        "Gap for this job, but the 'Assumptions, Risks, and Limitations' section does not say so; state it "
        "plainly, for example '- Limitation: the product has no access review report today (a gap).'",
    ]),
    dict(name="only gaps but reads as supported", edits=[
        ("capabilities.md", OFFBOARDING_ROW, "| Account end dates | Gap |"),
        ("jobs/seasonal-offboarding.md", OFFBOARDING_LIMITATION,
         "- Limitation: account end dates are a gap, but expiry works today."),
    ], expected=[
        "nw/jobs/seasonal-offboarding.md:22:55: warning JDD505 'works today' reads as if the product does this "
        "job today, but every capability row for it in capabilities.md is a Gap (line 10); say plainly what "
        "the product does not do, for example 'the product has no account end dates today (a gap)'",
    ]),
    dict(name="only gaps said as not supported", edits=[
        ("capabilities.md", OFFBOARDING_ROW, "| Account end dates | Gap |"),
        ("jobs/seasonal-offboarding.md", OFFBOARDING_LIMITATION,
         "- Limitation: account end dates are not supported, so expiry is manual."),
    ], expected=[]),
    # JDD506: no roadmap promises.
    dict(name="Q3 on a slide", edits=scenario_edit("The request limit is lifted in Q3."), expected=[
        f"nw/business-scenario.md:23:32: error JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
    ]),
    dict(name="Q3 at draft is a warning", edits=[("index.md", "status: in-review", "status: draft")]
         + scenario_edit("The request limit is lifted in Q3."), expected=[
        f"nw/business-scenario.md:23:32: warning JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
    ]),
    dict(name="Q3 in an internal admonition",
         edits=scenario_edit('!!! internal "Plan"\n    The request limit is lifted in Q3.'), expected=[]),
    dict(name="Q3 in a collapsed internal admonition",
         edits=scenario_edit('??? internal "Plan"\n    The request limit is lifted in Q3.'), expected=[]),
    dict(name="Q3 in presenter notes",
         edits=scenario_edit('!!! notes "Say"\n    Mention that the limit is lifted in Q3.'), expected=[]),
    dict(name="Q3 in a note admonition",
         edits=scenario_edit('!!! note "Plan"\n    The request limit is lifted in Q3.'), expected=[
        f"nw/business-scenario.md:24:36: error JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
    ]),
    dict(name="Q3 in an HTML comment",
         edits=scenario_edit("<!-- The request limit is lifted in Q3. -->"), expected=[]),
    dict(name="Q3 beside an inline comment",
         edits=scenario_edit("The limit is lifted in Q3. <!-- reviewed with product -->"), expected=[
        f"nw/business-scenario.md:23:24: error JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
    ]),
    dict(name="Q3 in inline code", edits=scenario_edit("The export is named `audit-Q3.csv`."), expected=[]),
    dict(name="next step dates", edits=[(
        "jobs/bulk-provisioning.md", LAST_STEP,
        "- [ ] Rehearse the import by January 2027, before Q1 — Dana Whitfield — 2027-01-15",
    )], expected=[]),
    dict(name="next quarter in a next step", edits=[(
        "jobs/bulk-provisioning.md", LAST_STEP,
        "- [ ] Plan next quarter's rehearsal import — Dana Whitfield — 2027-01-15",
    )], expected=[]),
    dict(name="promise inside a next step", edits=[(
        "jobs/bulk-provisioning.md", LAST_STEP,
        "- [ ] Confirm the batching fix will ship in Q3 — Dana Whitfield — 2027-01-15",
    )], expected=[
        f"nw/jobs/bulk-provisioning.md:31:32: error JDD506 'will ship in Q3' promises future product work in "
        f"customer-facing text, and {ROADMAP_FIX}",
    ]),
    dict(name="delivery date in the scenario",
         edits=scenario_edit("Larger requests are accepted by March 2027."), expected=[
        f"nw/business-scenario.md:23:30: error JDD506 'by March 2027' is release timing in customer-facing "
        f"text, and {ROADMAP_FIX}",
    ]),
    dict(name="promise across a line break",
         edits=scenario_edit("The limit\nwill be\nlifted. The fix will\nship next quarter."), expected=[
        f"nw/business-scenario.md:25:17: error JDD506 'will ship next quarter' promises future product work "
        f"in customer-facing text, and {ROADMAP_FIX}",
    ]),
    dict(name="roadmap in capability notes", edits=[
        ("capabilities.md", "| Gap | Not in the product today |", "| Gap | Planned for Q3 2027 |"),
    ], expected=[
        f"nw/capabilities.md:8:95: error JDD506 'Planned for Q3 2027' promises future product work in "
        f"customer-facing text, and {ROADMAP_FIX}",
    ]),
    dict(name="quarter in a diagram label", edits=[
        ("jobs/bulk-provisioning.md", "import[Bulk import]", "import[Bulk import, Q3 build]"),
    ], expected=[
        f"nw/jobs/bulk-provisioning.md:13:37: error JDD506 'Q3' is release timing in customer-facing text, "
        f"and {ROADMAP_FIX}",
    ]),
    dict(name="cover title in front matter", edits=[
        ("index.md", "title: Onboarding seasonal clinicians before flu season",
         'title: "Onboarding clinicians: bulk import coming soon"'),
    ], expected=[
        f"nw/index.md:4:46: error JDD506 'coming soon' promises future product work in customer-facing text, "
        f"and {ROADMAP_FIX}",
    ]),
    dict(name="internal page", edits=[
        ("appendix.md", None, "---\njdd_internal: true\n---\n\n# Notes\n\nShips in Q3 2027 under an SLA.\n"),
    ], expected=[]),
    # JDD507: no contract language.
    dict(name="contract terms",
         edits=scenario_edit("We guarantee a 99.9% SLA and accept a penalty when it is missed."), expected=[
        f"nw/business-scenario.md:23:4: error JDD507 'guarantee' {CONTRACT}; state as a fact what the product "
        "does today ('the import accepts 50,000 rows per file')",
        f"nw/business-scenario.md:23:22: error JDD507 'SLA' {CONTRACT}; describe the measured behaviour "
        "('imports of 5,000 users finished within 20 minutes') and leave service levels to the contract",
        f"nw/business-scenario.md:23:39: error JDD507 'penalty' {CONTRACT}; leave legal terms to the contract "
        "and remove them from the JDD",
    ]),
    dict(name="commitment phrase", edits=scenario_edit("We commit to a fix for the request limit."), expected=[
        f"nw/business-scenario.md:23:1: error JDD507 'We commit to' {CONTRACT}; write what was agreed as a "
        "next step with an owner and a due date",
    ]),
    dict(name="contract term in an internal admonition",
         edits=scenario_edit('!!! internal "Account"\n    Their contract has a penalty clause.'), expected=[]),
    dict(name="binding as a technical term",
         edits=scenario_edit("Sign-in uses the SAML HTTP-POST binding."), expected=[]),
    # JDD508: one slide each.
    dict(name="scenario over its word budget", edits=scenario_edit(LONG_PARAGRAPH), expected=[
        "nw/business-scenario.md:1:1: warning JDD508 the business scenario slide has 281 words, over its "
        "budget of 250; shorten it to fit one slide (move detail to an appendix page or an '!!! internal' "
        "admonition), or raise 'word_budgets: scenario:' in mkdocs.yml",
    ]),
    dict(name="internal words not counted",
         edits=scenario_edit('!!! internal "Detail"\n    ' + LONG_PARAGRAPH), expected=[]),
    dict(name="diagram source not counted", edits=[(
        "jobs/bulk-provisioning.md", "  check -- yes --> ready[Clinicians sign in on day one]",
        "\n".join(f"  step{i}[Identity team checks batch {i} of the seasonal roster] --> step{i + 1}" for i in range(30)),
    )], expected=[]),
    # Exemption markers, for every rule.
    dict(name="marker exempts its line",
         edits=scenario_edit("The limit is lifted in Q3. <!-- jdd: allow JDD506 -->"), expected=[]),
    dict(name="marker by code name",
         edits=scenario_edit("The limit is lifted in Q3. <!-- jdd: allow roadmap-language -->"), expected=[]),
    dict(name="marker on another line",
         edits=scenario_edit("The limit is lifted in Q3.\n<!-- jdd: allow JDD506 -->"), expected=[
        f"nw/business-scenario.md:23:24: error JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
    ]),
    dict(name="marker for another code",
         edits=scenario_edit("The limit is lifted in Q3. <!-- jdd: allow JDD507 -->"), expected=[
        f"nw/business-scenario.md:23:24: error JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
    ]),
    dict(name="marker for a consistency rule", edits=[(
        "jobs.md", "[Provision seasonal clinicians in bulk](jobs/bulk-provisioning.md):",
        "[Provision clinicians in bulk](jobs/bulk-provisioning.md): <!-- jdd: allow JDD412 -->",
    )], expected=[]),
    dict(name="marker for a placeholder", edits=scenario_edit("TBD: agency contacts. <!-- jdd: allow placeholder -->"),
         expected=[]),
    dict(name="marker with an unknown code",
         edits=scenario_edit("The limit is lifted in Q3. <!-- jdd: allow JDD560 -->"), expected=[
        f"nw/business-scenario.md:23:24: error JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
        "nw/business-scenario.md:23:28: error JDD509 the marker names 'JDD560', which is not a finding code; "
        "did you mean 'JDD506'?",
    ]),
    dict(name="marker without a code",
         edits=scenario_edit("The limit is lifted in Q3. <!-- jdd: allow -->"), expected=[
        f"nw/business-scenario.md:23:24: error JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
        "nw/business-scenario.md:23:28: error JDD509 the marker names no code; write the code it exempts, as "
        "in '<!-- jdd: allow JDD506 -->'",
    ]),
    dict(name="marker with a misspelt verb",
         edits=scenario_edit("The limit is lifted in Q3. <!-- jdd: alow JDD506 -->"), expected=[
        f"nw/business-scenario.md:23:24: error JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
        "nw/business-scenario.md:23:28: error JDD509 'jdd: alow' is not a marker; write "
        "'<!-- jdd: allow CODE -->' to exempt this line from the finding CODE",
    ]),
    dict(name="marker in inline code is text",
         edits=scenario_edit("Lifted in Q3, see `<!-- jdd: allow JDD506 -->`."), expected=[
        f"nw/business-scenario.md:23:11: error JDD506 'Q3' is release timing in customer-facing text, and "
        f"{ROADMAP_FIX}",
    ]),
]


def apply_edits(folder: Path, edits: list) -> None:
    """Apply (file, old, new) replacements; old None writes the file with `new`."""
    for name, old, new in edits:
        path = folder / name
        if old is None:
            write(path, new)
            continue
        text = path.read_text(encoding="utf-8")
        assert old in text, f"edit does not apply: {old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_docs(tmp_path: Path, edits: list) -> Path:
    docs = tmp_path / "jdds"
    shutil.copytree(REPO / "jdds" / SAMPLE_IN_REVIEW, docs / "nw")
    apply_edits(docs / "nw", edits)
    return docs


def findings_of(docs: Path, options: dict | None = None) -> list[str]:
    result = run_check(load_targets(docs), rule_config(options))
    return [finding.format(docs) for finding in result.findings]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_honesty_findings_exact(tmp_path: Path, case: dict) -> None:
    docs = make_docs(tmp_path, case["edits"])
    assert findings_of(docs) == case["expected"]


@pytest.mark.parametrize("slug", [SAMPLE_IN_REVIEW, SAMPLE_DRAFT])
def test_samples_have_no_content_findings(slug: str) -> None:
    result = run_check(load_targets(REPO / "jdds", [REPO / "jdds" / slug]))
    assert [finding.format() for finding in result.findings] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Q3 2027", [(0, "Q3 2027", "timing")]),
    ("FY27 Q3", [(0, "FY27 Q3", "timing")]),
    ("Q3'27", [(0, "Q3'27", "timing")]),
    ("H2 2027", [(0, "H2 2027", "timing")]),
    ("in H2", [(3, "H2", "timing")]),
    ("H2O trucks", []),
    ("an h2 heading", []),
    ("the third quarter of 2027", [(4, "third quarter of 2027", "timing")]),
    ("by the end of 2027", [(0, "by the end of 2027", "timing")]),
    ("by March 15, 2027", [(0, "by March 15, 2027", "timing")]),
    ("renews on 31 March 2027", []),
    ("took 11 days last quarter", []),
    ("audits every quarter", []),
    ("next quarter", [(0, "next quarter", "timing")]),
    ("planned for next quarter", [(0, "planned for next quarter", "promise")]),
    ("ships in March 2027", [(0, "ships in March 2027", "promise")]),
    ("available in H2", [(0, "available in H2", "promise")]),
    ("will be available in Q4 2027", [(0, "will be available in Q4 2027", "promise")]),
    ("on the roadmap for 2027", [(0, "on the roadmap for 2027", "promise")]),
    ("Coming Soon", [(0, "Coming Soon", "promise")]),
    ("released in 2019", []),
])
def test_roadmap_language_matches(text: str, expected: list) -> None:
    assert find_roadmap_language(text) == expected


# Configuration through mkdocs.yml, read by `jdd check` and by the site build.

def configure(project: Path, options: dict) -> None:
    """Give the project's `jdd` plugin entry these options."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = yaml.safe_dump({"jdd": options}, sort_keys=False)
    indented = "  - " + block.rstrip("\n").replace("\n", "\n    ") + "\n"
    text, count = re.subn(r"^  - jdd[ \t]*\n", lambda _: indented, text, flags=re.MULTILINE)
    assert count == 1, "mkdocs.yml has no bare '  - jdd' plugin entry to configure"
    config.write_text(text, encoding="utf-8")


def add_to_scenario(sample: Path, text: str) -> None:
    apply_edits(sample, scenario_edit(text))


def finding_lines(output: str, code: str) -> list[str]:
    return [line for line in output.splitlines() if f" {code} " in line]


def test_check_rule_off_in_mkdocs_yml(project: Path, sample: Path) -> None:
    add_to_scenario(sample, "The request limit is lifted in Q3.")
    configure(project, {"rules": {"roadmap-language": "off"}})

    result = run_jdd("check", cwd=project)

    assert result.returncode == 0, result.stdout + result.stderr
    assert finding_lines(result.stdout, "JDD506") == []


def test_check_roadmap_error_by_default(project: Path, sample: Path) -> None:
    add_to_scenario(sample, "The request limit is lifted in Q3.")

    result = run_jdd("check", cwd=project)

    assert result.returncode == 1
    assert finding_lines(result.stdout, "JDD506") == [
        f"jdds/{SAMPLE_IN_REVIEW}/business-scenario.md:23:32: error JDD506 'Q3' is release timing in "
        f"customer-facing text, and {ROADMAP_FIX}",
    ]


def test_check_warning_raised_to_error(project: Path, sample: Path) -> None:
    apply_edits(sample, title_edits("Add a bulk import API"))

    default = run_jdd("check", cwd=project)
    configure(project, {"rules": {"JDD502": "error"}})
    raised = run_jdd("check", cwd=project)

    assert default.returncode == 0
    assert [line.split(" JDD502 ")[0] for line in finding_lines(default.stdout, "JDD502")] == [
        f"jdds/{SAMPLE_IN_REVIEW}/jobs.md:3:5: warning",
        f"jdds/{SAMPLE_IN_REVIEW}/jobs/bulk-provisioning.md:1:3: warning",
    ]
    assert raised.returncode == 1
    assert [line.split(" JDD502 ")[0] for line in finding_lines(raised.stdout, "JDD502")] == [
        f"jdds/{SAMPLE_IN_REVIEW}/jobs.md:3:5: error",
        f"jdds/{SAMPLE_IN_REVIEW}/jobs/bulk-provisioning.md:1:3: error",
    ]


def test_check_vocabulary_extends_lists(project: Path, sample: Path) -> None:
    apply_edits(sample, title_edits("Migrate clinician accounts in bulk"))
    add_to_scenario(sample, "A fix is due next sprint, with an uptime commitment.")

    default = run_jdd("check", cwd=project)
    configure(project, {"vocabulary": {
        "build_verbs": ["Migrate"],
        "roadmap_phrases": ["next sprint"],
        "contract_terms": ["uptime commitment"],
    }})
    extended = run_jdd("check", cwd=project)

    assert default.returncode == 0, default.stdout
    assert extended.returncode == 1
    path = f"jdds/{SAMPLE_IN_REVIEW}"
    assert [line.split(" JDD502 ")[0] for line in finding_lines(extended.stdout, "JDD502")] == [
        f"{path}/jobs.md:3:5: warning", f"{path}/jobs/bulk-provisioning.md:1:3: warning",
    ]
    assert finding_lines(extended.stdout, "JDD506") == [
        f"{path}/business-scenario.md:23:14: error JDD506 'next sprint' promises future product work in "
        f"customer-facing text, and {ROADMAP_FIX}",
    ]
    assert finding_lines(extended.stdout, "JDD507") == [
        f"{path}/business-scenario.md:23:35: error JDD507 'uptime commitment' {CONTRACT}; state what the "
        "product does today, and write what was agreed as a next step",
    ]


def test_check_word_budget_from_config(project: Path) -> None:
    configure(project, {"word_budgets": {"scenario": 100}})

    result = run_jdd("check", cwd=project)

    assert result.returncode == 0
    assert finding_lines(result.stdout, "JDD508") == [
        f"jdds/{SAMPLE_IN_REVIEW}/business-scenario.md:1:1: warning JDD508 the business scenario slide has "
        "181 words, over its budget of 100; shorten it to fit one slide (move detail to an appendix page or an "
        "'!!! internal' admonition), or raise 'word_budgets: scenario:' in mkdocs.yml",
    ]


@pytest.mark.parametrize(("options", "message"), [
    ({"vocabulary": {"buildverbs": ["Migrate"]}},
     "vocabulary: 'buildverbs' is not a vocabulary list (did you mean 'build_verbs'?); use one of: build_verbs, "
     "feature_words, outcome_phrases, gap_phrases, supported_phrases, roadmap_phrases, contract_terms"),
    ({"vocabulary": {"build_verbs": "Migrate"}},
     "vocabulary: build_verbs: must be a list of words or phrases, as in 'build_verbs: [word]', not 'Migrate'"),
    ({"vocabulary": ["Migrate"]},
     "vocabulary: must map list names to lists of words, not a list; for example "
     "'vocabulary: {build_verbs: [Migrate]}'"),
    ({"vocabulary": {"contract_terms": [3]}},
     "vocabulary: contract_terms: '3' is not a word or phrase; write text, quoted if YAML would read it as a "
     "number or a boolean"),
    ({"word_budgets": {"scenario": "many"}},
     "word_budgets: scenario: 'many' is not a positive whole number of words; to turn the check off, set "
     "'rules: {slide-word-budget: off}'"),
    ({"word_budgets": {"job": 0}},
     "word_budgets: job: '0' is not a positive whole number of words; to turn the check off, set "
     "'rules: {slide-word-budget: off}'"),
    ({"word_budgets": {"slides": 3}},
     "word_budgets: 'slides' is not a slide kind; use one of: cover, scenario, job"),
    ({"rules": {"roadmap-language": "loud"}},
     "rules: roadmap-language: 'loud' is not one of off, warning, error"),
])
def test_check_invalid_config_exits_2(project: Path, options: dict, message: str) -> None:
    configure(project, options)

    result = run_jdd("check", cwd=project)

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"jdd check: error: {message}\n"


def test_build_fails_on_roadmap_error(project: Path, sample: Path) -> None:
    add_to_scenario(sample, "The request limit is lifted in Q3.")

    result = run_mkdocs("build", cwd=project)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert (f"jdds/{SAMPLE_IN_REVIEW}/business-scenario.md:23:32: error JDD506 'Q3' is release timing"
            in result.stderr)


def test_build_rule_off_passes_strict(project: Path, sample: Path) -> None:
    add_to_scenario(sample, "The request limit is lifted in Q3.")
    configure(project, {"rules": {"JDD506": "off"}})

    result = run_mkdocs("build", "--strict", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "JDD506" not in result.stderr


def test_build_warning_fails_only_strict(project: Path, sample: Path) -> None:
    apply_edits(sample, title_edits("Add a bulk import API"))

    strict = run_mkdocs("build", "--strict", cwd=project)
    lenient = run_mkdocs("build", cwd=project)

    assert strict.returncode != 0
    assert lenient.returncode == 0, lenient.stderr
    assert re.search(rf"WARNING +- +jdd: jdds/{SAMPLE_IN_REVIEW}/jobs\.md:3:5: warning JDD502 ", lenient.stderr)


def test_build_warning_raised_to_error(project: Path, sample: Path) -> None:
    apply_edits(sample, title_edits("Add a bulk import API"))
    configure(project, {"rules": {"job-reads-as-feature": "error"}})

    result = run_mkdocs("build", cwd=project)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert f"jdds/{SAMPLE_IN_REVIEW}/jobs.md:3:5: error JDD502 " in result.stderr


def test_build_vocabulary_and_budget(project: Path) -> None:
    configure(project, {"word_budgets": {"scenario": 100}, "vocabulary": {"build_verbs": ["Provision"]}})

    result = run_mkdocs("build", "--strict", cwd=project)

    assert result.returncode != 0
    assert f"jdds/{SAMPLE_IN_REVIEW}/business-scenario.md:1:1: warning JDD508 " in result.stderr
    assert f"jdds/{SAMPLE_IN_REVIEW}/jobs.md:3:5: warning JDD502 " in result.stderr


def test_build_invalid_config_fails(project: Path) -> None:
    configure(project, {"vocabulary": {"build_verbs": "Migrate"}})

    result = run_mkdocs("build", cwd=project)

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert ("jdd: invalid plugin option: vocabulary: build_verbs: must be a list of words or phrases"
            in result.stderr)


def test_build_marker_exempts_line(project: Path, sample: Path) -> None:
    add_to_scenario(sample, "The request limit is lifted in Q3. <!-- jdd: allow JDD506 -->")

    result = run_mkdocs("build", "--strict", cwd=project)

    assert result.returncode == 0, result.stderr
    assert "JDD50" not in result.stderr


def test_guide_covers_codes_and_links() -> None:
    guide = (REPO / "jdds" / "guide" / "content-rules.md").read_text(encoding="utf-8")
    for code in ("JDD502", "JDD503", "JDD504", "JDD505", "JDD506", "JDD507", "JDD508", "JDD509"):
        assert code in guide, f"{code} is not explained in the content rules guide"
    for target in re.findall(r"\]\(([^)#]+)", guide):
        assert (REPO / "jdds" / "guide" / target).is_file(), target

