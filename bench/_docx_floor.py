"""The floor of bench_export.py: python-docx alone, as a process of its own, adding
the same paragraph texts the minutes hold (a JSON list) to ``Document()`` and saving.

    python _docx_floor.py PARAGRAPHS.json OUT.docx
"""

import json
import sys

from docx import Document

with open(sys.argv[1], encoding="utf-8") as f:
    texts = json.load(f)
doc = Document()
for text in texts:
    doc.add_paragraph(text)
doc.save(sys.argv[2])
