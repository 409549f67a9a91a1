"""Reading a paper to attach to an agenda item (issue 27): a Word .docx, an OpenDocument
.odt or a PDF, told by its content, not its name. Anything else, and a document that is
encrypted, damaged or too big, is refused with one line naming the file, before
anything is stored."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from csp_tui.domain.papers import MAX_PAPER_BYTES, Paper
from csp_tui.services.input_files import InputFileError, read_input, shown

if TYPE_CHECKING:
    from csp_tui.storage.repository import Repository

_ODT_MIME = b"application/vnd.oasis.opendocument.text"
#: An OLE2 compound file: an old Word .doc, or an encrypted .docx (Office wraps those).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KINDS = "a Word .docx, an OpenDocument .odt or a PDF"


def paper_kind(data: bytes, name: str) -> str:
    """"docx", "odt" or "pdf" for ``data``; InputFileError (naming ``name``) for a
    file that is none of them, or is encrypted or damaged."""
    if data[:1024].lstrip().startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        _check_pdf(data, name)
        return "pdf"
    if data.startswith(_OLE2):
        raise InputFileError(f"{name} is password-protected (encrypted) or an old Word .doc:"
                             f" save it unencrypted as .docx, .odt or PDF")
    if data.startswith(b"PK"):
        return _zip_kind(data, name)
    raise InputFileError(f"{name} is not a document: a paper must be {_KINDS}")


def _zip_kind(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            bad = z.testzip()
            if bad is not None:
                raise InputFileError(f"{name} is damaged ({bad} cannot be read)")
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and z.read("mimetype").strip() == _ODT_MIME:
                manifest = (z.read("META-INF/manifest.xml")
                            if "META-INF/manifest.xml" in names else b"")
                if b"encryption-data" in manifest:
                    raise InputFileError(f"{name} is password-protected (encrypted): save "
                                         "it without a password")
                return "odt"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, KeyError,
            ValueError) as exc:
        if isinstance(exc, InputFileError):
            raise
        raise InputFileError(f"{name} is damaged: it cannot be read as a document"
                             ) from None
    raise InputFileError(f"{name} is not a document: a paper must be {_KINDS}")


def _check_pdf(data: bytes, name: str) -> None:
    # Seam: pikepdf loads when that file is written or read, not with this module.
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if pdf.is_encrypted:
                raise InputFileError(f"{name} is an encrypted PDF: save it without "
                                     "encryption (the pack cannot number its pages)")
            if len(pdf.pages) == 0:
                raise InputFileError(f"{name} is a PDF with no pages")
    except pikepdf.PasswordError:
        raise InputFileError(f"{name} is a password-protected PDF: save it without a "
                             "password") from None
    except pikepdf.PdfError:
        raise InputFileError(f"{name} is a damaged PDF: it cannot be read") from None


def read_paper(path: str | os.PathLike[str]) -> tuple[str, bytes]:
    """The kind and bytes of the paper at ``path`` (at most :data:`MAX_PAPER_BYTES`)."""
    data = read_input(path, what="paper", max_bytes=MAX_PAPER_BYTES)
    return paper_kind(data, shown(path)), data


def attach_file(repo: Repository, item_id: int, path: str | os.PathLike[str], *,
                title: str = "", replace: int | None = None) -> Paper:
    """Read, check and attach the paper at ``path`` to the item (its title: ``title``,
    else the file's name without the extension)."""
    kind, data = read_paper(path)
    name = Path(path).name
    title = " ".join(title.split()) or Path(name).stem.replace("_", " ").strip() or name
    return repo.papers.attach_paper(item_id, title, name, kind, data, replace=replace)
