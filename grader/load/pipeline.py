"""The loading pipeline, in this process: read (a script or a notebook, by what the file holds),
strip magics, rewrite get_ipython() calls, drop invalid cells. The grader runs it in a bounded
helper process (grader.load.bounded), never in its own."""
from __future__ import annotations

from pathlib import Path

from grader.load import facts
from grader.load.drop_invalid import drop_invalid
from grader.load.ipython_calls import ipython_calls
from grader.load.limits import MAX_CODE_BYTES, MAX_FILE_BYTES, too_large
from grader.load.program import LoadError, Program
from grader.load.read_python import decode_source, read_python
from grader.load.strip_magics import strip_magics


def load_in_process(path: str | Path) -> Program:
    """The loading pipeline, in this process (the bounded helper's side). Raises LoadError when
    nothing in the file can be read as Python or it is over a size cap."""
    # nbformat is imported here, not at module level: the sandboxed child imports
    # grader.load.provided and should not pay for it
    from grader.load.read_notebook import read_notebook

    path = Path(path)
    warnings: list[str] = []
    if path.suffix not in (".ipynb", ".py"):
        raise LoadError(f"{path.name}: expected a .py file or a .ipynb notebook")
    check_file_size(path)
    # what the file holds decides how it is read, the name only breaks ties: students rename
    # files to fit a submission form (a script saved as .ipynb, a notebook downloaded as .py)
    kind = sniff(path)
    if kind != path.suffix:
        warnings.append(f"{path.name} holds a {'Jupyter notebook' if kind == '.ipynb' else 'Python script'}, "
                        f"not what its name says; it was read as one")
    cells = read_notebook(path) if kind == ".ipynb" else read_python(path, warnings)
    code = sum(len(c.code) for c in cells)
    if code > MAX_CODE_BYTES:
        raise LoadError(too_large(path.name, code, MAX_CODE_BYTES, "code"))
    for step in (strip_magics, ipython_calls, drop_invalid):
        cells = step(cells, warnings)
    program = Program(path=str(path), cells=cells, warnings=warnings)
    program.train_digest = facts.train_digest(cells)
    try:
        data = path.read_bytes() if kind == ".py" else None
    except OSError:
        data = None
    program.syntax_error = facts.syntax_headline(path, data, warnings)
    return program


def check_file_size(path: Path) -> int:
    """The file's size; LoadError when it cannot be read or is over MAX_FILE_BYTES."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(f"cannot read {path.name}: {exc.strerror}") from exc
    if size > MAX_FILE_BYTES:
        raise LoadError(too_large(path.name, size, MAX_FILE_BYTES, "file"))
    return size


def sniff(path: Path) -> str:
    """".ipynb" or ".py": what the file holds. A .py file that is a JSON object with a "cells" list
    is a notebook; an .ipynb file that is not JSON but parses as Python is a script. Anything
    else is what its name says (and a broken notebook is reported as one)."""
    import ast
    import json

    try:
        data = path.read_bytes()
    except OSError:
        return path.suffix          # the reader reports it
    text = data.decode("utf-8-sig", errors="replace")
    if path.suffix == ".py" and text.lstrip().startswith("{"):
        try:
            parsed = json.loads(text)
        except ValueError:
            return ".py"
        return ".ipynb" if isinstance(parsed, dict) and isinstance(parsed.get("cells"), list) else ".py"
    if path.suffix == ".ipynb" and b"\x00" not in data:
        try:
            json.loads(text)
            return ".ipynb"        # JSON, if maybe not a notebook: read_notebook says what is wrong
        except ValueError:
            pass
        try:
            statements = ast.parse(read_python_text(data)).body
        except (SyntaxError, ValueError, LoadError):
            return ".ipynb"
        return ".py" if statements else ".ipynb"    # an empty file is an empty notebook
    return path.suffix


def read_python_text(data: bytes) -> str:
    return decode_source(data, "", [])
