"""HTML reports: one self-contained page per student and a class summary.

jinja2 with autoescaping; CSS and SVG charts are inlined, so a page opens from disk with
no network and prints cleanly. Templates live in reports/."""
from __future__ import annotations

import functools
import posixpath
from datetime import datetime, timezone
from pathlib import Path

import jinja2

import reports
from grader import __version__
from grader.reporters.summary import status_label, student_name, summarize
from grader.reporters.svg import Series, bar_chart, line_chart
from grader.result import PASSED, GradeResult

TEMPLATES = Path(reports.__file__).parent
OUTPUT_SHOWN = 8000   # characters of captured output a report shows (the end of it)
COLORS = {"train": "#2458c6", "val": "#d1570b"}


def points(value) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".") if value is not None else ""


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """One environment per process: it compiles each template once (a batch renders hundreds)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["points"] = points
    env.filters["basename"] = lambda p: posixpath.basename(str(p).replace("\\", "/"))
    return env


def curve_charts(curves: dict) -> list:
    """The loss chart (student solid, reference dashed) and, when recorded, an accuracy chart."""
    student, reference = curves.get("student") or {}, curves.get("reference") or {}
    you = "you"
    if not student and curves.get("observed"):   # no usable history returned: what we measured
        student, you = curves["observed"], "you, measured"
    charts = []
    for keys, title, y_label in ((("train_loss", "val_loss"), "Loss per epoch", "loss"),
                                 (("val_acc",), "Validation accuracy per epoch", "accuracy")):
        series = []
        for who, values, dashed in ((you, student, False), ("reference", reference, True)):
            for key in keys:
                if values.get(key):
                    color = COLORS["train" if key.startswith("train") else "val"]
                    series.append(Series(f"{key} ({who})", values[key], color, dashed))
        if series:
            charts.append(line_chart(series, title=title, y_label=y_label))
    return charts


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def student_report(result: GradeResult, *, exercise_title: str = "",
                   ignored: list[str] = ()) -> str:
    """A student's feedback page."""
    status = result.runtime.get("status", "ok")
    output = result.output or ""
    cut = max(len(output) - OUTPUT_SHOWN, 0)
    timings = [(k, float(v)) for k, v in (result.timings or {}).items()
               if isinstance(v, (int, float))]
    return _environment().get_template("student.html.j2").render(
        r=result, student_name=student_name(result), exercise_title=exercise_title or result.exercise,
        submission_name=posixpath.basename(result.submission.replace("\\", "/")),
        status=status, status_label=status_label(status),
        passed=sum(c.status == PASSED for c in result.checks),
        ignored=[str(p) for p in ignored], charts=curve_charts(result.curves or {}),
        output=output[cut:], output_cut=cut, timings=timings,
        grader_version=result.grader_version, generated_at=_now())


def class_summary(exercises: list[tuple[str, str, list[GradeResult]]]) -> str:
    """The class-at-a-glance page for (exercise, title, latest results) triples."""
    sections = []
    for exercise, title, results in exercises:
        section = summarize(exercise, title, results)
        section["distribution"] = bar_chart(section["bins"], title=f"Score distribution, {title}",
                                            x_label=f"score (out of {points(section['max_score'])})")
        sections.append(section)
    return _environment().get_template("index.html.j2").render(
        sections=sections, grader_version=__version__, generated_at=_now())
