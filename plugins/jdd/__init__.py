"""Jobs Definition Documents: the core library, the MkDocs plugin and the `jdd` command."""

__version__ = "0.1.0"
