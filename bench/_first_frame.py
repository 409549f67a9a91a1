"""A Textual driver for bench_startup.py: it takes the frames an app writes to the
terminal, and when every marker text of ``BENCH_MARKERS`` (separated by ``|``) has been
written, prints ``PAINTED <time>`` on file descriptor 2 and ends the process.

It is chosen through Textual's own ``TEXTUAL_DRIVER`` setting, so the apps under test
run unchanged, through their real entry points, and pay the full cost of rendering
each frame to escape sequences as they do on a terminal. Its size comes from
``COLUMNS`` and ``LINES``.
"""

from __future__ import annotations

import os
import re
import time

from textual.drivers.headless_driver import HeadlessDriver

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>]")


class FirstFrameDriver(HeadlessDriver):
    """A headless driver that still receives the rendered frames."""

    _seen = ""

    @property
    def is_headless(self) -> bool:
        # Not headless: the app renders every frame to escape sequences and writes it.
        return False

    def write(self, data: str) -> None:
        self._seen += _ESCAPES.sub("", data)
        markers = os.environ.get("BENCH_MARKERS", "").split("|")
        if all(marker in self._seen for marker in markers):
            # Straight to file descriptor 2: the app captures sys.stderr while it runs.
            os.write(2, f"PAINTED {time.time():.6f}\n".encode())
            os._exit(0)
