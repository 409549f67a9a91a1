"""The command line: ``csp`` and its sub-commands."""
