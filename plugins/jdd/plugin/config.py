"""Options of the `jdd` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class JddConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it:

    ```yaml
    plugins:
      - jdd:
          enabled: !ENV [JDD_ENABLED, true]
    ```
    """

    navigation = c.Type(bool, default=True)
    """Build the navigation from the JDDs: the portfolio, then each JDD's pages in slide order,
    then the other pages of the docs folder. Ignored when mkdocs.yml sets `nav` itself."""

    slide_navigation = c.Type(bool, default=True)
    """Write each slide's navigation in the plugin, with the markup the theme's templates would
    write, in a fraction of their time. This needs the theme feature `navigation.sections` and
    none of `navigation.tabs`, `navigation.indexes`, `navigation.prune`, `navigation.expand`
    and `toc.integrate`. Otherwise, or with `false`, the theme's templates render it."""

    only = c.ListOfItems(c.Type(str), default=[])
    """Build only these JDDs (by slug), plus the pages outside JDDs, for a fast preview while
    editing one JDD; `jdd serve SLUG` sets it through the `JDD_ONLY` environment variable
    (slugs separated by commas). The portfolio then lists only these JDDs.

    ```yaml
    plugins:
      - jdd:
          only: [northwind-seasonal-onboarding]
    ```
    """

    audience = c.Choice(("internal", "customer"), default="internal")
    """Who the site is built for. `internal` (the default) shows internal-only content marked
    "Internal". `customer` removes it before any page is rendered: `!!! internal` and
    `??? internal` blocks, presenter notes, HTML comments, pages with `jdd_internal: true`
    and the cover's `jdd.internal` fields. The `JDD_AUDIENCE` environment variable, when set,
    replaces this option. `jdd export SLUG --audience customer` builds one JDD this way.

    ```yaml
    plugins:
      - jdd:
          audience: customer
    ```
    """

    portfolio = c.Type(bool, default=True)
    """Add the table of every JDD to the home page (`index.md` of the docs folder)."""

    capability_rollup = c.Type(bool, default=True)
    """Generate the page `capabilities/` at the site root: every capability of every JDD with its
    status per customer and job, the capabilities that are a gap for the most customers first."""

    next_steps_page = c.Type(bool, default=True)
    """Generate the page `next-steps/` at the site root: every open next step of every JDD by due
    date, overdue ones marked against the build date. The build date is JDD_BUILD_DATE
    (YYYY-MM-DD), or SOURCE_DATE_EPOCH, or the date of the docs folder's last commit when it has
    no uncommitted changes (so two builds of one commit match), or today."""

    git_revisions = c.Type(bool, default=True)
    """Read each page's and each JDD's last commit from git, with one `git log` for the docs
    folder: the pages' "Last update" dates, the portfolio's "Last updated" column, the revision on
    the cover and the slides' footer. Outside a git work tree, or without git, all are left empty."""

    compact_html = c.Type(bool, default=True)
    """Collapse the indentation that the theme's templates leave in each page (about a fifth of
    its bytes). Only whitespace a browser shows as one space is collapsed; `pre`, `textarea`,
    `script` and `style` elements and attribute values are kept as written."""

    rules = c.Type(dict, default={})
    """Change the severity of finding codes, by code or name (`off`, `warning` or `error`):

    ```yaml
    plugins:
      - jdd:
          rules:
            JDD412: off
            placeholder: error
    ```

    `jdd check` reads this option, `vocabulary` and `word_budgets` from the same mkdocs.yml,
    so the site build and the command report the same findings.
    """

    vocabulary = c.Type(dict, default={})
    """Add words and phrases to the lists the content rules look for. Each list extends its
    defaults. Matching ignores case, and a space matches any whitespace. The lists are
    `build_verbs` and `feature_words` (JDD502), `outcome_phrases` (JDD503), `gap_phrases`
    (JDD504), `supported_phrases` (JDD505), `roadmap_phrases` (JDD506) and `contract_terms`
    (JDD507). `jdd check` and the build reject any other name.

    ```yaml
    plugins:
      - jdd:
          vocabulary:
            build_verbs: [Migrate, Automate]
            roadmap_phrases: [next sprint, in beta soon]
            contract_terms: [uptime commitment]
    ```
    """

    word_budgets = c.Type(dict, default={})
    """Set the maximum number of words per slide kind (JDD508), replacing the defaults of
    120 for the cover body, 250 for the business scenario and 220 for a job overview
    (without its Mermaid source). Values are whole numbers above zero.

    ```yaml
    plugins:
      - jdd:
          word_budgets:
            scenario: 300
            job: 200
    ```
    """

    diagram_browser = c.Optional(c.Type(str))
    """The Chromium or Chrome in which the pinned mermaid checks the diagrams and draws them as SVG
    during the build (default: the `JDD_BROWSER` environment variable, then the Chromium that
    Playwright installed, then the system's). `none` starts no browser: the structural lint
    checks the diagrams and the site draws them in the reader's browser.

    ```yaml
    plugins:
      - jdd:
          diagram_browser: /usr/bin/chromium
    ```
    """
