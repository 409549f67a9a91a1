"""A Textual driver for bench_enter.py: headless (no terminal needed), yet every frame
is rendered to escape sequences and handed to ``write`` as on a terminal; ``write``
calls the hook the benchmark installs (``PaintDriver.on_frame``) with the time and the
frame's text, so the benchmark knows when what the app holds was painted.

Chosen through Textual's own ``TEXTUAL_DRIVER`` setting, with ``run_test(headless=
False)``: the app under test runs unchanged.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from textual.drivers.headless_driver import HeadlessDriver

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\x1b[()][A-Z0-9]|\x1b[=>]")


class PaintDriver(HeadlessDriver):
    """Headless input, terminal output: frames are rendered and timed."""

    #: Called with (perf_counter at the write, the frame's text without escapes).
    on_frame: Callable[[float, str], None] | None = None

    @property
    def is_headless(self) -> bool:
        return False

    def write(self, data: str) -> None:
        hook = PaintDriver.on_frame
        if hook is not None:
            hook(time.perf_counter(), _ESCAPES.sub("", data))
