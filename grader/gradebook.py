"""The gradebook: an embedded SQLite database recording every grading run.

One row in `runs` per grade (student, exercise, submission hash, grader version, device,
score, times, and the whole GradeResult as JSON), one row in `checks` per check of a run.
Batches of several exercises accumulate in one file; the class summary and grades.csv are
views of the latest run per (student, exercise). Each record() is one transaction, so a
batch killed midway keeps every run recorded before the kill.

`reviews` holds a person's decisions (`grader review`): a score, or "clear the flag", with a
note and the reviewer's name, for one student's submission *content* (its hash), signed with
the gradebook's key. A review outlives reruns (a regrade of the same file, a new grader version)
and never applies to a different file; a review row not signed here is ignored. The runs keep
what the grader found; reviewed() lays the latest review over it wherever a result is read.
"""
from __future__ import annotations

import dataclasses
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from grader.late import LatePolicy, policy_from_text
from grader.result import GradeResult, Intake
from grader.signing import Signer

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id              INTEGER PRIMARY KEY,
    student         TEXT NOT NULL,
    lms_id          TEXT NOT NULL DEFAULT '',
    exercise        TEXT NOT NULL,
    submission      TEXT NOT NULL,
    submission_hash TEXT NOT NULL,
    grader_version  TEXT NOT NULL,
    device          TEXT NOT NULL,
    score           REAL NOT NULL,
    max_score       REAL NOT NULL,
    status          TEXT NOT NULL,
    started_at      TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    total_s         REAL,
    submission_s    REAL,
    result          TEXT NOT NULL,
    grading_key     TEXT NOT NULL DEFAULT ''   -- grader.provenance.grading_key: resume by it
);
CREATE INDEX IF NOT EXISTS runs_lookup
    ON runs (student, exercise, submission_hash, grader_version, device);
