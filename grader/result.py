"""The result of grading one submission: plain data, JSON round-trippable.

Every reporter (terminal, Gradescope JSON, HTML, CSV, gradebook) reads only this.
"""
from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field, fields
from typing import Any

PASSED = "passed"
FAILED = "failed"
# The check could not be evaluated because the run it needs did not finish
# (crash, timeout, memory, load error); it scores zero.
ERROR = "error"

# How the student's process ended, as a whole.
RUN_OK = "ok"
RUN_LOAD_ERROR = "load_error"      # file unreadable, not Python, no train()
RUN_CRASH = "crash"                # exception, sys.exit, os._exit, signal
RUN_TIMEOUT = "timeout"
RUN_MEMORY = "memory"

# Shown on every report of a submission whose grade could not be trusted (tampering detected,
# or a trace that does not match what the grader recomputed): 0 points, for a person to review.
FLAGGED_LABEL = "flagged for review"


# How a batch found one student's submission, kept with the grade (GradeResult.intake) so the
# class page and grades.csv can show it: the LMS's ids and late flag from the download name, and
# any input problem an instructor should look at (several different train() files, a candidate
# that could not be read).
@dataclass(frozen=True)
class Intake:
    layout: str = ""            # "file" | "folder" | "canvas" | "moodle" | "blackboard" | "brightspace"
    lms_id: str = ""            # the LMS's user id (Canvas, Moodle; Blackboard's user name)
    lms_file_id: str = ""       # Canvas's attachment id, the second number of its names
    late: bool = False          # Canvas marked the download _LATE_
    attempt: str = ""           # Blackboard's attempt time, as in the name
    submitted_file: str = ""    # the file graded, relative to the submissions folder
    problem: str = ""           # an input problem, "" when none
    name: str = ""              # the student's name as the download wrote it (NFC): what reports show

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> "Intake":
        """Tolerates older records (missing keys) and unknown keys."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in (data or {}).items() if k in known})


@dataclass
class CheckResult:
    id: str                 # stable check id, e.g. "zero_grad"
    title: str              # one line, e.g. "Gradients cleared before each backward"
    status: str             # PASSED | FAILED | ERROR
    score: float
    max_score: float
    observed: str = ""      # what the grader saw, with numbers
    why: str = ""           # why it matters
    fix: str = ""           # the fix, in one line
    visibility: str = "public"   # "public" | "hidden"
    # the submission's lines to look at: [{"file": "line 12" / "cell 3, line 4", "lineno", "text", "role": what
    # the line does for this failure ("computes correct", "where the run showed it"), "cell": int (notebooks)}]
    lines: list[dict] = field(default_factory=list)
    details: dict = field(default_factory=dict)       # numbers behind `observed`
    # what the verdict rests on (grader.evidence): "verified" (recomputed by the parent from numbers
    # it controls) or "observed" (the in-process recorder's word)
    evidence: str = "observed"

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def message(self) -> str:
        """The student-facing text: observed, why, fix."""
        parts = [self.observed]
        if self.status == FAILED:
            if self.why:
                parts.append(f"Why it matters: {self.why}")
            if self.fix:
                parts.append(f"Fix: {self.fix}")
        return "\n".join(p for p in parts if p)


@dataclass
class GradeResult:
    exercise: str
    submission: str                  # path as given
    submission_hash: str             # sha256 of the file's bytes
    grader_version: str
    device: str
    score: float
    max_score: float
    checks: list[CheckResult]
    runtime: dict = field(default_factory=dict)   # {"status", "message", "exit_code", "signal", ...}
    output: str = ""                 # captured stdout+stderr, truncated
    curves: dict = field(default_factory=dict)    # {"student": {"train_loss": [...], ...}, "reference": {...}}
    timings: dict = field(default_factory=dict)   # seconds: {"total", "submission", "reference"}
    warnings: list[str] = field(default_factory=list)  # load-time notes (skipped cells, magics)
    student: str | None = None
    started_at: str = ""
    # Tampering or a forged trace was detected: every check scores 0 and every report says so.
    flagged: bool = False
    flag_reasons: list[str] = field(default_factory=list)
    # The one reason the run could not be graded in full (no optimizer step, no training forward,
    # no validation): the report leads with it, and the checks that depend on it are not judged.
    root_cause: str = ""
    # How a batch found the file (Intake.to_dict()): LMS ids, late flag and
    # input problems for the class page and grades.csv; empty for a single `grade`.
    intake: dict = field(default_factory=dict)
    # Which containment layers were active for the submission's job
    # (grader.sandbox.confine.Protections.to_dict(), plus "summary": one line for reports).
    protections: dict = field(default_factory=dict)
    # The points before flag() zeroed them ({"score", "checks": {id: score}}), so a reviewer who
    # clears the flag restores what the checks found, not a number typed by hand.
    before_flag: dict = field(default_factory=dict)
    # A person's decision on this very submission (grader.gradebook.Review.to_dict()), applied
    # on reading the gradebook; empty when nobody has reviewed it.
    review: dict = field(default_factory=dict)
    # The late policy's charge (grader.late.Lateness.to_dict() plus "policy"), applied on reading
    # the gradebook after any review; empty when no policy or on time.
    late: dict = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "GradeResult":
        data = dict(data)
        data["checks"] = [CheckResult(**c) for c in data.get("checks", [])]
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def flag(self, reasons: list[str]) -> None:
        """Zero the whole submission and mark it for review (not one point off: a tampered or
        forged run says nothing trustworthy about any check)."""
        if not self.flagged:
            self.before_flag = {"score": self.score, "checks": {c.id: c.score for c in self.checks}}
        self.flagged = True
        self.flag_reasons = list(dict.fromkeys(self.flag_reasons + list(reasons)))
        for c in self.checks:
            c.score = 0.0
        self.score = 0.0

    def check(self, check_id: str) -> CheckResult | None:
        return next((c for c in self.checks if c.id == check_id), None)
