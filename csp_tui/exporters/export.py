"""One entry point for every export: pick the meeting, build the view, write the file."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from csp_tui.domain.house_style import Style, load_style
from csp_tui.domain.lifecycle import follows_actions, style_fixed
from csp_tui.domain.models import Action, MeetingRecord
from csp_tui.domain.restriction import item_restricted
from csp_tui.exporters import ExportError
from csp_tui.exporters.action_log import action_rows, add_action_table, landscape_section
from csp_tui.exporters.checks import check_record
from csp_tui.exporters.document import MinutesDocument, build_document, restricted_actions
from csp_tui.exporters.files import atomic_write, write_text
from csp_tui.exporters.json_io import record_json
from csp_tui.exporters.markdown import action_log_markdown, to_markdown
from csp_tui.exporters.page import build_page, page_html
from csp_tui.exporters.pdf import convert_to_pdf, require_soffice

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

FORMATS = ("docx", "pdf", "md", "json", "page")


@dataclass(slots=True)
class ExportResult:
    """Where the file went, and the pre-export check's warnings."""

    path: Path
    warnings: list[str] = field(default_factory=list)
    #: Other files written with it (the page format's .docx beside its HTML).
    also: list[Path] = field(default_factory=list)


def target_path(out: Path | str | None, stem: str, ext: str) -> Path:
    """``out`` itself, or the default name inside ``out`` (a folder) or the current
    folder; absolute, so that every message naming it (the app's, the command line's)
    says where the file is whatever folder csp ran in."""
    name = f"{stem}.{ext}"
    if out is None or str(out) == "":
        return Path.cwd() / name
    out_s = str(out)
    path = Path(os.path.abspath(Path(out).expanduser()))
    if path.is_dir() or out_s.endswith((os.sep, "/")):
        return path / name
    return path


def meeting_dates(repo: Repository, actions: Iterable[Action]) -> dict[int, dt.date]:
    """The date of each meeting ``actions`` were raised in, by id: the action plan's
    Start Date of its actions (read for those meetings only, not every meeting)."""
    return repo.meetings.meeting_dates(a.meeting_id for a in actions if a.meeting_id is not None)


def style_of(repo: Repository, meeting_id: int,
             style: Style | str | Path | None = None) -> Style:
    """The house style to write the meeting's minutes in: the repository's one answer
    (:meth:`~csp_tui.storage.versions.VersionsStore.style_for`: the board's until the
    minutes are circulated, the style kept with them after). ``style`` (a style, a
    built-in's name or a style file: ``--style``) instead, for minutes not yet
    circulated only: a circulated or approved record is not re-styled
    (:class:`~csp_tui.exporters.ExportError`, one line).
    :class:`~csp_tui.domain.house_style.StyleError` (one line) for a bad one."""
    if style is None or str(style) == "":
        return repo.settings.style_for(meeting_id)
    meeting = repo.meetings.meeting(meeting_id)
    if style_fixed(meeting.state):
        kept = repo.settings.style_for(meeting_id)
        raise ExportError(f"the minutes of {meeting.date.day} {meeting.date:%B %Y} are "
                          f"{meeting.state.value} in the style {kept.name} and keep it: "
                          "--style applies to minutes not yet circulated")
    if isinstance(style, Style):
        return style
    return load_style(Path(style).expanduser() if Path(style).suffix else str(style))


def minutes_of(repo: Repository, meeting_id: int, *, full: bool,
               style: Style | str | Path | None = None
               ) -> tuple[MeetingRecord, MinutesDocument, frozenset[int]]:
    """The record, its minutes (public unless ``full``; in ``style``, else the board's
    house style) and the restricted actions. An approved meeting's come from its
    frozen record, with its version and time."""
    house = style_of(repo, meeting_id, style)
    frozen = repo.versions.frozen(meeting_id)
    if frozen is not None:
        record, lookup = frozen.record, frozen
        version, at = frozen.version, frozen.at
    else:
        record, lookup = repo.record(meeting_id), repo
        version, at = repo.versions.latest_version(meeting_id) + 1, None
    # A frozen record answers the look-ups of earlier meetings as the repository would.
    restricted = restricted_actions(lookup, record)  # type: ignore[arg-type]
    shown = _as_fixed(repo, meeting_id, record, frozen is not None)
    if shown is not record:
        # The actions as circulated are asked about too: none is printed unasked.
        restricted |= restricted_actions(lookup, shown)  # type: ignore[arg-type]
    minutes = build_document(shown, full=full, restricted_actions=restricted,
                             version=version, at=at, style=house,
                             minute_base=repo.committee.minute_base(meeting_id, house))
    return record, minutes, restricted


