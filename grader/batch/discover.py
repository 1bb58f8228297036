"""Find a class's submissions in the layouts instructors download, one per student.

Layouts (mixable in one folder):
  - one file per student:        alice.py, bob.ipynb                 -> alice, bob
  - one folder per student:      carol/train.ipynb, carol/scratch.py -> carol
  - LMS bulk-download names, as files or folders:
      Canvas      doejane_12345_67890_train.ipynb, doejane_LATE_12345_67890_train.ipynb
      Moodle      Jane Doe_12345_assignsubmission_file_/train.py
      Blackboard  HW3_jdoe_attempt_2024-03-01-10-22-13_train.py

When one student has several candidate files, exactly one is graded, chosen by CHOICE_RULE;
the others are reported as ignored. When the choice was a guess (two files define different
train() functions) or a candidate could not be read, the Submission carries an input problem
that the class page and grades.csv show. A folder with no submission at all is an error
(NoSubmissions), not an empty class.
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from grader.result import Intake
from grader.reporters.summary import student_folder
from grader.bundle.repository import chosen_in_ini
from grader.load import LoadError, load_submission

SUFFIXES = (".py", ".ipynb")
SKIPPED_DIRS = {"__pycache__", ".ipynb_checkpoints", "__MACOSX", ".git"}
CHOICE_RULE = ("the file that defines train(), then the newest modification time, "
               "then the last name in sort order")

# (layout name, pattern over a file stem or folder name); `student` is the name as the LMS wrote
# it, `lms_id` the LMS's user id, `file_id` the LMS's attachment or submission id, `late` Canvas's
# late mark, `attempt` the submission time, where the name carries them. Patterns are tried in
# order; names are NFC-normalised first, so a name typed on macOS (NFD) is the same name.
LMS_PATTERNS = [
    # Canvas: <sortable name>[_LATE]_<user id>_<attachment id>[_<file name>]
    ("canvas", re.compile(r"^(?P<student>[^_]+)_(?P<late>LATE_)?(?P<lms_id>\d+)_(?P<file_id>\d+)(?:_.*)?$")),
    # Moodle: <Full Name>_<participant id>_assignsubmission_<plugin>_
    ("moodle", re.compile(r"^(?P<student>.+?)_(?P<lms_id>\d+)_assignsubmission_\w*$")),
    # Blackboard: <assignment>_<user name>_attempt_<yyyy-mm-dd-hh-mm-ss>[_<file name>]
    ("blackboard", re.compile(
        r"^.+?_(?P<lms_id>[^_]+)_attempt_(?P<attempt>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)(?:_.*)?$")),
    # Brightspace (D2L): <submission id>-<file id> - <Full Name> - <Mon d, yyyy hhmm AM> - <file name>;
    # it carries no user id, so the name as written is the student
    ("brightspace", re.compile(
        r"^(?P<file_id>\d+-\d+) - (?P<student>.+?) - (?P<attempt>[A-Z][a-z]{2} \d{1,2}, \d{4} \d{3,4} [AP]M)"
        r"(?: - .*)?$")),
]


class NoSubmissions(Exception):
    """The submissions folder holds no .py or .ipynb file to grade."""


@dataclass(frozen=True)
class DownloadName:
    """What a file or folder name says (LMS bulk-download names carry ids and flags)."""
    student: str                 # the student's key (student_key): the LMS id, else the name
    layout: str = ""             # "" (a plain name), "canvas", "moodle", "blackboard", "brightspace"
    lms_id: str = ""
    lms_file_id: str = ""
    late: bool = False
    attempt: str = ""
    name: str = ""               # the name as written (NFC), shown in every report


@dataclass
class Submission:
    student: str                 # the key of the gradebook and grades.csv (student_key)
    path: Path                   # the file to grade
    layout: str                  # "file" | "folder" | "canvas" | "moodle" | "blackboard" | "brightspace"
    lms_id: str = ""
    ignored: list[Path] = field(default_factory=list)   # the student's other candidates
    lms_file_id: str = ""
    late: bool = False
    attempt: str = ""
    problem: str = ""            # an input problem an instructor should look at ("" when none)
    relative: str = ""           # path as shown to people: relative to the submissions folder
    name: str = ""               # the name as written (NFC): what reports show

    def intake(self) -> Intake:
        return Intake(layout=self.layout, lms_id=self.lms_id, lms_file_id=self.lms_file_id, late=self.late,
                      attempt=self.attempt, submitted_file=self.relative or self.path.name,
                      problem=self.problem, name=self.name or self.student)


@dataclass(frozen=True)
class _Candidate:
    student: str
    path: Path
    layout: str
    name: DownloadName


def display_name(name: str) -> str:
    """A name as people wrote it, in one Unicode form (NFC), outer spaces removed."""
    return unicodedata.normalize("NFC", name).strip()


def student_key(layout: str, lms_id: str, name: str) -> str:
    """Who a submission belongs to: "<layout>:<id>" where the LMS gave a user id (two students
    with one name stay two), else the name exactly as written (NFC): names that differ in case,
    accents or script are different students. File paths derive from it with a hash
    (grader.reporters.summary.student_folder), so the key never has to be file-name-safe."""
    return f"{layout}:{lms_id}" if lms_id else display_name(name)


def parse_download_name(name: str) -> DownloadName:
    """Everything a file stem or folder name says."""
    name = display_name(name)
    for layout, pattern in LMS_PATTERNS:
        match = pattern.match(name)
        if match:
            found = match.groupdict()
            lms_id = found.get("lms_id") or ""
            written = display_name(found.get("student") or lms_id)
            return DownloadName(student_key(layout, lms_id, written), layout, lms_id,
                                found.get("file_id") or "", bool(found.get("late")),
                                found.get("attempt") or "", written)
    return DownloadName(student_key("", "", name), name=name)


def parse_name(name: str) -> tuple[str, str, str]:
    """(student key, layout, lms_id) for a file stem or folder name."""
    parsed = parse_download_name(name)
    return parsed.student, parsed.layout, parsed.lms_id


def train_definition(path: Path) -> tuple[str | None, str]:
    """(a digest of the top-level train() definition or None, why the file could not be read).
    Read the way grading reads it (magics and all), so "defines train" means what it will mean
    when graded; a method named train inside a class does not count (grader.load.facts). Loaded
    by the bounded loader: no file can stop, slow or grow the grading process here."""
    try:
        program = load_submission(path)
    except LoadError as exc:
        return None, str(exc)
    except Exception as exc:    # an unreadable file is grade()'s to report; here it defines nothing
        return None, f"{path.name} could not be read ({type(exc).__name__})"
    return program.train_digest, ""


def defines_train(path: Path) -> bool:
    return train_definition(path)[0] is not None


def _is_candidate(path: Path) -> bool:
    # a symbolic link is never a submission: a zip or a git clone can hold one that points at a
    # classmate's file (graded as its own) or at a file of the grading machine (read by the grader)
    return (path.is_file() and not path.is_symlink() and path.suffix in SUFFIXES
            and not path.name.startswith((".", "_")))


def _files_under(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(p in SKIPPED_DIRS or p.startswith(".") for p in parts[:-1]):
            continue
        if any(folder.joinpath(*parts[:i]).is_symlink() for i in range(1, len(parts))):
            continue   # beneath a linked folder: not the student's own files (see _is_candidate)
        if _is_candidate(path):
            found.append(path)
    return found


def _candidates(root: Path) -> list[_Candidate]:
    found = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name in SKIPPED_DIRS:
            continue
        if entry.is_dir() and not entry.is_symlink():
            name = parse_download_name(entry.name)
            files = _files_under(entry)
            # a student bundle's repository (gh classroom clone): the file its pytest.ini names,
            # as CI graded it, read as data (grader.bundle.repository); the other starter is not a rival
            chosen = chosen_in_ini(entry)
            found += [_Candidate(name.student, p, name.layout or "folder", name)
                      for p in ([chosen] if chosen in files else files)]
        elif _is_candidate(entry):
            name = parse_download_name(entry.stem)
            found.append(_Candidate(name.student, entry, name.layout or "file", name))
    return found


def _choose(candidates: list[_Candidate], root: Path) -> Submission:
    """The candidate to grade (CHOICE_RULE), and an input problem when the choice was a guess."""
    definitions = {c.path: train_definition(c.path) for c in candidates} if len(candidates) > 1 else {}

    def preference(c: _Candidate) -> tuple:
        defines = definitions[c.path][0] is not None if definitions else True
        return (defines, c.path.stat().st_mtime, c.path.name, str(c.path))

    ranked = sorted(candidates, key=preference, reverse=True)
    chosen = ranked[0]
    shown = {c.path: _relative(c.path, root) for c in candidates}
    problems = []
    trains = [c for c in ranked if definitions and definitions[c.path][0] is not None]
    if len({definitions[c.path][0] for c in trains}) > 1:
        problems.append(f"{len(trains)} files define train(): " + ", ".join(shown[c.path] for c in trains)
                        + f"; graded {shown[chosen.path]} (the newest): check which one the student meant")
    for c in ranked[1:]:
        error = definitions[c.path][1] if definitions else ""
        if error:
            problems.append(f"{shown[c.path]} could not be read ({_first_clause(error)}); "
                            f"graded {shown[chosen.path]}")
    name = chosen.name
    return Submission(chosen.student, chosen.path, chosen.layout, name.lms_id,
                      ignored=[c.path for c in ranked[1:]], lms_file_id=name.lms_file_id, late=name.late,
                      attempt=name.attempt, problem="; ".join(problems), relative=shown[chosen.path],
                      name=name.name or chosen.student)


def _choose_or_say_why(candidates: list[_Candidate], root: Path) -> Submission:
    """_choose inside a boundary: whatever goes wrong examining one student's files (RecursionError
    and MemoryError included) is that student's input problem, never the class's."""
    try:
        return _choose(candidates, root)
    except Exception as exc:
        chosen = max(candidates, key=lambda c: (c.path.name, str(c.path)))
        name = chosen.name
        return Submission(chosen.student, chosen.path, chosen.layout, name.lms_id,
                          ignored=[c.path for c in candidates if c is not chosen], lms_file_id=name.lms_file_id,
                          late=name.late, attempt=name.attempt, relative=_relative(chosen.path, root),
                          name=name.name or chosen.student,
                          problem=f"the grader could not compare this student's files ({type(exc).__name__}); "
                                  f"graded {_relative(chosen.path, root)}: check which one the student meant")


def _split_collisions(by_student: dict[str, list[_Candidate]]) -> tuple[dict[str, list[_Candidate]], dict[str, str]]:
    """One LMS id under two different names is a collision: each name stays its own student
    (key "<layout>:<id>/<name>"), never merged into one grade, and each says so (problem text by
    key). Two files under one id and one name are one student with two candidates."""
    kept: dict[str, list[_Candidate]] = {}
    problems: dict[str, str] = {}
    for key, candidates in by_student.items():
        names = sorted({c.name.name for c in candidates})
        if len(names) < 2:
            kept[key] = candidates
            continue
        for written in names:
            own = f"{key}/{written}"
            kept[own] = [dataclasses.replace(c, student=own) for c in candidates if c.name.name == written]
            others = ", ".join(repr(n) for n in names if n != written)
            problems[own] = (f"identity collision: LMS id {candidates[0].name.lms_id} also appears under "
                             f"{others}; graded separately, check which student this is")
    return kept, problems


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return path.name


def _first_clause(message: str) -> str:
    """"x.ipynb is not a readable Jupyter notebook: unresolved git merge-conflict markers (...)"
    -> the part after the file name, short enough for a table cell."""
    text = message.split(": ", 1)[1] if ": " in message else message
    return text.split(": the file was saved", 1)[0][:160]


def discover(root: str | Path) -> list[Submission]:
    """One Submission per student under `root` (a folder, or a single file), sorted by student."""
    root = Path(root)
    if root.is_file():
        name = parse_download_name(root.stem)
        return [Submission(name.student, root, name.layout or "file", name.lms_id, lms_file_id=name.lms_file_id,
                           late=name.late, attempt=name.attempt, relative=root.name, name=name.name)]
    if not root.is_dir():
        raise FileNotFoundError(f"no such folder: {root}")
    by_student: dict[str, list[_Candidate]] = {}
    for candidate in _candidates(root):
        by_student.setdefault(candidate.student, []).append(candidate)
    if not by_student:
        raise NoSubmissions(_nothing_found(root))
    by_student, collisions = _split_collisions(by_student)
    found = [_choose_or_say_why(candidates, root) for _, candidates in sorted(by_student.items())]
    folders: dict[str, list[str]] = {}
    for sub in found:   # a case-insensitive disk folds case: two keys, one folder, would share files
        folders.setdefault(student_folder(sub.student).lower(), []).append(sub.student)
    for sub in found:
        shared = [k for k in folders[student_folder(sub.student).lower()] if k != sub.student]
        if shared:
            collisions[sub.student] = "; ".join(p for p in (collisions.get(sub.student, ""),
                f"report folder collision with {', '.join(map(repr, shared))}: graded separately, "
                "their report files overwrite each other") if p)
        if sub.student in collisions:
            sub.problem = "; ".join(p for p in (collisions[sub.student], sub.problem) if p)
    return found


def _nothing_found(root: Path) -> str:
    """One line: the folder had nothing to grade, and what it had instead."""
    others = sorted(p.name for p in root.iterdir() if not p.name.startswith("."))
    archives = [n for n in others if n.lower().endswith((".zip", ".tar", ".tar.gz", ".tgz", ".7z", ".rar"))]
    what = "it is empty" if not others else f"it holds {len(others)} other entries ({', '.join(others[:4])}" \
        + (", ..." if len(others) > 4 else "") + ")"
    hint = "; unzip the LMS download first" if archives else ""
    return f"no submissions (.py or .ipynb files) found in {root}: {what}{hint}"
