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
    # what the loader learnt while parsing it (grader.load.facts), so the grading process never
    # parses the code itself: a digest of the train() it defines, a SyntaxError headline
    train_digest: str | None = None
    syntax_error: str = ""

    def to_record(self) -> dict:
        """JSON data for the bounded loader's reply (grader.load.bounded)."""
        return {"path": self.path, "cells": self.to_job(), "warnings": list(self.warnings),
                "train_digest": self.train_digest, "syntax_error": self.syntax_error}

    @classmethod
    def from_record(cls, data) -> "Program":
        """Raises ValueError on anything not shaped like to_record()'s output."""
        if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
            raise ValueError("not a program record")
        cells = []
        for c in data["cells"]:
            if not (isinstance(c, dict) and all(isinstance(c.get(k), str) for k in ("code", "filename", "label"))
                    and isinstance(c.get("writes", ""), str) and isinstance(c.get("append", False), bool)):
                raise ValueError("not a cell record")
            cells.append(Cell(code=c["code"], filename=c["filename"], label=c["label"],
                              writes=c.get("writes", ""), append=c.get("append", False)))
        warnings, digest, syntax = data.get("warnings"), data.get("train_digest"), data.get("syntax_error")
        if not (isinstance(data.get("path"), str) and isinstance(warnings, list)
                and all(isinstance(w, str) for w in warnings) and isinstance(digest, (str, type(None)))
                and isinstance(syntax, str)):
            raise ValueError("not a program record")
        return cls(path=data["path"], cells=cells, warnings=warnings, train_digest=digest, syntax_error=syntax)

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
