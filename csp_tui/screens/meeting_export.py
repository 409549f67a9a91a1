"""Export from the meeting screen (ctrl+e, F8) and the name check before it (F5): the
near-miss names are asked about first; the minutes are then written by a worker thread
on a connection of its own, and the result is one message (:class:`Exported`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from textual.message import Message
from textual.screen import Screen

from csp_tui.domain.models import error_message
from csp_tui.screens.workers import DIALOG_WORKERS
from csp_tui.storage.repository import Repository
from csp_tui.widgets.capture import CaptureLine


class Exported(Message):
    """The export worker's result: the path written and the pre-export check's
    warnings, or the error."""

    def __init__(self, path: Path | None, error: str = "",
                 warnings: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.path = path
        self.error = error
        self.warnings = warnings


def check_names(screen: Screen, repo: Repository, meeting_id: int,
                reload: Callable[[], None], *, then_export: bool, full: bool = False) -> None:
    """The name check (F5), and the export after it when ``then_export`` (``full``: the
    confidential file). Names to ask about open the name check; ``reload`` is called
    once it closes."""
    from csp_tui.services.name_check import NameIssue, find_name_issues

    issues: list[NameIssue] = find_name_issues(repo.record(meeting_id),
                                               repo.people.accepted_names(meeting_id))
    if issues or repo.names.name_questions(meeting_id):
        screen.run_worker(_ask_about_names(screen, repo, meeting_id, issues, reload,
                                           then_export=then_export, full=full),
                          group=DIALOG_WORKERS)
    elif then_export:
        start_export(screen, repo, meeting_id, full)
    else:
        screen.notify("No names to check: every name matches the roster.")


async def _ask_about_names(screen: Screen, repo: Repository, meeting_id: int, issues: list,
                           reload: Callable[[], None], *, then_export: bool,
                           full: bool = False) -> None:
    from csp_tui.screens.name_check import NameCheckScreen

    check = NameCheckScreen(repo, meeting_id, issues)
    all_decided = await screen.app.push_screen_wait(check)
    reload()
    if not then_export:
        return
    if all_decided:
        start_export(screen, repo, meeting_id, full)
    else:
        left = check.left
        screen.notify(f"Not exported: {left} name{'s' if left != 1 else ''} still to "
                      "check (c corrects, a accepts as written).", severity="warning")


def start_export(screen: Screen, repo: Repository, meeting_id: int, full: bool = False) -> None:
    """Export in a worker thread; said on the capture area's edge until the result
    comes (no toast to stack)."""
    assert repo.path is not None
    screen.query_one(CaptureLine).border_subtitle = (
        f"exporting the {'full (RESTRICTED) ' if full else ''}minutes…")
    screen.run_worker(partial(_export, screen, repo.path, meeting_id, full),
                      thread=True, exclusive=True, group="export")


def _export(screen: Screen, db_path: Path, meeting_id: int, full: bool) -> None:
    # Blocking work on a connection of its own; python-docx is imported only here.
    try:
        from csp_tui.exporters.export import export_meeting

        # A connection of its own; the file was checked (header, schema, integrity)
        # when the app opened it, so no second quick_check on a big file.
        with Repository.open(db_path, checked=True) as repo:
            # The public minutes (restricted items withheld), or with ``full`` the
            # private file `csp export --full` writes, under the same default name,
            # in the folder csp was started from. Names were asked about already.
            result = export_meeting(repo, meeting_id, full=full, name_check=False)
    except Exception as exc:  # noqa: BLE001 - any failure is one line to the user
        screen.post_message(Exported(None, error_message(exc)))
    else:
        screen.post_message(Exported(Path(result.path), warnings=tuple(result.warnings)))


def show_exported(screen: Screen, event: Exported) -> None:
    """Say what the export came to: one message, the result and how many warnings (a
    toast per warning would run past the space messages have at 80x24)."""
    from csp_tui.screens.export_result import export_message

    screen.query_one(CaptureLine).border_subtitle = ""
    message, severity, timeout = export_message(event.path, event.error, event.warnings)
    screen.notify(message, severity=severity, timeout=timeout)
