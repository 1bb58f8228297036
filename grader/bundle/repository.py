"""A student's repository or upload, read as data: which file to grade, and nothing else.

CI graders (the Classroom workflow, Gradescope's runner) never let the student's tree configure
them. The one setting a student owns is which file holds train(): the `loopgrader_submission`
line of the bundle's pytest.ini, which self-check reads too. Here it is read as text (no
interpolation, no other key, no other file), and kept only when it names a regular .py or
.ipynb file inside the folder, reached without a symbolic link; otherwise train.py, then
train.ipynb, then the only .py/.ipynb file.
"""
from __future__ import annotations

import configparser
from pathlib import Path, PurePosixPath

PREFERRED = ("train.py", "train.ipynb")
SUBMISSION_KEY = "loopgrader_submission"
SUFFIXES = (".py", ".ipynb")
INI_LIMIT = 64 * 1024   # bytes of pytest.ini read: the bundle's own is under 1 KiB


def own_file(folder: Path, path: Path) -> bool:
    """A regular file under `folder`, with no symbolic link on the way (an uploaded zip or
    repository can hold a link to a file of the grader's machine)."""
    try:
        parts = path.relative_to(folder).parts
    except ValueError:
        return False
    return (bool(parts) and ".." not in parts and path.is_file()
            and not any(folder.joinpath(*parts[:i]).is_symlink() for i in range(1, len(parts) + 1)))


def chosen_in_ini(folder: Path) -> Path | None:
    """The file pytest.ini's loopgrader_submission names, if it is a usable one."""
    ini = folder / "pytest.ini"
    if not own_file(folder, ini):
        return None
    parser = configparser.RawConfigParser(strict=False)
    try:
        with open(ini, encoding="utf-8", errors="replace") as f:
            parser.read_string(f.read(INI_LIMIT))
        value = parser.get("pytest", SUBMISSION_KEY, fallback="").strip()
    except configparser.Error:
        return None
    rel = PurePosixPath(value.replace("\\", "/"))
    if not value or rel.is_absolute() or ".." in rel.parts or rel.suffix not in SUFFIXES:
        return None
    path = folder.joinpath(*rel.parts)
    return path if own_file(folder, path) else None


def find_submission(folder: Path) -> Path | None:
    """The file to grade: pytest.ini's choice, a preferred name, else the only .py/.ipynb."""
    folder = Path(folder)
    chosen = chosen_in_ini(folder)
    if chosen is not None:
        return chosen
    for name in PREFERRED:
        if own_file(folder, folder / name):
            return folder / name
    files = sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and own_file(folder, p))
    return files[0] if len(files) == 1 else None
