"""A tagged PDF of the Word minutes, made by LibreOffice headless (issue 23).

The .docx already carries the structure (headings by outline level, real lists, table
header rows, the language, the title); LibreOffice turns it into a tagged PDF/UA file
whose window shows the document's title. Each conversion runs with its own temporary
LibreOffice profile, so a LibreOffice window the user has open neither blocks it nor
receives it, and with a time limit, so a stuck conversion cannot hang ``csp``.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from csp_tui.domain.text import path_for_display
from csp_tui.exporters import ExportError

#: How long a conversion may take before it is stopped (a 200-item board takes seconds).
TIMEOUT_S = 180
#: What to install where LibreOffice is missing: one line for the error message.
INSTALL_HINT = ("LibreOffice is needed for PDF output and was not found: install it "
                "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui; elsewhere "
                "https://www.libreoffice.org), or export .docx and convert it yourself")
#: Tagged PDF, PDF/UA, and the title (not the file name) in the reader's title bar.
FILTER = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
          '"PDFUACompliance":{"type":"boolean","value":"true"},'
          '"DisplayPDFDocTitle":{"type":"boolean","value":"true"}}')
#: The usual places LibreOffice is installed when it is not on PATH.
USUAL_PLACES = ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice*/program/soffice",
                "/usr/local/bin/soffice", "/snap/bin/libreoffice",
                "/Applications/LibreOffice.app/Contents/MacOS/soffice",
                r"C:\Program Files\LibreOffice\program\soffice.exe")


def find_soffice() -> str | None:
    """LibreOffice's ``soffice``: on PATH, else in one of :data:`USUAL_PLACES`."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for pattern in USUAL_PLACES:
        for candidate in sorted(glob.glob(pattern)):
            if os.access(candidate, os.X_OK):
                return candidate
    return None


def require_soffice() -> str:
    """``soffice``, or ExportError saying what to install (before anything is written)."""
    found = find_soffice()
    if found is None:
        raise ExportError(INSTALL_HINT)
    return found


def convert_to_pdf(docx: Path, soffice: str, *, timeout: float = TIMEOUT_S) -> bytes:
    """The tagged PDF of ``docx``, as bytes (the caller writes it where it belongs)."""
    return convert_all([docx], soffice, timeout=timeout)[0]


def convert_all(documents: list[Path], soffice: str, *, timeout: float = TIMEOUT_S
                ) -> list[bytes]:
    """The tagged PDF of each of ``documents`` (.docx or .odt, distinct file names), in
    one LibreOffice run: starting LibreOffice costs more than converting a short paper,
    so the agenda pack converts all its papers at once. ``timeout`` is for the run."""
    with tempfile.TemporaryDirectory(prefix="csp-pdf-") as tmp:
        work = Path(tmp)
        profile = (work / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
               "--convert-to", FILTER, "--outdir", str(work / "out"),
               *(str(d) for d in documents)]
        # A session of its own, so that a timeout stops LibreOffice's helpers too.
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        shown = path_for_display(documents[0]) if len(documents) == 1 else (
            f"{len(documents)} documents")
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ExportError(f"LibreOffice did not finish converting "
                              f"{shown} to PDF within {timeout:g} s") from None
        out: list[bytes] = []
        for doc in documents:
            pdf = work / "out" / (doc.stem + ".pdf")
            if proc.returncode != 0 or not pdf.exists():
                last = (err.decode("utf-8", "replace").strip().splitlines()
                        or ["no message"])[-1]
                raise ExportError(f"LibreOffice could not convert {path_for_display(doc)} "
                                  f"to PDF: {last}")
            out.append(pdf.read_bytes())
        return out
