"""Exporters: the minutes as Word (.docx), Markdown and JSON, and the action log table.

Headless: nothing here imports textual. Each output format renders the same
:class:`~csp_tui.exporters.document.MinutesDocument`, in which the public/full
redaction has already been decided, so no format can publish a restricted item by
rendering the record differently.
"""

from __future__ import annotations

#: The language of every exported document (the .docx properties and default run
#: language, and so the PDF's /Lang) unless the caller passes another: the one place
#: it is written. Every exporter takes a ``language`` parameter defaulting to this, so
#: that the board's house style can set it.
DEFAULT_LANGUAGE = "en-GB"


class ExportError(ValueError):
    """An export that cannot be written (bad template, unwritable or locked target).

    A ValueError so that the command line prints it as one line and exits with 2.
    """
