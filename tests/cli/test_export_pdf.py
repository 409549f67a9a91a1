"""``csp export --format pdf``: a tagged PDF (PDF/UA, language, title shown, headings
H1-H3, lists, table headers) made by LibreOffice headless (issue 23).

The conversion tests run where LibreOffice is installed and are skipped, with the
reason, where it is not (Debian: ``apt-get install libreoffice-writer-nogui``). The
PDF's structure is read from the file's bytes: LibreOffice writes the catalog and the
structure elements as plain (uncompressed) dictionaries.
"""

from __future__ import annotations

import re
import stat
from collections import Counter
from pathlib import Path

import pytest

from csp_tui.cli.main import main
from csp_tui.exporters import ExportError, pdf
from csp_tui.storage import Repository
from tests.unit.test_export_docx import small_meeting

needs_libreoffice = pytest.mark.skipif(
    pdf.find_soffice() is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")


def csp(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``csp ARGS`` in this process; (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def structure(data: bytes) -> Counter[str]:
    """How many structure elements of each type (H1, L, LI, TH, ...) the PDF has."""
    return Counter(t.decode() for t in re.findall(rb"/S\s*/(\w+)", data))


@pytest.fixture
def meeting(repo: Repository) -> int:
    return small_meeting(repo)


@needs_libreoffice
@pytest.mark.parametrize("full", [False, True], ids=["public", "full"])
def test_export_writes_a_tagged_pdf(repo: Repository, meeting: int, db_path: Path,
                                    tmp_path: Path, capsys, full: bool) -> None:
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = csp(capsys, "export", str(meeting), "--db", db_path, "--format",
                            "pdf", "--action-log", "--out", out, *(["--full"] if full else []))
    assert code == 0, err
    path = Path(stdout.strip())
    suffix = "-RESTRICTED" if full else ""
    assert path == out / f"Community-Safety-Partnership-2021-03-31-minutes{suffix}.pdf"
    assert [p.name for p in out.iterdir()] == [path.name]  # no .docx left beside it
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", data)
    assert b"/StructTreeRoot" in data
    assert b"/Lang(en-GB)" in data
    assert re.search(rb"/DisplayDocTitle\s+true", data)
    assert b"pdfuaid:part>1<" in data  # PDF/UA
    assert b"Community Safety Partnership minutes, Wednesday, 31 March 2021" in data
    tags = structure(data)
    assert tags["H1"] == 1
    assert tags["H2"] == 8 + 1  # the eight items and the action plan
    assert tags["H3"] == 2  # (i) and (ii) under AOB
    assert tags["L"] == 3 and tags["LI"] == 4  # bullet, numbered (2), forward plan
    assert tags["TH"] == 8  # the action plan's header row
    mode = stat.S_IMODE(path.stat().st_mode)
    assert (mode & 0o077 == 0) if full else (mode & 0o044 == 0o044)
    if not full:
        assert b"ZZSECRET" not in data and b"QQHIDDEN" not in data


@needs_libreoffice
def test_the_out_file_extension_picks_pdf(repo: Repository, meeting: int, db_path: Path,
                                          tmp_path: Path, capsys) -> None:
    target = tmp_path / "minutes.pdf"
    code, _out, err = csp(capsys, "export", str(meeting), "--db", db_path, "--out", target)
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")


def test_without_libreoffice_one_line_exit_2_nothing_written(
        repo: Repository, meeting: int, db_path: Path, tmp_path: Path, capsys,
        monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(pdf, "USUAL_PLACES", ())
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = csp(capsys, "export", str(meeting), "--db", db_path, "--format",
                            "pdf", "--out", out)
    assert code == 2 and stdout == ""
    assert len(err.strip().splitlines()) == 1
    assert "libreoffice-writer-nogui" in err and "LibreOffice" in err
    assert list(out.iterdir()) == []


def test_a_stuck_conversion_is_stopped(tmp_path: Path) -> None:
    """A LibreOffice that never finishes is stopped at the time limit, with a message."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexec sleep 600\n")
    fake.chmod(0o755)
    docx = tmp_path / "m.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(ExportError, match="did not finish converting .* within 1 s"):
        pdf.convert_to_pdf(docx, str(fake), timeout=1)


def test_a_failed_conversion_says_so(tmp_path: Path) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(0o755)
    docx = tmp_path / "m.docx"
    docx.write_bytes(b"PK")
    with pytest.raises(ExportError, match="could not convert .*source file could not be"):
        pdf.convert_to_pdf(docx, str(fake))
