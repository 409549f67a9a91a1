"""Textual screens of the csp app."""
