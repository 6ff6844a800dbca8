"""The catalogue of finding codes.

Each code has a stable identifier, a strictness that decides its severity,
and the example and fix shown in the findings reference. The reference page
in the docs is generated from this catalogue (`jdd codes --format markdown`),
so the two cannot drift apart.

Groups: 1xx structure and sections, 2xx front matter, 3xx diagrams,
4xx jobs and capability consistency, 5xx content, 6xx audience.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Strictness(str, enum.Enum):
    """The rule that chooses a code's severity."""

    #: A structural fault: an error whatever the JDD's status.
    ALWAYS = "always"
    #: Missing or unfinished content: a warning at `draft`, an error after it.
    BY_STATUS = "by-status"
    #: Worth fixing: a warning, which fails only `jdd check --strict` and `mkdocs build --strict`.
    WARNING = "warning"
    #: A note, for example how many diagrams were checked.
    INFO = "info"


@dataclass(frozen=True)
class Code:
    """One finding code, as listed in the findings reference."""

    code: str
    name: str
    strictness: Strictness
    summary: str
    example: str
    fix: str


_CATALOGUE = [
    # 1xx: files, structure and sections.
    Code("JDD101", "missing-file", Strictness.ALWAYS,
         "A required file of the JDD folder is missing.",
         "northwind/capabilities.md:1:1: error JDD101 required file 'capabilities.md' is missing",
         "Create the file; `jdd new` shows the expected content of every file."),
    Code("JDD102", "missing-section", Strictness.BY_STATUS,
         "A required section (heading) is missing from a page.",
         "northwind/jobs/access-review.md:1:1: error JDD102 required section 'Next Steps' is missing",
         "Add a `## Next Steps` heading (or one of its aliases) with its content."),
    Code("JDD103", "empty-section", Strictness.BY_STATUS,
         "A required section or page has no content under its heading.",
         "northwind/business-scenario.md:1:1: error JDD103 section 'Business Scenario' is empty",
         "Write the content under the heading."),
    Code("JDD104", "not-utf8", Strictness.ALWAYS,
         "A file is not valid UTF-8, so the site cannot read it.",
         "northwind/index.md:3:9: error JDD104 byte 0x96 at offset 24 is not valid UTF-8",
         "Save the file as UTF-8; the byte usually comes from a Windows (cp1252) editor."),
    Code("JDD105", "empty-file", Strictness.BY_STATUS,
         "A Markdown file is empty.",
         "northwind/jobs.md:1:1: warning JDD105 the file is empty",
         "Write the page, or delete the file if it is not needed."),
    Code("JDD106", "binary-file", Strictness.ALWAYS,
         "A `.md` file holds binary data.",
         "northwind/jobs/export.md:1:1: error JDD106 the file holds binary data (NUL byte at offset 12)",
         "Replace it with a Markdown text file, or rename it if it is an attachment."),
    Code("JDD107", "unclosed-fence", Strictness.ALWAYS,
         "A code fence is never closed: GitHub hides the rest of the file in the code block, the site shows the fence as text.",
         "northwind/jobs/bulk.md:9:1: error JDD107 code fence opened at line 9 is never closed",
         "Add the closing fence (the same backticks) after the code."),
    Code("JDD108", "nested-section", Strictness.BY_STATUS,
         "A required section heading sits inside an admonition, content tab or HTML block, so it is not a section of the page.",
         "northwind/jobs/bulk.md:8:5: error JDD108 section 'Next Steps' is inside a content tab",
         "Move the heading out of the container, to the top level of the page."),
    Code("JDD109", "html-heading", Strictness.BY_STATUS,
         "A heading written as raw HTML (`<h2>`) does not count as a section.",
         "northwind/jobs/bulk.md:1:1: error JDD109 heading 'Description' is raw HTML",
         "Write it as a Markdown heading: `## Description`."),
    Code("JDD110", "duplicate-section", Strictness.ALWAYS,
         "A required section appears twice on one page.",
         "northwind/jobs/bulk.md:30:1: error JDD110 section 'Diagram' appears twice (first at line 12)",
         "Merge the two sections into one."),
    Code("JDD111", "missing-title", Strictness.BY_STATUS,
         "A page does not start with a level-1 heading, which is its slide title.",
         "northwind/jobs/bulk.md:1:1: error JDD111 the page has no level-1 heading",
         "Start the page with `# Title`."),
    Code("JDD112", "unknown-file", Strictness.WARNING,
         "A Markdown file sits where the format expects none (for example a job page outside `jobs/`).",
         "northwind/bulk.md:1:1: warning JDD112 'bulk.md' is not part of the JDD format",
         "Move job pages into `jobs/`; other pages are shown after the job slides."),
    Code("JDD113", "symlink-outside", Strictness.ALWAYS,
         "A page is a symbolic link to a file outside the docs folder; it is never read or published.",
         "northwind/jobs/bulk.md:1:1: error JDD113 the page is a symbolic link to a file outside the docs folder",
         "Copy the content into the repository instead of linking to it."),
    Code("JDD114", "file-too-large", Strictness.ALWAYS,
         "A Markdown file is larger than the limit the checker reads.",
         "northwind/jobs/bulk.md:1:1: error JDD114 the file is 12.0 MB, over the 8 MB limit",
         "Split the page or move data into an attachment."),
    Code("JDD115", "slug-case-clash", Strictness.ALWAYS,
         "Two JDD folders differ only by letter case, so they collide on case-insensitive file systems and URLs.",
         "Northwind/index.md:1:1: error JDD115 folder 'Northwind' differs from 'northwind' only by case",
         "Rename one folder; slugs are lowercase."),
    Code("JDD116", "invalid-slug", Strictness.ALWAYS,
         "A JDD folder name is not a slug (lowercase letters, digits and hyphens).",
         "Northwind Health/index.md:1:1: error JDD116 folder name 'Northwind Health' is not a slug",
         "Rename the folder, for example to `northwind-health`."),
    Code("JDD117", "file-name-not-utf8", Strictness.ALWAYS,
         "A file or folder name in a JDD is not valid UTF-8, so the site cannot link to it; it is not checked.",
         "northwind/jobs/caf\\xe9.md:1:1: error JDD117 the name 'jobs/caf\\xe9.md' is not valid UTF-8",
         "Rename the file or folder with UTF-8 characters; `\\xNN` marks each invalid byte."),
    Code("JDD120", "heading-without-space", Strictness.WARNING,
         "`#Heading` without a space: the site shows a heading, GitHub shows plain text.",
         "northwind/jobs/bulk.md:3:1: warning JDD120 '#Description' is a heading on the site but text on GitHub",
         "Add a space after the `#` characters."),
    Code("JDD121", "list-after-paragraph", Strictness.WARNING,
         "A list starts on the line after a paragraph: GitHub shows a list, the site shows one run-together paragraph.",
         "northwind/jobs.md:3:1: warning JDD121 list directly after a paragraph",
         "Add a blank line before the list."),
    Code("JDD122", "table-after-paragraph", Strictness.WARNING,
         "A table starts on the line after a paragraph: GitHub shows a table, the site shows text with pipes.",
         "northwind/capabilities.md:3:1: warning JDD122 table directly after a paragraph",
         "Add a blank line before the table."),
    Code("JDD123", "nested-list-indent", Strictness.WARNING,
         "A nested list is indented by fewer than four spaces: GitHub nests it, the site flattens it.",
         "northwind/jobs/bulk.md:20:3: warning JDD123 nested list indented by 2 spaces",
         "Indent nested list items by four spaces."),
    Code("JDD124", "setext-heading", Strictness.WARNING,
         "A `---` line right under a paragraph turns that paragraph into a heading on both GitHub and the site.",
         "northwind/business-scenario.md:7:1: warning JDD124 '---' under a paragraph makes it a heading",
         "Put a blank line before `---` for a horizontal rule, or write the heading with `##`."),
    Code("JDD125", "metadata-line", Strictness.WARNING,
         "The first lines look like `Key: value` without `---` fences: the site reads them as page metadata and drops them.",
         "northwind/business-scenario.md:1:1: warning JDD125 line 1 'Customer: Northwind' is read as metadata",
         "Start the page with its `# Heading`, or put metadata between `---` lines."),
    Code("JDD126", "heading-in-html", Strictness.WARNING,
         "A Markdown heading inside an HTML block is text on GitHub but may be a heading on the site.",
         "northwind/jobs/bulk.md:4:1: warning JDD126 heading inside an HTML block",
         "Close the HTML block (blank line) before the heading."),
    Code("JDD127", "heading-trailing-hash", Strictness.WARNING,
         "A heading ends in `#` glued to a word: GitHub keeps it, the site drops it.",
         "northwind/jobs/bulk.md:1:1: warning JDD127 '## Support for C#': the site shows 'Support for C'",
         "Escape the character: `## Support for C\\#`."),
    Code("JDD128", "script-in-content", Strictness.ALWAYS,
         "Raw HTML that runs script (`<script>`, an `on...=` handler, a `javascript:` link) in a page.",
         "northwind/jobs/bulk.md:14:1: error JDD128 raw HTML runs script: '<script>'",
         "Remove it: JDD pages are documents, and the site and PDFs must not run code from them."),
    # 2xx: front matter.
    Code("JDD201", "yaml-syntax", Strictness.ALWAYS,
         "The front matter is not valid YAML.",
         "northwind/index.md:3:16: error JDD201 mapping values are not allowed here",
         "Quote values that contain `: ` or start with a special character."),
    Code("JDD202", "front-matter-shape", Strictness.ALWAYS,
         "The front matter is not a mapping of keys to values, or is not closed.",
         "northwind/index.md:1:1: error JDD202 front matter opened at line 1 is never closed",
         "Close the front matter with a `---` line and write it as `key: value` lines."),
    Code("JDD203", "missing-key", Strictness.BY_STATUS,
         "A required front matter key is missing.",
         "northwind/index.md:2:1: error JDD203 required key 'jdd.opened' is missing",
         "Add the key under `jdd:` in `index.md`."),
    Code("JDD204", "unknown-key", Strictness.ALWAYS,
         "A key under `jdd:` is not part of the format (usually a typo).",
         "northwind/index.md:5:3: error JDD204 unknown key 'jdd.custmer'; did you mean 'customer'?",
         "Correct the key name; put free-form notes under `jdd.internal`."),
    Code("JDD205", "invalid-date", Strictness.ALWAYS,
         "A date is not an ISO date `YYYY-MM-DD`.",
         "northwind/index.md:9:11: error JDD205 'jdd.opened' is '2/11/2026', not an ISO date",
         "Write the date as `YYYY-MM-DD`, for example `2026-11-02`."),
    Code("JDD206", "invalid-status", Strictness.ALWAYS,
         "The JDD status is not one of draft, in-review, shared, closed.",
         "northwind/index.md:6:11: error JDD206 status 'review' is not valid; did you mean 'in-review'?",
         "Use one of: draft, in-review, shared, closed."),
    Code("JDD207", "wrong-type", Strictness.ALWAYS,
         "A value has the wrong type, often because YAML read the text as a boolean, number or date.",
         "northwind/index.md:4:13: error JDD207 'jdd.customer' was typed as 'NO' and YAML read it as the boolean false",
         "Quote the value: `customer: \"NO\"`."),
    Code("JDD208", "duplicate-key", Strictness.ALWAYS,
         "A key appears twice in the same mapping; YAML would silently keep the last one.",
         "northwind/index.md:9:3: error JDD208 duplicate key 'opened' (lines 7 and 9)",
         "Delete one of the two lines."),
    Code("JDD209", "yaml-alias", Strictness.ALWAYS,
         "The front matter uses YAML anchors or aliases, which are not allowed.",
         "northwind/index.md:3:4: error JDD209 YAML anchors and aliases are not allowed in front matter",
         "Write each value out in full."),
    Code("JDD210", "front-matter-too-large", Strictness.ALWAYS,
         "The front matter is larger than the limit the checker reads.",
         "northwind/index.md:1:1: error JDD210 front matter is 80000 bytes, over the 65536-byte limit",
         "Move long text into the page body."),
    Code("JDD211", "front-matter-at-eof", Strictness.ALWAYS,
         "The closing `---` is the last line with no newline after it, so the site does not see the front matter.",
         "northwind/index.md:12:1: error JDD211 the closing '---' has no newline after it",
         "End the file with a newline, and give the page a body."),
    Code("JDD212", "yaml-comment-cut", Strictness.WARNING,
         "An unquoted value is followed by ` #...`, which YAML reads as a comment, so the value is cut short.",
         "northwind/index.md:4:10: warning JDD212 'jdd.title' is cut at ' #': YAML reads 'Fix' and drops '#2 onboarding'",
         "Quote the whole value."),
    Code("JDD213", "misplaced-metadata", Strictness.ALWAYS,
         "JDD metadata appears on a page other than the cover, or a `jdd_` key is unknown.",
         "northwind/jobs.md:2:1: error JDD213 'jdd' metadata belongs in index.md",
         "Move the metadata to the cover page `index.md`."),
    # 3xx: diagrams.
    Code("JDD301", "diagram-syntax", Strictness.ALWAYS,
         "A Mermaid diagram does not parse with the site's pinned mermaid, or mermaid parses an edge it then "
         "fails to draw.",
         "northwind/jobs/access.md:14:9: error JDD301 Mermaid diagram does not parse on diagram line 3: expected a "
         "node after '-->'",
         "Fix the diagram at the line given; the message names what mermaid expected."),
    Code("JDD302", "diagram-count", Strictness.BY_STATUS,
         "The Diagram section of a job overview must hold exactly one Mermaid block.",
         "northwind/jobs/bulk.md:10:1: error JDD302 the Diagram section has no Mermaid block",
         "Put one ```` ```mermaid ```` fenced block under `## Diagram`."),
    Code("JDD303", "diagrams-not-render-checked", Strictness.INFO,
         "No browser (or no installed mermaid) was available, so diagrams were checked by the structural lint only.",
         "info JDD303 diagrams were not render-checked with mermaid: no Chromium or Chrome found; ...",
         "Install Chromium (or set JDD_BROWSER to one) and run `npm ci`, so mermaid itself checks every diagram."),
    Code("JDD304", "diagram-too-large", Strictness.ALWAYS,
         "A diagram is over mermaid's maxTextSize (50,000 characters) or its limit of 500 edges.",
         "northwind/jobs/bulk.md:12:1: error JDD304 Mermaid diagram line 1: the diagram has 95,176 characters, "
         "over mermaid's maxTextSize of 50,000",
         "Split the diagram into smaller ones, for example one per stage of the job."),
    Code("JDD305", "diagram-comment", Strictness.ALWAYS,
         "A `%%` comment follows a statement on the same line (mermaid draws it as text or rejects the line), or a "
         "comment starts with `%%{`, which mermaid reads as a directive that can swallow the rest of the diagram.",
         "northwind/jobs/bulk.md:14:21: error JDD305 Mermaid diagram line 3: '%% nightly only' is a comment "
         "at the end of a statement",
         "Put each comment on a line of its own, starting with `%% ` and not with `%%{`."),
    Code("JDD306", "diagram-drawn-differently", Strictness.ALWAYS,
         "Mermaid accepts a flowchart but draws it differently than it is written. It removes a `<...>` in a "
         "label as an HTML tag (`<customer id>`), drops a `>` from a label without `<` (`Total > 100`), and "
         "takes an `o`, `x` or `<` next to an arrow as an arrow head (`A---xray` draws an edge with a cross to "
         "a node `ray`).",
         "northwind/jobs/access.md:15:12: error JDD306 Mermaid diagram line 4: the label 'Send <customer id> to "
         "CRM' shows as 'Send to CRM': mermaid reads '<customer id>' as an HTML tag and removes it; ...",
         "Write angle brackets in a label as `#lt;` and `#gt;`, and put a space between an arrow and a node id "
         "or edge text that starts or ends with `o` or `x`; the message shows what mermaid will draw and the "
         "fixed text."),
    # 4xx: jobs and capability consistency.
    Code("JDD401", "jobs-list-missing", Strictness.BY_STATUS,
         "`jobs.md` has no ordered list of jobs.",
         "northwind/jobs.md:1:1: error JDD401 no ordered list of jobs",
         "List the jobs as `1. [Job title](jobs/job.md): description`, in priority order."),
    Code("JDD402", "broken-job-link", Strictness.ALWAYS,
         "A job link does not lead to a job page in `jobs/`.",
         "northwind/jobs.md:5:4: error JDD402 link 'jobs/acces-review.md' leads to no file; did you mean 'jobs/access-review.md'?",
         "Correct the link, or create the job page."),
    Code("JDD403", "job-not-listed", Strictness.ALWAYS,
         "A job page exists but is not listed in `jobs.md`.",
         "northwind/jobs/export.md:1:1: error JDD403 job page 'jobs/export.md' is not listed in jobs.md",
         "Add it to the ordered list in `jobs.md`, or delete the page."),
    Code("JDD404", "job-listed-twice", Strictness.ALWAYS,
         "A job is listed more than once in `jobs.md`.",
         "northwind/jobs.md:7:4: error JDD404 'jobs/bulk.md' is listed twice (first at line 3)",
         "Keep one entry; the position is the job's priority."),
    Code("JDD405", "job-without-capability", Strictness.ALWAYS,
         "A listed job has no row in the capability table.",
         "northwind/capabilities.md:3:1: error JDD405 job 'Prove access compliance' has no capability row",
         "Add at least one row for the job to `capabilities.md`."),
    Code("JDD406", "invalid-capability-status", Strictness.ALWAYS,
         "A capability status is not one of Supported, Partial, Workaround, Gap.",
         "northwind/capabilities.md:6:1: error JDD406 status 'Planned' is not valid",
         "Use one of: Supported, Partial, Workaround, Gap."),
    Code("JDD407", "capability-table", Strictness.BY_STATUS,
         "`capabilities.md` has no table with the columns Job, Capability, Status and Notes.",
         "northwind/capabilities.md:1:1: error JDD407 no capability table",
         "Add the table with the header `| Job | Capability | Status | Notes |`."),
    Code("JDD408", "capability-unknown-job", Strictness.ALWAYS,
         "A capability row names a job that is not listed in `jobs.md`.",
         "northwind/capabilities.md:7:1: error JDD408 row names job 'Bulk import', which jobs.md does not list",
         "Link the row to a listed job page: `[Title](jobs/job.md)`."),
    Code("JDD409", "next-step-format", Strictness.BY_STATUS,
         "A next step is not a task list item `- [ ] action — owner — YYYY-MM-DD`.",
         "northwind/jobs/bulk.md:31:1: error JDD409 next step has no owner",
         "Write it as `- [ ] Share the guide — Tom Okafor — 2026-12-10`."),
    Code("JDD410", "next-step-date", Strictness.ALWAYS,
         "A next step's due date is not a valid ISO date.",
         "northwind/jobs/bulk.md:31:1: error JDD410 due date '12/10' is not an ISO date",
         "Write the date as `YYYY-MM-DD`."),
    Code("JDD411", "job-link-outside", Strictness.ALWAYS,
         "A job link leads outside the JDD's `jobs/` folder.",
         "northwind/jobs.md:3:4: error JDD411 link '../other/jobs/bulk.md' leads outside this JDD's jobs/ folder",
         "Link to a page in this JDD's `jobs/` folder."),
    Code("JDD412", "job-title-mismatch", Strictness.WARNING,
         "A job's title in `jobs.md` differs from its overview's heading.",
         "northwind/jobs.md:3:4: warning JDD412 'Bulk provisioning' differs from the overview title 'Provision clinicians in bulk'",
         "Use the same title in both places."),
    # 5xx: content.
    Code("JDD501", "placeholder", Strictness.BY_STATUS,
         "Text left over from a template: TODO, TBD, FIXME, lorem ipsum or a `<placeholder>`.",
         "northwind/business-scenario.md:5:1: warning JDD501 placeholder 'TODO' left in the text",
         "Replace the placeholder with real content."),
    Code("JDD502", "job-reads-as-feature", Strictness.WARNING,
         "A job title in `jobs.md` or a job overview starts with a build verb (Add, Build, Support, Integrate, "
         "Implement, Enable, Create, Provide, ...), ends with a product part (API, dashboard, integration, ...) "
         "or is the name of a capability, so it reads as a feature request instead of a job.",
         "northwind/jobs.md:3:5: warning JDD502 job 'Add a bulk import API' starts with the build verb 'Add', "
         "so it reads as a feature request",
         "Name what the customer gets done ('Provision seasonal clinicians in bulk') and describe it as "
         "'When <situation>, <who> must <motivation>, so that <outcome>'. Extra verbs and words: "
         "`vocabulary: build_verbs:` and `feature_words:`."),
    Code("JDD503", "description-without-outcome", Strictness.WARNING,
         "A job overview's Description has no outcome clause: none of 'so that', 'in order to', 'so as to', "
         "', so <clause>' or a purpose such as 'to avoid', 'to ensure', 'to meet'.",
         "northwind/jobs/bulk.md:5:1: warning JDD503 the Description has no outcome clause such as 'so that …'",
         "End the Description with what the customer gains: 'When flu season starts, the identity team must "
         "get 5,000 clinicians working on day one, so that no clinic opens short-staffed.' Extra phrases: "
         "`vocabulary: outcome_phrases:`."),
    Code("JDD504", "gap-not-stated", Strictness.BY_STATUS,
         "`capabilities.md` marks a capability of the job as `Gap`, but the job overview's Assumptions, Risks, "
         "and Limitations section says nothing of it (neither 'gap', 'not supported', 'not in the product' "
         "nor the capability's name) in customer-facing text.",
         "northwind/jobs/access-review.md:19:1: error JDD504 capabilities.md marks 'Access review report' "
         "(line 8) as a Gap for this job, but the 'Assumptions, Risks, and Limitations' section does not say so",
         "State the gap plainly in that section: '- Limitation: the product has no access review report "
         "today (a gap).' Extra phrases: `vocabulary: gap_phrases:`."),
    Code("JDD505", "gap-reads-as-supported", Strictness.WARNING,
         "Every capability row of the job is `Gap`, but its overview says 'supported', 'works today', 'out of "
         "the box' or similar (not negated), so the slide reads as if the product does the job.",
         "northwind/jobs/access-review.md:7:12: warning JDD505 'works today' reads as if the product does "
         "this job today, but every capability row for it in capabilities.md is a Gap (line 8)",
         "Say plainly what the product does not do, and what the customer can do meanwhile. Extra phrases: "
         "`vocabulary: supported_phrases:`."),
    Code("JDD506", "roadmap-language", Strictness.BY_STATUS,
         "Customer-facing text promises product work or gives release timing: 'will ship', 'coming soon', "
         "'roadmap', 'next release', a quarter such as 'Q3 2027', a half-year such as 'H2', or a delivery "
         "date such as 'by March 2027'. Due dates in Next Steps are not release timing.",
         "northwind/capabilities.md:8:72: error JDD506 'planned for Q3 2027' promises future product work "
         "in customer-facing text, and a JDD is not a roadmap",
         "Say what the product does today, put any follow-up in Next Steps with an owner and a due date, and "
         "keep release plans in an `!!! internal` admonition. Extra phrases: `vocabulary: roadmap_phrases:`."),
    Code("JDD507", "contract-language", Strictness.BY_STATUS,
         "Customer-facing text uses contract or legal terms: 'guarantee', 'SLA', 'we commit to', 'warranty', "
         "'penalty', 'liable', 'legally binding' and similar. A JDD is a discussion document, not a contract.",
         "northwind/jobs/bulk.md:6:4: error JDD507 'guarantee' is contract language, and a JDD is a "
         "discussion document, not a contract or a statement of work",
         "State what the product does today as a fact, write agreed follow-up as a next step, and leave "
         "service levels and legal terms to the contract. Extra terms: `vocabulary: contract_terms:`."),
    Code("JDD508", "slide-word-budget", Strictness.WARNING,
         "A slide has more words than its budget, so it probably does not fit one slide. The default budgets "
         "are estimates: cover 120, business scenario 250, job overview 220 words. Mermaid source and internal "
         "content do not count.",
         "northwind/business-scenario.md:1:1: warning JDD508 the business scenario slide has 312 words, "
         "over its budget of 250",
         "Shorten the page, move detail to an appendix page or an `!!! internal` admonition, or change the "
         "budget with `word_budgets:` in mkdocs.yml."),
    Code("JDD509", "allow-marker", Strictness.ALWAYS,
         "An exemption marker `<!-- jdd: allow CODE -->` names no code, names a code that does not exist, "
         "or uses another word than `allow`.",
         "northwind/jobs.md:4:50: error JDD509 the marker names 'JDD560', which is not a finding code; "
         "did you mean 'JDD506'?",
         "Name an existing code or code name, as in `<!-- jdd: allow JDD506 -->`."),
]

