"""Small papers of each kind for the agenda pack's tests: a .docx made with python-docx,
a .pdf drawn with pikepdf (text in standard Helvetica, so pdftotext finds it) and an
.odt as a minimal OpenDocument zip (mimetype first, stored; content.xml)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
from docx import Document


def docx_paper(path: Path, title: str, pages: int = 1) -> Path:
    """A .docx of ``pages`` pages, each headed ``title`` and saying which page it is."""
    doc = Document()
    for n in range(1, pages + 1):
        doc.add_heading(f"{title} page {n}", level=1)
        doc.add_paragraph(f"Body of {title}, page {n} of {pages}.")
        if n < pages:
            doc.add_page_break()
    doc.save(path)
    return path


def pdf_paper(path: Path, title: str, pages: int = 1) -> Path:
    """A PDF of ``pages`` A4 pages, each with ``title`` and its page in Helvetica."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica))
    for n in range(1, pages + 1):
        pdf.add_blank_page(page_size=(595, 842))
        page = pdf.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(
            f"BT /F1 14 Tf 72 760 Td ({title} page {n}) Tj ET".encode("latin-1"))
    pdf.save(path)
    return path


_ODT_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/"
  manifest:media-type="application/vnd.oasis.opendocument.text"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def odt_paper(path: Path, title: str, pages: int = 1) -> Path:
    """A minimal .odt: ``pages`` paragraphs, each after a page break."""
    paras = "".join(
        f'<text:p text:style-name="{"PB" if n > 1 else "Standard"}">{title} page {n}</text:p>'
        for n in range(1, pages + 1))
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'office:version="1.2"><office:automatic-styles>'
        '<style:style style:name="PB" style:family="paragraph">'
        '<style:paragraph-properties fo:break-before="page"/></style:style>'
        f'</office:automatic-styles><office:body><office:text>{paras}'
        '</office:text></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("META-INF/manifest.xml", _ODT_MANIFEST, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path
