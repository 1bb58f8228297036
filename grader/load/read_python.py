"""Read a .py submission as a single cell, decoded as Python itself decodes source files
(PEP 263/3120): a UTF-8 byte-order mark or an encoding cookie (`# -*- coding: latin-1 -*-`)
names the encoding, UTF-8 otherwise.

Where Python would refuse the file, the grader is more forgiving when the code is still plain:
bytes that are not valid in the encoding are replaced (they are almost always in a comment or a
string) with a note, and a UTF-16 file (PowerShell's `>` writes one) is decoded by its BOM. A file
holding NUL bytes is not source code at all: a LoadError says so.
"""
from __future__ import annotations

import codecs
import io
import tokenize
from pathlib import Path

from grader.load.program import Cell, LoadError


def decode_source(data: bytes, name: str, warnings: list[str]) -> str:
    """The text of a Python source file (see the module docstring); LoadError for binary data."""
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            warnings.append(f"{name} is saved as UTF-16; it was read as such (Python itself expects "
                            "UTF-8: save it as UTF-8)")
            return data.decode(encoding, errors="replace")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LoadError(f"{name} is not a text file: it holds binary data (a NUL byte at offset "
                        f"{nul}); was the right file submitted?")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        # an unknown encoding in the cookie, or a cookie contradicting the BOM, is worth a note;
        # undecodable first lines ("invalid or missing encoding declaration") get the note below
        if "invalid or missing" not in exc.msg:
            warnings.append(f"{name}: {exc.msg}; it was read as UTF-8")
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        warnings.append(f"line {line}: bytes that are not valid {encoding.removesuffix('-sig').upper()} "
                        "were replaced (Python would refuse the file: save it as UTF-8)")
        return data.decode(encoding, errors="replace")


def read_python(path: Path, warnings: list[str] | None = None) -> list[Cell]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read {path}: {exc.strerror}") from exc
    code = decode_source(data, path.name, warnings if warnings is not None else [])
    return [Cell(code=code, filename=str(path), label="line")]
