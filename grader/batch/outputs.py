"""Everything a batch writes under OUTDIR, each file written atomically (temp file, rename):
a killed batch leaves either the old file or the new one, never half of one.

    OUTDIR/gradebook.db                       every grading run (grader/gradebook.py)
    OUTDIR/index.html                         class summary, latest run per student
    OUTDIR/grades.csv                         one row per student
    OUTDIR/junit.xml                          JUnit XML: one testsuite per student, a testcase per check
    OUTDIR/canvas_grades.csv                  Canvas's gradebook import (students with a Canvas id)
    OUTDIR/moodle_grades[-<exercise>].csv     Moodle's grading worksheet (students with a Moodle id)
    OUTDIR/<exercise>/<folder>/report.html    the student's feedback page
    OUTDIR/<exercise>/<folder>/results.json   Gradescope format
    OUTDIR/<exercise>/<folder>/result.json    the full GradeResult
(<folder>: grader.reporters.summary.student_folder, a readable part and a hash of the student's key)
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from grader.reporters.summary import report_link
from grader.exercise import UnknownExercise, load_exercise
from grader.gradebook import Gradebook
from grader.reporters import gradescope
from grader.reporters.grades_csv import grades_csv
from grader.reporters.html import class_summary, student_report
from grader.reporters.junit import junit_xml
from grader.reporters.lms_csv import canvas_csv, moodle_csv, moodle_exercises
from grader.reporters.redact import student_view
from grader.result import GradeResult


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def exercise_title(name: str) -> str:
    try:
        return load_exercise(name).title
    except UnknownExercise:
        return name


def write_student(out: Path, result: GradeResult, *, ignored: list[str] = (),
                  student_facing: bool = False) -> Path:
    """The student's three files; returns the report's path. Student-facing files never show a
    hidden check's details."""
    folder = out / Path(report_link(result.exercise, result.student)).parent
    if student_facing:
        result = student_view(result)
    write_atomic(folder / "result.json", json.dumps(result.to_dict(), indent=1))
    write_atomic(folder / "results.json", json.dumps(gradescope.to_gradescope(result), indent=1))
    report = folder / "report.html"
    write_atomic(report, student_report(result, exercise_title=exercise_title(result.exercise),
                                        ignored=ignored))
    return report


def write_class(out: Path, gradebook: Gradebook) -> None:
    """index.html, grades.csv, junit.xml and the LMS import files: views of the gradebook's
    latest run per student, as it counts (reviews and the late policy applied)."""
    sections = [(e, exercise_title(e), gradebook.latest_results(e)) for e in gradebook.exercises()]
    write_atomic(out / "index.html", class_summary(sections))
    write_atomic(out / "grades.csv", grades_csv(gradebook))
    everyone = [r for _, _, results in sections for r in results]
    write_atomic(out / "junit.xml", junit_xml(everyone))
    canvas = canvas_csv(gradebook, {e: title for e, title, _ in sections})
    if canvas:
        write_atomic(out / "canvas_grades.csv", canvas)
    moodle = moodle_exercises(gradebook)
    for exercise in moodle:
        name = "moodle_grades.csv" if len(moodle) == 1 else f"moodle_grades-{exercise}.csv"
        write_atomic(out / name, moodle_csv(gradebook, exercise))
