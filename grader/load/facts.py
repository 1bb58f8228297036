"""What loading learns about a program besides its cells, computed where the program is parsed
(the bounded loader, grader.load.bounded), so the grading process never parses student code
itself: which train() it defines (a digest: discovery compares two files' definitions) and, for
a file that does not parse, the headline of its SyntaxError."""
from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path


def train_digest(cells) -> str | None:
    """A digest of the last top-level `def train` (the one a run would bind), or None. Built by
    walking the tree with a queue, never recursing: a valid train() holding a long `+` chain
    nests deeper than Python's recursion limit (ast.dump raised RecursionError in discovery)."""
    found = None
    for cell in cells:
        if cell.writes:
            continue
        try:
            tree = ast.parse(cell.code)
        except (SyntaxError, ValueError, RecursionError):
            continue
        for node in _top_level(tree.body):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == "train":
                found = node           # the last definition wins, as when run
    return None if found is None else _structure_digest(found)


def _structure_digest(root: ast.AST) -> str:
    """sha256 of the tree in breadth-first order: each node's type, its plain fields, and how
    many children each of its node fields holds (which makes the order a serialisation)."""
    digest = hashlib.sha256()
    for node in ast.walk(root):
        parts = [type(node).__name__]
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.AST):
                parts.append(f"{name}:1")
            elif isinstance(value, list):
                parts.append(f"{name}:[{len([v for v in value if isinstance(v, ast.AST)])}"
                             + "".join(f",{v!r}" for v in value if not isinstance(v, ast.AST)) + "]")
            else:
                parts.append(f"{name}={value!r}")
        digest.update(("\x1f".join(parts) + "\x1e").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _top_level(body: list) -> list:
    """Statements run at import: the module's, and those inside its if/try blocks."""
    out, pending = [], list(reversed(body))
    while pending:
        node = pending.pop()
        out.append(node)
        if isinstance(node, (ast.If, ast.Try, ast.ExceptHandler)):
            for name in ("body", "orelse", "finalbody", "handlers"):
                pending.extend(reversed(getattr(node, name, None) or []))
    return out


def syntax_headline(path: Path, data: bytes | None, warnings: list[str]) -> str:
    """'SyntaxError at line N: ...' when the file (or a notebook cell) does not parse, so the
    report leads with the cause rather than with its consequence (no train() defined)."""
    from grader.load.read_python import decode_source   # as the loader read it (BOM, cookie)

    for note in warnings:   # git merge markers: named as such, not as a bare SyntaxError
        if "merge-conflict markers" in note:
            return note.split("; this code was skipped")[0]
    if path.suffix == ".py" and data is not None:
        try:
            ast.parse(decode_source(data, path.name, []), filename=str(path))
        except SyntaxError as exc:
            return f"SyntaxError at line {exc.lineno}: {exc.msg}"
        except (ValueError, LookupError, RecursionError):
            return ""
        return ""
    for note in warnings:   # notebooks: the loader names the cell it skipped
        if m := re.match(r"(.*?\b(\d+)): not valid Python \((.*)\)", note):
            return f"SyntaxError at {m.group(1)}: {m.group(3)}"
    return ""
