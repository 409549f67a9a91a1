"""Textual widgets of the csp app."""
