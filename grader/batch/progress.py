"""Batch progress: a redrawn bar on a terminal, one plain line per submission otherwise. Every
line may hold a student's name, a file name or an exception message: each is written through
grader.reporters.escape.terminal_line (one line, no control or bidi character), so nothing a
submission holds can move the cursor, clear the screen or retitle the window."""
from __future__ import annotations

import shutil
import sys
import time

from grader.reporters.escape import terminal_line


class Progress:
    def __init__(self, total: int, stream=None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.started = time.monotonic()

    def note(self, text: str) -> None:
        """A line that stays (e.g. a skipped or failing submission)."""
        if self.tty:
            self.stream.write("\r\033[K")
        self.stream.write(terminal_line(text) + "\n")
        self._bar()

    def step(self, line: str) -> None:
        """One submission finished; `line` describes it."""
        self.done += 1
        line = terminal_line(line)
        if self.tty:
            self._bar(line)
        else:
            self.stream.write(f"[{self.done}/{self.total}] {line}\n")
            self.stream.flush()

    def _bar(self, line: str = "") -> None:
        if not self.tty:
            return
        width = shutil.get_terminal_size((80, 20)).columns
        elapsed = time.monotonic() - self.started
        filled = int(24 * self.done / max(self.total, 1))
        head = f"[{'#' * filled}{'.' * (24 - filled)}] {self.done}/{self.total} {elapsed:5.0f}s "
        self.stream.write("\r\033[K" + (head + line)[: width - 1])
        self.stream.flush()

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
