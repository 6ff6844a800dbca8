"""The MkDocs plugin `jdd`: a thin adapter between MkDocs and the JDD core."""
