"""Exporters: the minutes as Word (.docx), Markdown and JSON, and the action log table.

Headless: nothing here imports textual. Each output format renders the same
:class:`~csp_tui.exporters.document.MinutesDocument`, in which the public/full
redaction has already been decided, so no format can publish a restricted item by
rendering the record differently.
"""

from __future__ import annotations


class ExportError(ValueError):
    """An export that cannot be written (bad template, unwritable or locked target).

    A ValueError so that the command line prints it as one line and exits with 2.
    """
