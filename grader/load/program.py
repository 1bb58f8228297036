"""A submission as the child process executes it: code cells with stable file names."""
from __future__ import annotations

from dataclasses import dataclass, field


class LoadError(Exception):
    """The submission cannot be read as Python at all (bad notebook JSON, unreadable file)."""


@dataclass
class Cell:
    code: str
    filename: str        # what tracebacks and line pointers show, e.g. "hw.ipynb[cell 3]"
    label: str           # for people: "line", or "cell 3, line"
    # a %%writefile cell: the file it writes ("model.py"), its body in `code`, never run as a cell
    writes: str = ""
    append: bool = False  # %%writefile -a


@dataclass
class Program:
    path: str
    cells: list[Cell]
    warnings: list[str] = field(default_factory=list)

    def source_line(self, filename: str, lineno: int) -> str:
        # a file split around a get_ipython() cell magic is several cells with one file name,
        # each holding its own lines and blanks elsewhere
        for cell in self.cells:
            if cell.filename == filename:
                lines = cell.code.splitlines()
                if 0 < lineno <= len(lines) and lines[lineno - 1].strip():
                    return lines[lineno - 1]
        return ""

    def where(self, filename: str, lineno: int) -> str:
        for cell in self.cells:
            if cell.filename == filename:
                return f"{cell.label} {lineno}"
        return f"line {lineno}"

    def to_job(self) -> list[dict]:
        return [{"code": c.code, "filename": c.filename, "label": c.label}
                | ({"writes": c.writes, "append": c.append} if c.writes else {}) for c in self.cells]