CREATE TABLE IF NOT EXISTS checks (
    run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    check_id   TEXT NOT NULL,
    title      TEXT NOT NULL,
    status     TEXT NOT NULL,
    score      REAL NOT NULL,
    max_score  REAL NOT NULL,
    observed   TEXT NOT NULL,
    PRIMARY KEY (run_id, check_id)
);
CREATE TABLE IF NOT EXISTS reviews (
    id              INTEGER PRIMARY KEY,
    student         TEXT NOT NULL,
    exercise        TEXT NOT NULL,
    submission_hash TEXT NOT NULL,      -- the content the reviewer looked at
    action          TEXT NOT NULL,      -- "score" | "clear_flag"
    score           REAL,               -- the points set ("score"), NULL for "clear_flag"
    note            TEXT NOT NULL,
    reviewer        TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    mac             TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS policies (
    exercise        TEXT PRIMARY KEY,
    late            TEXT NOT NULL       -- grader.late.LatePolicy.to_text(), "" for none
);
CREATE INDEX IF NOT EXISTS reviews_lookup ON reviews (student, exercise, submission_hash);
CREATE VIEW IF NOT EXISTS latest_runs AS
    SELECT * FROM runs WHERE id IN (SELECT max(id) FROM runs GROUP BY student, exercise);
"""


REVIEW_ACTIONS = ("score", "clear_flag")


@dataclass(frozen=True)
class Review:
    """A person's decision on one submission's content."""
    student: str
    exercise: str
    submission_hash: str
    action: str                 # REVIEW_ACTIONS
    score: float | None         # "score": the points; "clear_flag": None (the checks' own points)
    note: str
    reviewer: str
    recorded_at: str = ""

    def signed_fields(self) -> list:
        return [self.student, self.exercise, self.submission_hash, self.action, self.score, self.note,
                self.reviewer, self.recorded_at]

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def _review(row: sqlite3.Row) -> Review:
    return Review(*(row[k] for k in ("student", "exercise", "submission_hash", "action", "score", "note",
                                     "reviewer", "recorded_at")))


def apply_review(result: GradeResult, review: Review | None) -> GradeResult:
    """`result` as the reviewer decided: a copy with the set score, or with the flag cleared and
    the points the checks found before the flag; `review` records the decision and the grader's
    own score. The same result when there is no review."""
    if review is None:
        return result
    applied = GradeResult.from_dict(result.to_dict())
    applied.review = {**review.to_dict(), "graded_score": result.score}
    if review.action == "clear_flag" and result.flagged:
        before = result.before_flag or {}
        for c in applied.checks:
            c.score = (before.get("checks") or {}).get(c.id, c.score)
        applied.score = before.get("score", sum(c.score for c in applied.checks))
        applied.flagged = False
    elif review.action == "score":
        applied.score = min(max(float(review.score), 0.0), result.max_score)
    return applied


def apply_late(result: GradeResult, policy: LatePolicy | None) -> GradeResult:
    """`result` with the late policy's penalty taken (never below 0) and recorded in `late`."""
    if policy is None:
        return result
    intake = Intake.from_dict(result.intake)
    lateness = policy.assess(intake.late, intake.attempt, result.max_score)
    if lateness.days == 0:
        return result
    charged = GradeResult.from_dict(result.to_dict())
    charged.late = {**lateness.to_dict(), "policy": policy.spec(), "score_before": result.score}
    charged.score = max(0.0, round(result.score - lateness.penalty, 4))
    return charged


class Gradebook:
    """A connection to one gradebook file; use from one thread (the batch's main thread)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)
        columns = {r["name"] for r in self.db.execute("PRAGMA table_info(runs)")}
        if "grading_key" not in columns:   # a gradebook written before the key existed
            self.db.execute("ALTER TABLE runs ADD COLUMN grading_key TEXT NOT NULL DEFAULT ''")
        if "mac" not in columns:   # rows written before rows were signed: never trusted for reuse
            self.db.execute("ALTER TABLE runs ADD COLUMN mac TEXT NOT NULL DEFAULT ''")
        # a key next to the gradebook, 0600: a row written by anything without it is not ours
        self.signer = Signer(self.path.parent, "gradebook")
        self.review_signer = Signer(self.path.parent, "review")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Gradebook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def record(self, result: GradeResult, *, lms_id: str = "", grading_key: str = "") -> int:
        """Store one grading run (atomically); returns its run id."""
        timings = result.timings or {}
        text = json.dumps(result.to_dict())
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO runs (student, lms_id, exercise, submission, submission_hash,"
                " grader_version, device, score, max_score, status, started_at, recorded_at,"
                " total_s, submission_s, result, grading_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (result.student or "", lms_id, result.exercise, result.submission,
                 result.submission_hash, result.grader_version, result.device, result.score,
                 result.max_score, result.runtime.get("status", ""), result.started_at or "",
                 datetime.now(timezone.utc).isoformat(timespec="seconds"),
                 timings.get("total"), timings.get("submission"),
                 text, grading_key))
            run_id = cursor.lastrowid
            self.db.execute("UPDATE runs SET mac=? WHERE id=?",
                            (self.signer.sign(_signed_fields(result, text, grading_key)), run_id))
            self.db.executemany(
                "INSERT INTO checks VALUES (?,?,?,?,?,?,?)",
                [(run_id, c.id, c.title, c.status, c.score, c.max_score, c.observed)
                 for c in result.checks])
        return run_id

    def find(self, *, student: str, exercise: str, submission_hash: str,
             grader_version: str, device: str, grading_key: str = "") -> GradeResult | None:
        """The latest recorded result for exactly this content, exercise, version, device and
        grading key (grader.provenance: source, environment and options)."""
        row = self.db.execute(
            "SELECT result, grading_key, mac FROM runs WHERE student=? AND exercise=? AND submission_hash=?"
            " AND grader_version=? AND device=? AND grading_key=? ORDER BY id DESC LIMIT 1",
            (student, exercise, submission_hash, grader_version, device, grading_key)).fetchone()
        return self._verified(row["result"], row["grading_key"], row["mac"]) if row else None

    def _verified(self, text: str, grading_key: str, mac: str) -> GradeResult | None:
        """The row's result if it is well formed and signed with this gradebook's key; a row
        changed or written by anything else is absent (regraded), never reused, never a crash."""
        try:
            result = GradeResult.from_dict(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError):
            return None
        if not self.signer.verify(_signed_fields(result, text, grading_key), mac):
            return None
        return result

    def exercises(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT exercise FROM runs ORDER BY 1")]

    def latest(self, exercise: str | None = None) -> list[sqlite3.Row]:
        """The latest run per (student, exercise), ordered by exercise then student."""
        where, args = ("WHERE exercise=?", (exercise,)) if exercise else ("", ())
        return self.db.execute(
            f"SELECT * FROM latest_runs {where} ORDER BY exercise, student", args).fetchall()

    def latest_results(self, exercise: str) -> list[GradeResult]:
        """The latest result per student, as reviewed (apply_review)."""
        return [self.final(self.row_result(r)) for r in self.latest(exercise)]

    def add_review(self, result: GradeResult, *, action: str, note: str, reviewer: str,
                   score: float | None = None) -> Review:
        """Record a person's decision on `result`'s submission content (signed)."""
        if action not in REVIEW_ACTIONS:
            raise ValueError(f"a review is one of {', '.join(REVIEW_ACTIONS)}, not {action!r}")
        if action == "score" and (score is None or not 0 <= score <= result.max_score):
            raise ValueError(f"--score must be between 0 and {result.max_score:g}")
        if not note.strip() or not reviewer.strip():
            raise ValueError("a review needs a note and the reviewer's name")
        review = Review(result.student or "", result.exercise, result.submission_hash, action,
                        None if action == "clear_flag" else float(score), note.strip(), reviewer.strip(),
                        datetime.now(timezone.utc).isoformat(timespec="seconds"))
        self._insert_review(review)
        return review

    def _insert_review(self, review: Review) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO reviews (student, exercise, submission_hash, action, score, note, reviewer,"
                " recorded_at, mac) VALUES (?,?,?,?,?,?,?,?,?)",
                (*review.signed_fields(), self.review_signer.sign(review.signed_fields())))

    def signed_reviews(self) -> tuple[list[Review], list[str]]:
        """(every review signed with this gradebook's key, oldest first; the students of those
        that are not)."""
        signed, forged = [], []
        for row in self.db.execute("SELECT * FROM reviews ORDER BY id"):
            review = _review(row)
            if review.action in REVIEW_ACTIONS and self.review_signer.verify(review.signed_fields(), row["mac"]):
                signed.append(review)
            else:
                forged.append(row["student"])
        return signed, forged

    def copy_review(self, review: Review) -> bool:
        """Add a review verified elsewhere (a shard's), signed with this gradebook's key; False
        when this gradebook holds it already."""
        if self.db.execute("SELECT 1 FROM reviews WHERE student=? AND exercise=? AND submission_hash=?"
                           " AND action=? AND recorded_at=? AND note=? AND reviewer=?",
                           (review.student, review.exercise, review.submission_hash, review.action,
                            review.recorded_at, review.note, review.reviewer)).fetchone():
            return False
        self._insert_review(review)
        return True

    def review_for(self, result: GradeResult) -> Review | None:
        """The latest signed review of this student's submission content, or None."""
        rows = self.db.execute(
            "SELECT * FROM reviews WHERE student=? AND exercise=? AND submission_hash=? ORDER BY id DESC",
            (result.student or "", result.exercise, result.submission_hash)).fetchall()
        for row in rows:
            review = _review(row)
            if review.action in REVIEW_ACTIONS and self.review_signer.verify(review.signed_fields(), row["mac"]):
                return review
        return None

    def final(self, result: GradeResult) -> GradeResult:
        """`result` as it counts: its latest signed review applied (apply_review), then the
        exercise's late policy (apply_late)."""
        return apply_late(apply_review(result, self.review_for(result)), self.late_policy(result.exercise))

    def set_late_policy(self, exercise: str, policy: LatePolicy | None) -> None:
        with self.db:
            self.db.execute("INSERT OR REPLACE INTO policies (exercise, late) VALUES (?, ?)",
                            (exercise, policy.to_text() if policy else ""))

    def late_policy(self, exercise: str) -> LatePolicy | None:
        row = self.db.execute("SELECT late FROM policies WHERE exercise=?", (exercise,)).fetchone()
        return policy_from_text(row["late"]) if row else None

    def row_result(self, row: sqlite3.Row) -> GradeResult:
        """A `runs` row's result, verified; a row the grader did not sign shows as what it is
        (flagged, 0 points), never as the grade it claims."""
        result = self._verified(row["result"], row["grading_key"], row["mac"])
        if result is None:
            result = GradeResult(exercise=row["exercise"], submission=row["submission"],
                                 submission_hash=row["submission_hash"], grader_version=row["grader_version"],
                                 device=row["device"], score=0.0, max_score=row["max_score"], checks=[],
                                 student=row["student"], flagged=True,
                                 flag_reasons=["this gradebook row is not signed by the grader: regrade it"])
        return result

    def latest_checks(self, exercise: str | None = None) -> list[sqlite3.Row]:
        """Per-check rows of the latest runs: student, exercise, check_id, status, score, ..."""
        where, args = ("WHERE r.exercise=?", (exercise,)) if exercise else ("", ())
        return self.db.execute(
            "SELECT r.student, r.exercise, c.* FROM latest_runs r JOIN checks c ON c.run_id = r.id "
            f"{where} ORDER BY r.exercise, r.student, c.rowid", args).fetchall()

    def runs(self, student: str | None = None) -> list[sqlite3.Row]:
        """Every recorded run (history), oldest first."""
        where, args = ("WHERE student=?", (student,)) if student else ("", ())
        return self.db.execute(
            f"SELECT id, student, exercise, submission_hash, grader_version, device, score,"
            f" max_score, status, started_at, recorded_at, total_s FROM runs {where} ORDER BY id",
            args).fetchall()


def _signed_fields(result: GradeResult, text: str, grading_key: str) -> list:
    """What a row's MAC covers: the lookup fields, the score and the whole stored result."""
    return [result.student or "", result.exercise, result.submission_hash, result.grader_version,
            result.device, grading_key, result.score, text]
