"""Exceptions raised by comity's library code.

    ComityError
    ├── ConfigError      settings that cannot be used
    ├── IngestError      an input that cannot become a document (reason in the message)
    ├── ExtractionError  the NLP pipeline could not be built or run
    ├── StoreError       the database could not be opened, migrated or written
    └── NotFound         an id or code that is not in the store or knowledge base

The library raises these and never prints or exits; the CLI turns them into a
one-line message and an exit code.
"""

from __future__ import annotations


class ComityError(Exception):
    """Base of every error comity raises on purpose."""


class ConfigError(ComityError):
    pass


class IngestError(ComityError):
    pass


class ExtractionError(ComityError):
    pass


class StoreError(ComityError):
    pass


class NotFound(ComityError):
    pass
