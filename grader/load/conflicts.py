"""Find git merge-conflict markers: a file committed in the middle of a merge is neither valid
JSON nor valid Python, and "not valid JSON at line 12" does not tell a student why."""
from __future__ import annotations

import re

_START = re.compile(r"^<<<<<<<(?: |$)", re.M)
_MIDDLE = re.compile(r"^=======\s*$", re.M)
_END = re.compile(r"^>>>>>>>(?: |$)", re.M)


def conflict_line(text: str) -> int | None:
    """The 1-based line of the first `<<<<<<<` marker, when the text holds a whole conflict
    block (start, middle and end markers); None otherwise."""
    start = _START.search(text)
    if not start or not _MIDDLE.search(text, start.end()) or not _END.search(text, start.end()):
        return None
    return text.count("\n", 0, start.start()) + 1


def describe(line: int) -> str:
    return (f"unresolved git merge-conflict markers (`<<<<<<<` at line {line}): the file was saved "
            "in the middle of a merge; keep one side, delete the markers and resubmit")
