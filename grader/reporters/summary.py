"""Class-level figures for one exercise, from each student's latest GradeResult."""
from __future__ import annotations

import hashlib
import re
import statistics
import unicodedata

from grader.result import ERROR, FAILED, RUN_OK, GradeResult, Intake

STATUS_LABELS = {"ok": "completed", "load_error": "could not load", "crash": "crashed",
                 "timeout": "timed out", "memory": "out of memory"}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status or "unknown")


def student_folder(student: str) -> str:
    """The folder name of a student's files: a readable ASCII part and a hash of the whole key, so
    two students never share a folder, whatever their names' case, accents or script (a
    case-insensitive disk included), and no key can climb out of its exercise's folder."""
    readable = unicodedata.normalize("NFKD", student).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", readable.lower()).strip("-")[:32].strip("-") or "student"
    return f"{slug}-{hashlib.sha256(student.encode()).hexdigest()[:10]}"


def report_link(exercise: str, student: str) -> str:
    """Where a student's HTML report lives, relative to the batch's output folder."""
    return f"{exercise}/{student_folder(student)}/report.html"


def student_name(result: GradeResult) -> str:
    """The name reports show: as the download wrote it (NFC), else the student key."""
    return Intake.from_dict(result.intake).name or result.student or ""


def review_text(review: dict) -> str:
    """One line for a person's decision (grader.gradebook.Review): "" when none."""
    if not review:
        return ""
    what = "flag cleared" if review.get("action") == "clear_flag" else f"score set to {review.get('score', 0):g}"
    note = f": {review['note']}" if review.get("note") else ""
    return f"{what} by {review.get('reviewer', '')}{note}"


def score_bins(scores: list[float], max_score: float) -> list[tuple[str, int]]:
    """Whole points when the maximum is small, else ten 10%-wide bins."""
    if max_score <= 0:
        return [("0", len(scores))]
    if max_score <= 20 and float(max_score).is_integer():
        edges = list(range(int(max_score) + 1))
        counts = [0] * len(edges)
        for s in scores:
            counts[min(int(s), len(edges) - 1)] += 1
        return [(str(e), c) for e, c in zip(edges, counts)]
    counts = [0] * 10
    for s in scores:
        counts[min(int(s / max_score * 10), 9)] += 1
    return [(f"{10 * i}%", c) for i, c in enumerate(counts)]


def summarize(exercise: str, title: str, results: list[GradeResult]) -> dict:
    """Numbers for the class summary: score statistics, per-check failure rates sorted by
    how common the misconception is, runs that did not finish, input problems (a guess between
    several train() files, an unreadable candidate), and the student table (with late flags)."""
    n = len(results)
    scores = [r.score for r in results]
    max_score = max((r.max_score for r in results), default=0.0)
    checks: dict[str, dict] = {}
    for r in results:
        for c in r.checks:
            row = checks.setdefault(c.id, {"id": c.id, "title": c.title, "max_score": c.max_score,
                                           "failed": 0, "error": 0})
            row["failed"] += c.status == FAILED
            row["error"] += c.status == ERROR
    for row in checks.values():
        row["rate"] = row["failed"] / n if n else 0.0
    students = [{
        "student": student_name(r), "student_id": r.student, "link": report_link(exercise, r.student),
        "score": r.score,
        "max_score": r.max_score, "status": r.runtime.get("status", ""),
        "label": status_label(r.runtime.get("status", "")),
        "flagged": r.flagged, "flag_reasons": r.flag_reasons,
        "message": r.runtime.get("message", ""),
        "failed": [c.id for c in r.checks if c.status == FAILED],
        "seconds": (r.timings or {}).get("total") or 0.0,
        "late": Intake.from_dict(r.intake).late or bool(r.late),
        "late_penalty": (r.late or {}).get("penalty", 0.0),
        "reviewed": review_text(r.review),
        "input_problem": Intake.from_dict(r.intake).problem,
    } for r in sorted(results, key=lambda r: r.student or "")]
    return {
        "exercise": exercise, "title": title, "max_score": max_score,
        "mean": statistics.fmean(scores) if scores else 0.0,
        "median": statistics.median(scores) if scores else 0.0,
        "full_marks": sum(s >= max_score for s in scores) if n else 0,
        "bins": score_bins(scores, max_score),
        "checks": sorted(checks.values(), key=lambda c: (-c["failed"], -c["error"], c["title"])),
        "runtime_failures": [s for s in students if s["status"] != RUN_OK],
        "input_problems": [s for s in students if s["input_problem"]],
        "students": students,
    }