def _as_fixed(repo: Repository, meeting_id: int, record: MeetingRecord,
              frozen: bool) -> MeetingRecord:
    """The record whose minutes print: once circulated (the lifecycle's rule), the
    earlier meetings' actions under Minutes and Action Log as the latest version
    circulated them, not as the action log has them since. The record itself (the
    JSON backup) stays as it stands."""
    if frozen or follows_actions(record.meeting.state):
        return record
    fixed = repo.versions.frozen(meeting_id, repo.versions.latest_version(meeting_id))
    if fixed is None:
        return record
    return record.model_copy(update={"carried_actions": fixed.record.carried_actions})


def export_meeting(repo: Repository, meeting_ref: str | int | None = None, *,
                   out: Path | str | None = None, full: bool = False,
                   template: Path | str | None = None, fmt: str = "docx",
                   action_log: bool = False, name_check: bool = True,
                   style: Style | str | Path | None = None,
                   language: str | None = None, check_only: bool = False
                   ) -> ExportResult:
    """Export one meeting (by id or date; None for the latest) and return the path.
    ``name_check`` False leaves the name check out of the warnings. ``style``: the
    house style (a built-in's name or a style file) instead of the board's; a bad
    one is :class:`~csp_tui.domain.house_style.StyleError` and nothing is written.
    ``language``: the documents' language (their properties, and so the PDF's /Lang),
    the style's unless given. ``check_only``: build everything and run every check
    (the .docx and template accessibility rules, and for a PDF, converted in a
    temporary folder, the PDF's), but write nothing."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if action_log and fmt == "page":
        raise ExportError("--action-log applies to Word, PDF and Markdown output only")
    if template is not None and fmt not in ("docx", "pdf"):
        raise ExportError("--template applies to Word (.docx) and PDF output only")
    # Before anything is read or written: without LibreOffice there is no PDF.
    soffice = _soffice() if fmt == "pdf" else ""
    meeting = repo.meetings.find_meeting(meeting_ref)
    assert meeting.id is not None
    record, minutes, restricted = minutes_of(repo, meeting.id, full=full, style=style)
    warnings = check_record(record, full=full, names=name_check,
                            accepted=repo.people.accepted_names(meeting.id), withheld=restricted,
                            style=minutes.style)
    if name_check:
        # Names an attendance line kept as typed, still unconfirmed: printed as typed.
        warnings += [f"name check: {q.describe()}" for q in repo.names.name_questions(meeting.id)]
    if fmt == "json":
        if check_only:
            return ExportResult(target_path(out, minutes.file_stem, fmt), warnings)
        return ExportResult(_write_json(repo, record, meeting.id, out, full, minutes,
                                        restricted), warnings)
    if fmt == "page":
        return _write_page(record, minutes, out, warnings)
    path = target_path(out, minutes.file_stem, fmt)
    actions = [*record.carried_actions, *record.actions]
    # Only the action log prints Start Dates: the minutes alone read no other meeting.
    started = meeting_dates(repo, actions) if action_log else {}
    if fmt == "md":
        if check_only:
            return ExportResult(path, warnings)

        text = to_markdown(minutes)
        if action_log:
            text += "\n" + action_log_markdown(actions, record.people, full=full,
                                               restricted=restricted, started=started,
                                               style=minutes.style)
        return ExportResult(write_text(path, text, private=full), warnings)
    # Seam: python-docx loads when that file is written or read, not with this module.
    from csp_tui.exporters.a11y_check import document_warnings, template_warnings
    from csp_tui.exporters.docx_writer import build_docx, save_docx

    template_path = Path(template).expanduser() if template is not None else None
    doc = build_docx(minutes, template_path, language=language)
    if action_log:
        # Seam: python-docx loads when that file is written or read, not with this module.
        from csp_tui.exporters.docx_writer import ensure_styles

        landscape_section(doc, new=True)
        rows = action_rows(actions, record.people, full=full, restricted=restricted,
                           started=started, style=minutes.style)
        add_action_table(doc, rows, ensure_styles(doc), style=minutes.style)
    # The publication check's accessibility rules, on what is about to be written; a
    # template's headers and footers are checked (once) with the rest of the template.
    warnings += document_warnings(doc, stories=template_path is None)
    if template_path is not None:
        warnings += template_warnings(template_path)
    if fmt == "pdf":
        # The PDF check's reader (pikepdf: a sixth of a second of CPU to import) is
        # loaded on the other core while LibreOffice converts, not after it.
        checker = _preload("csp_tui.exporters.pdf_check")
        data = pdf_bytes(doc, path, soffice, at=minutes.at)
        checker.join()
        # Seam: pikepdf loads when that file is written or read, not with this module.
        from csp_tui.exporters.pdf_check import pdf_warnings

        warnings += pdf_warnings(data)
        if check_only:
            return ExportResult(path, warnings)

        return ExportResult(atomic_write(path, lambda t: t.write_bytes(data), private=full),
                            warnings)
    if check_only:
        return ExportResult(path, warnings)
    return ExportResult(save_docx(doc, path, private=full, at=minutes.at), warnings)


def _preload(module: str) -> threading.Thread:
    """Import ``module`` in a thread of its own (started, returned to be joined); a
    failure is left for the import that needs the module to raise."""
    def load() -> None:
        with contextlib.suppress(Exception):
            importlib.import_module(module)

    thread = threading.Thread(target=load, name=f"preload {module}", daemon=True)
    thread.start()
    return thread


def _soffice() -> str:
    return require_soffice()


def save_pdf(doc, path: Path, soffice: str, *, full: bool, at: dt.datetime | None) -> Path:
    """The tagged PDF of ``doc`` at ``path``, replacing it atomically (0600 if
    ``full``)."""
    data = pdf_bytes(doc, path, soffice, at=at)
    return atomic_write(path, lambda t: t.write_bytes(data), private=full)


def pdf_bytes(doc, path: Path, soffice: str, *, at: dt.datetime | None) -> bytes:
    """The tagged PDF of ``doc``: the .docx goes to a private temporary folder only
    (named as ``path``, so the conversion's messages name the file the user asked
    for), and LibreOffice converts it."""
    # Seam: python-docx loads when that file is written or read, not with this module.
    from csp_tui.exporters.docx_writer import save_docx

    with tempfile.TemporaryDirectory(prefix="csp-export-") as tmp:
        docx = save_docx(doc, Path(tmp) / f"{path.stem}.docx", private=True, at=at)
        return convert_to_pdf(docx, soffice)


def _write_json(repo: Repository, record: MeetingRecord, meeting_id: int,
                out: Path | str | None, full: bool, minutes: MinutesDocument,
                restricted: frozenset[int]) -> Path:
    if not full and (restricted or any(item_restricted(i, record.item) for i in record.items)):
        # A backup holds everything; it must not pass for a public file.
        raise ExportError("this meeting has restricted items and the JSON backup holds "
                          "everything: add --full to write it")
    stem = minutes.file_stem.replace("-minutes", "")
    # Private even without restricted items: a backup holds the people's details too.
    frozen = repo.versions.frozen(meeting_id)
    text = record_json(frozen or repo, record)  # type: ignore[arg-type]
    return write_text(target_path(out, stem, "json"), text, private=True)


def _write_page(record: MeetingRecord, minutes: MinutesDocument, out: Path | str | None,
                warnings: list[str]) -> ExportResult:
    """The committee-system page in the minutes' own house style: the HTML file, and
    the .docx of the same layout beside it (private and atomic as every export with
    restricted content)."""
    # Seam: python-docx loads when that file is written or read, not with this module.
    from csp_tui.exporters.docx_writer import save_docx
    from csp_tui.exporters.page_docx import build_page_docx

    page = build_page(minutes, record, minutes.style)
    path = target_path(out, page.file_stem, "html")
    if path.suffix.lower() in (".htm", ".html"):
        html_path, docx_path = path, path.with_suffix(".docx")
    else:
        html_path, docx_path = path.with_name(path.name + ".html"), path.with_name(
            path.name + ".docx")
    written = write_text(html_path, page_html(page), private=minutes.full)
    doc = build_page_docx(page, version=minutes.version, status=minutes.status,
                          at=minutes.at)
    return ExportResult(written, warnings,
                        [save_docx(doc, docx_path, private=minutes.full, at=minutes.at)])
