"""csp-minutes: live minutes for Community Safety Partnership boards."""

__version__ = "0.1.0"
