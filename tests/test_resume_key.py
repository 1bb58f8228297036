"""The batch resumes by a key that covers what can change a verdict: the grader's source, the
exercise, the environment's versions and the options; a stale grade is never reused."""
from __future__ import annotations

import sqlite3

import grader.provenance as provenance
from batch_fakes import make_result
from grader.gradebook import Gradebook
from grader.provenance import grading_key

BASE = dict(device="cpu", timeout=120.0, memory="4G")


def test_every_option_that_changes_a_verdict_changes_the_key():
    key = grading_key("training_loop", **BASE)
    assert key == grading_key("training_loop", **BASE)
    for change in ({"device": "cuda"}, {"timeout": 60.0}, {"memory": "2G"}):
        assert grading_key("training_loop", **{**BASE, **change}) != key, change
    assert grading_key("moons", **BASE) != key


def test_the_environment_and_the_source_change_the_key(monkeypatch):
    key = grading_key("training_loop", **BASE)
    monkeypatch.setattr(provenance, "versions", lambda: {"python": "3.11.7", "torch": "9.9", "numpy": "2.0"})
    assert grading_key("training_loop", **BASE) != key
    monkeypatch.undo()
    monkeypatch.setattr(provenance, "source_hash", lambda name: "a fixed check")
    assert grading_key("training_loop", **BASE) != key


def test_gradebook_finds_only_the_same_key_and_migrates_old_files(tmp_path):
    path = tmp_path / "gradebook.db"
    old = sqlite3.connect(path)   # a gradebook from before the key: no grading_key column
    old.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, student TEXT NOT NULL, lms_id TEXT NOT NULL DEFAULT '',"
                " exercise TEXT NOT NULL, submission TEXT NOT NULL, submission_hash TEXT NOT NULL,"
                " grader_version TEXT NOT NULL, device TEXT NOT NULL, score REAL NOT NULL,"
                " max_score REAL NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL,"
                " recorded_at TEXT NOT NULL, total_s REAL, submission_s REAL, result TEXT NOT NULL)")
    old.commit()
    old.close()
    result = make_result("alice", submission_hash="ab" * 32)
    with Gradebook(path) as gb:
        gb.record(result, grading_key="k1")
        query = dict(student="alice", exercise=result.exercise, submission_hash="ab" * 32,
                     grader_version=result.grader_version, device=result.device)
        assert gb.find(**query, grading_key="k1") is not None
        assert gb.find(**query, grading_key="k2") is None
        assert gb.find(**query) is None     # rows without a key are never reused