CODES: dict[str, Code] = {code.code: code for code in _CATALOGUE}


def register(code: Code) -> Code:
    """Add a code to the catalogue; each code may be registered once."""
    if code.code in CODES:
        raise ValueError(f"finding code {code.code} is registered twice")
    CODES[code.code] = code
    return code


def lookup(code: str) -> Code:
    return CODES[code]


def catalogue_markdown() -> str:
    """Write the findings reference page as Markdown, grouped by hundreds."""
    groups = {
        "1": "Structure and sections",
        "2": "Front matter",
        "3": "Diagrams",
        "4": "Jobs and capabilities",
        "5": "Content",
        "6": "Audience and confidentiality",
    }
    strictness_text = {
        Strictness.ALWAYS: "error at every status",
        Strictness.BY_STATUS: "warning at `draft`, error from `in-review` on",
        Strictness.WARNING: "warning",
        Strictness.INFO: "information",
    }
    lines = [
        "# Findings reference",
        "",
        "Every finding `jdd check` and the site build report, by code. "
        "Each severity is the default, which the `rules:` option of the `jdd` plugin can change.",
        "",
        "<!-- Generated by `jdd codes --format markdown`; edit plugins/jdd/core/codes.py instead. -->",
        "",
    ]
    for prefix, title in groups.items():
        codes = [code for code in sorted(CODES.values(), key=lambda c: c.code) if code.code[3] == prefix]
        if not codes:
            continue
        lines += [f"## {prefix}xx: {title}", ""]
        for code in codes:
            lines += [
                f"### {code.code} `{code.name}`",
                "",
                f"{code.summary}",
                "",
                f"- Severity: {strictness_text[code.strictness]}.",
                f"- Fix: {code.fix}",
                "",
                "```text",
                code.example,
                "```",
                "",
            ]
    return "\n".join(lines).rstrip() + "\n"
