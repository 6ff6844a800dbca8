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

    portfolio = c.Type(bool, default=True)
    """Add the table of every JDD to the home page (`index.md` of the docs folder)."""

    rules = c.Type(dict, default={})
    """Change the severity of finding codes, by code or name (`off`, `warning` or `error`):

    ```yaml
    plugins:
      - jdd:
          rules:
            JDD412: off
            placeholder: error
    ```
    """
