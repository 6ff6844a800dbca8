"""Publishing JDDs from the built site: PDFs printed in headless Chromium.

Unlike `jdd.core`, this package builds the site with MkDocs and drives a
browser, so it is imported only by the commands that need it.
"""
