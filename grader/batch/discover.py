"""Find a class's submissions in the layouts instructors download, one per student.

Layouts (mixable in one folder):
  - one file per student:        alice.py, bob.ipynb                 -> alice, bob
  - one folder per student:      carol/train.ipynb, carol/scratch.py -> carol
  - LMS bulk-download names, as files or folders:
      Canvas      doejane_12345_67890_train.ipynb, doejane_LATE_12345_67890_train.ipynb
      Moodle      Jane Doe_12345_assignsubmission_file_/train.py
      Blackboard  HW3_jdoe_attempt_2024-03-01-10-22-13_train.py

When one student has several candidate files, exactly one is graded, chosen by CHOICE_RULE;
the others are reported as ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

SUFFIXES = (".py", ".ipynb")
SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints", "__MACOSX", ".git"}
CHOICE_RULE = ("the file that defines train(), then the newest modification time, "
               "then the last name in sort order")

# (layout name, pattern over a file stem or folder name); `student` names the student,
# `lms_id` the LMS's user id where the name carries one.
LMS_PATTERNS = [
    ("canvas", re.compile(r"^(?P<student>[^_]+)_(?:LATE_)?(?P<lms_id>\d+)_\d+(?:_.*)?$")),
    ("moodle", re.compile(r"^(?P<student>.+?)_(?P<lms_id>\d+)_assignsubmission_\w*$")),
    ("blackboard", re.compile(
        r"^.+?_(?P<student>[^_]+)_attempt_\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d(?:_.*)?$")),
]
DEFINES_TRAIN = re.compile(r"^[ \t]*(?:async[ \t]+)?def[ \t]+train[ \t]*\(", re.M)


@dataclass
class Submission:
    student: str                 # id used in reports, file names and the gradebook
    path: Path                   # the file to grade
    layout: str                  # "file" | "folder" | "canvas" | "moodle" | "blackboard"
    lms_id: str = ""
    ignored: list[Path] = field(default_factory=list)   # the student's other candidates


@dataclass
class _Candidate:
    student: str
    path: Path
    layout: str
    lms_id: str


def student_id(name: str) -> str:
    """A file-name-safe, lower-case id: "Jane Doe" -> "jane-doe"."""
    slug = re.sub(r"[^a-z0-9_.-]+", "-", name.strip().lower()).strip("-.")
    return slug or "unnamed"


def parse_name(name: str) -> tuple[str, str, str]:
    """(student, layout, lms_id) for a file stem or folder name."""
    for layout, pattern in LMS_PATTERNS:
        match = pattern.match(name)
        if match:
            return student_id(match["student"]), layout, match["lms_id"] if "lms_id" in pattern.groupindex else ""
    return student_id(name), "", ""


def defines_train(path: Path) -> bool:
    try:
        if path.suffix == ".ipynb":
            notebook = nbformat.read(path, as_version=4)
            source = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
        else:
            source = path.read_text(errors="replace")
    except Exception:
        return False
    return bool(DEFINES_TRAIN.search(source))


def _is_candidate(path: Path) -> bool:
    return path.is_file() and path.suffix in SUFFIXES and not path.name.startswith((".", "_"))


def _files_under(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(p in SKIPPED_DIRS or p.startswith(".") for p in parts[:-1]):
            continue
        if _is_candidate(path):
            found.append(path)
    return found


def _candidates(root: Path) -> list[_Candidate]:
    found = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
            continue
        if entry.is_dir():
            student, layout, lms_id = parse_name(entry.name)
            found += [_Candidate(student, p, layout or "folder", lms_id) for p in _files_under(entry)]
        elif _is_candidate(entry):
            student, layout, lms_id = parse_name(entry.stem)
            found.append(_Candidate(student, entry, layout or "file", lms_id))
    return found


def _preference(candidate: _Candidate) -> tuple:
    path = candidate.path
    return (defines_train(path), path.stat().st_mtime, path.name, str(path))


def discover(root: str | Path) -> list[Submission]:
    """One Submission per student under `root` (a folder, or a single file), sorted by student."""
    root = Path(root)
    if root.is_file():
        student, layout, lms_id = parse_name(root.stem)
        return [Submission(student, root, layout or "file", lms_id)]
    if not root.is_dir():
        raise FileNotFoundError(f"no such folder: {root}")
    by_student: dict[str, list[_Candidate]] = {}
    for candidate in _candidates(root):
        by_student.setdefault(candidate.student, []).append(candidate)
    submissions = []
    for student, candidates in sorted(by_student.items()):
        ranked = sorted(candidates, key=_preference, reverse=True)
        chosen = ranked[0]
        submissions.append(Submission(student, chosen.path, chosen.layout, chosen.lms_id,
                                      ignored=[c.path for c in ranked[1:]]))
    return submissions
