"""The gradebook: an embedded SQLite database recording every grading run.

One row in `runs` per grade (student, exercise, submission hash, grader version, device,
score, times, and the whole GradeResult as JSON), one row in `checks` per check of a run.
Batches of several exercises accumulate in one file; the class summary and grades.csv are
views of the latest run per (student, exercise). Each record() is one transaction, so a
batch killed midway keeps every run recorded before the kill.
"""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from grader.result import GradeResult

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
CREATE VIEW IF NOT EXISTS latest_runs AS
    SELECT * FROM runs WHERE id IN (SELECT max(id) FROM runs GROUP BY student, exercise);
"""


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
        from grader.signing import Signer
        # a key next to the gradebook, 0600: a row written by anything without it is not ours
        self.signer = Signer(self.path.parent, "gradebook")

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
        return [self.row_result(r) for r in self.latest(exercise)]

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
