"""Batch progress: a redrawn bar on a terminal, one plain line per submission otherwise."""
from __future__ import annotations

import shutil
import sys
import time


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
        self.stream.write(text + "\n")
        self._bar()

    def step(self, line: str) -> None:
        """One submission finished; `line` describes it."""
        self.done += 1
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
