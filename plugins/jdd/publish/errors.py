"""The error publishing raises for a user to act on."""


class PublishError(Exception):
    """Publishing failed; the message says what failed and what to do."""
