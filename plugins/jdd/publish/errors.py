"""The error publishing raises for a user to act on."""


class PublishError(Exception):
    """Publishing failed. The message names what failed and what to do next."""
