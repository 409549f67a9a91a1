"""Making any text safe for a Word file (XML 1.0) without changing anything else."""

from __future__ import annotations

import re

# XML 1.0 allows tab, newline, carriage return and everything from U+0020 up, except
# the surrogates and U+FFFE/U+FFFF. Vertical tab, form feed and NUL are not allowed: a
# Word file cannot hold them, so they are dropped (Word itself drops them on paste).
# DEL and the C1 controls (U+007F-U+009F) XML holds but discourages, and no reader
# means them (U+009B is a one-byte CSI to some terminals a copied line reaches): they
# are dropped too, as terminal_safe escapes them for the terminal.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML (Word) file cannot hold, nor DEL and the C1
    controls; else unchanged."""
    # The regex costs far more than this scan on the common, already-clean text.
    if text.isprintable():
        return text
    return _NOT_XML.sub("", text)
