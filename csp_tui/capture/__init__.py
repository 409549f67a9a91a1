"""The capture language: what the note taker types in the capture line.

:mod:`~csp_tui.capture.grammar` reads a line into a typed ``ParsedLine`` (one class
per slash command's arguments), :mod:`~csp_tui.capture.handlers` (with
:mod:`~csp_tui.capture.people` for attendance) carries it out and returns an
``Outcome`` saying what changed, and :mod:`~csp_tui.capture.completion` completes what
is being typed. The package itself imports nothing, so each caller loads only what it
uses.
"""
