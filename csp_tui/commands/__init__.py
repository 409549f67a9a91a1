"""Sub-commands of ``csp``. Each module exposes ``register(subparsers)`` and imports
nothing heavy at module level."""
