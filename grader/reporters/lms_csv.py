"""Grade files an LMS imports, keyed by the user ids its own download names carried
(grader.batch.discover): a batch writes each one that has students.

  OUT/canvas_grades.csv   Canvas Gradebook > Import: columns Student, ID, SIS User ID, SIS Login ID,
                          Section, then one column per exercise named "<title>" (Canvas matches it
                          to the assignment of that name, or offers to create one). Rows are matched
                          on ID, the Canvas user id of doejane_<ID>_<attachment>_train.ipynb.
  OUT/moodle_grades.csv   Moodle Assignment > "Upload grading worksheet": columns Identifier
                          ("Participant <id>", the id of Full Name_<id>_assignsubmission_file_),
                          Full name, Grade, Maximum Grade, Feedback comments; one file per exercise
                          is what Moodle takes, so with several exercises the file is per exercise
                          (OUT/moodle_grades-<exercise>.csv).

Scores are the ones that count (after a review and the late policy, Gradebook.final). Students
found without an id of that LMS are left out of its file (grades.csv has everyone). Every cell
goes through grader.reporters.escape.csv_cell.
"""
from __future__ import annotations

import csv
import io

from grader.gradebook import Gradebook
from grader.reporters.escape import csv_cell
from grader.result import FAILED, GradeResult, Intake

CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_HEADER = ["Identifier", "Full name", "Grade", "Maximum Grade", "Feedback comments"]


def _write(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(h) for h in header])
    writer.writerows([[csv_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _points(value: float) -> str:
    return f"{value:g}"


def _feedback(result: GradeResult) -> str:
    """One line: the checks to fix, a late charge, a review."""
    failed = [c.title for c in result.checks if c.status == FAILED]
    parts = [f"{_points(result.score)}/{_points(result.max_score)} points"]
    if failed:
        parts.append("to fix: " + "; ".join(failed))
    if result.late:
        parts.append(f"late by {result.late['days']} day(s): -{_points(result.late['penalty'])}")
    if result.flagged:
        parts.append("flagged for review")
    return ". ".join(parts)


def _by_layout(gradebook: Gradebook, layout: str) -> dict[str, list[GradeResult]]:
    """exercise -> the final results of students found with `layout`'s user id."""
    found: dict[str, list[GradeResult]] = {}
    for exercise in gradebook.exercises():
        for result in gradebook.latest_results(exercise):
            intake = Intake.from_dict(result.intake)
            if intake.layout == layout and intake.lms_id:
                found.setdefault(exercise, []).append(result)
    return found


def canvas_csv(gradebook: Gradebook, titles: dict[str, str]) -> str:
    """Canvas's import file for every exercise with Canvas students ("" when none).
    `titles` maps an exercise to its assignment's name in Canvas (default: the exercise)."""
    by_exercise = _by_layout(gradebook, "canvas")
    if not by_exercise:
        return ""
    exercises = sorted(by_exercise)
    students: dict[str, dict] = {}
    for exercise in exercises:
        for result in by_exercise[exercise]:
            intake = Intake.from_dict(result.intake)
            row = students.setdefault(intake.lms_id, {"name": intake.name})
            row[exercise] = _points(result.score)
    header = CANVAS_HEADER + [titles.get(e, e) for e in exercises]
    rows = [[row["name"], lms_id, "", "", ""] + [row.get(e, "") for e in exercises]
            for lms_id, row in sorted(students.items())]
    return _write(header, rows)


def moodle_csv(gradebook: Gradebook, exercise: str) -> str:
    """Moodle's grading worksheet for one exercise ("" when it has no Moodle students)."""
    results = _by_layout(gradebook, "moodle").get(exercise, [])
    rows = []
    for result in sorted(results, key=lambda r: Intake.from_dict(r.intake).lms_id):
        intake = Intake.from_dict(result.intake)
        rows.append([f"Participant {intake.lms_id}", intake.name, _points(result.score),
                     _points(result.max_score), _feedback(result)])
    return _write(MOODLE_HEADER, rows) if rows else ""


def moodle_exercises(gradebook: Gradebook) -> list[str]:
    return sorted(_by_layout(gradebook, "moodle"))
