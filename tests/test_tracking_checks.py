"""experiment_tracking's stray_files and tracker_closed: the checks on synthetic traces, the records
across the process boundary, and the two child-side observers (files, sqlite3 connections) in
process. Fast: no sandbox."""
from __future__ import annotations

import dataclasses
import functools
import os
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

from grader.checks import CheckContext, get
from grader.exercise import load_exercise
from grader.job.observe import connections, footprint
from grader.trace import read_run, to_dict
from grader.trace.connections import verify_stream
from grader.trace.production import LeftFile, Production, TrackerConnection, TrackerRow, read_production
from grader.trace.records import Run
from grader.trace.envelope import Load

RUN_ID = "r"


def tracked(files=None, conns=None, rows=True, watched=("checkpoint_dir", "cwd", "shm", "tmp", "tracker_dir")) -> Run:
    if files is None:
        files = [LeftFile("tracker_dir", "runs.db", 8192, new=False), LeftFile("tracker_dir", "runs.db-journal", 0),
                 LeftFile("checkpoint_dir", "epoch_1.pt", 900), LeftFile("checkpoint_dir", "epoch_2.pt", 900)]
    if conns is None:
        conns = [TrackerConnection(tracker=True, database="runs.db", line=["train.py", 12], state="closed")]
    prod = Production(run_id=RUN_ID, tracker_file="runs.db", left_files=files, watched=list(watched),
                      connections=conns, tracker_rows=[TrackerRow(run_id=RUN_ID, epoch_number=1.0)] if rows else [])
    return Run(scenario="main", status="ok", production=prod)


def judge(check_id: str, run: Run):
    ctx = CheckContext(exercise=load_exercise("experiment_tracking"), params={}, load=Load(), runs={"main": run},
                       refs={"main": run}, scenarios=["main"])
    return get(check_id).check(ctx)


# ---- stray_files -----------------------------------------------------------------------------

def test_stray_files_passes_the_tracker_its_sidecars_checkpoints_and_library_caches():
    files = tracked().production.left_files + [LeftFile("tracker_dir", "runs.db-wal", 10), LeftFile("tracker_dir", "runs.db-shm", 10),
                                               LeftFile("checkpoint_dir", "last.pt", 900), LeftFile("cache", "fontlist-v390.json", 5)]
    verdict = judge("stray_files", tracked(files=files))
    assert verdict.passed, verdict.observed
    assert judge("stray_files", tracked(files=[])).passed


def test_stray_files_names_each_stray_by_its_relative_path_and_place():
    files = [LeftFile("cwd", "history.json", 400), LeftFile("tmp", "r.log", 40), LeftFile("shm", "x", 1),
             LeftFile("tracker_dir", "r_metrics.csv", 100), LeftFile("tracker_dir", "runs.db", 9, new=False),
             LeftFile("cwd", "runs/exp1/", 0)]
    verdict = judge("stray_files", tracked(files=files))
    assert not verdict.passed
    assert "5 files behind" in verdict.observed
    for text in ("history.json (in the working directory)", "r.log (in the temporary folder)",
                 "r_metrics.csv (beside the tracker file)", "runs/exp1/"):
        assert text in verdict.observed
    assert "/tmp" not in verdict.observed.replace("/dev/shm", "")   # never the grader's folders
    assert verdict.details["count"] == 5


def test_stray_files_counts_files_past_the_cap_and_says_changed():
    files = [LeftFile("cwd", f"f{i}.txt", 1) for i in range(7)] + [LeftFile("cwd", "notes.txt", 3, new=False)]
    run = tracked(files=files)
    run.production.left_files_more = 10
    verdict = judge("stray_files", run)
    assert not verdict.passed and "18 files" in verdict.observed and "and 13 more" in verdict.observed
    one = judge("stray_files", tracked(files=[LeftFile("cwd", "notes.txt", 3, new=False)]))
    assert "left 1 file behind" in one.observed and "notes.txt (in the working directory, changed)" in one.observed


def test_stray_files_a_database_of_another_name_beside_the_tracker_is_a_stray():
    verdict = judge("stray_files", tracked(files=[LeftFile("tracker_dir", "runs.db.bak", 8192)]))
    assert not verdict.passed and "runs.db.bak" in verdict.observed


def test_stray_files_says_so_when_nothing_was_observed():
    run = tracked()
    run.production.left_files = None
    verdict = judge("stray_files", run)
    assert not verdict.passed and "not observed" in verdict.observed
    assert not judge("stray_files", Run(scenario="main", status="ok")).passed


# ---- tracker_closed --------------------------------------------------------------------------

def test_tracker_closed_passes_closed_and_collected_connections():
    conns = [TrackerConnection(tracker=True, database="runs.db", state=s) for s in ("closed", "collected", "closed")]
    verdict = judge("tracker_closed", tracked(conns=conns))
    assert verdict.passed and "All 3" in verdict.observed


def test_tracker_closed_fails_an_open_connection_naming_its_line():
    conns = [TrackerConnection(tracker=True, database="runs.db", line=["train.py", 17], state="open"),
             TrackerConnection(tracker=True, database="runs.db", state="collected")]
    verdict = judge("tracker_closed", tracked(conns=conns))
    assert not verdict.passed
    assert "1 of the 2 connection(s)" in verdict.observed and "line 17" in verdict.observed
    assert "still open" in verdict.observed and verdict.lines == [["train.py", 17]]
    dirty = [dataclasses.replace(conns[0], in_transaction=True)]
    assert "changes never committed" in judge("tracker_closed", tracked(conns=dirty)).observed


def test_tracker_closed_ignores_other_databases():
    conns = [TrackerConnection(tracker=True, database="runs.db", state="closed"),
             TrackerConnection(tracker=False, database=":memory:", state="open")]
    assert judge("tracker_closed", tracked(conns=conns)).passed


def test_tracker_closed_without_a_tracker_connection():
    verdict = judge("tracker_closed", tracked(conns=[], rows=False))
    assert not verdict.passed and not verdict.judged and verdict.observed.startswith("Not judged")
    # rows were written, though no connection was seen: nothing is charged
    assert judge("tracker_closed", tracked(conns=[], rows=True)).passed
    run = tracked()
    run.production.connections = None
    assert "not observed" in judge("tracker_closed", run).observed


# ---- the records across the process boundary -----------------------------------------------

def test_the_tracking_records_round_trip_and_junk_takes_defaults():
    run = tracked(conns=[TrackerConnection(tracker=True, database="runs.db", line=["t.py", 3], state="open",
                                           in_transaction=True)])
    run.production.left_files_more = 2
    assert read_run(to_dict(run)).production == run.production
    junk = read_production({
        "left_files": [{"place": "cwd", "path": "a", "size": "big", "new": 1}, {"place": 3, "path": "b"}, "x"],
        "left_files_more": True, "watched": ["cwd", 4], "tracker_file": ["runs.db"],
        "connections": [{"tracker": "yes", "line": ["t.py", "3"], "state": None, "in_transaction": 1}, 7]})
    assert junk.left_files == [LeftFile("cwd", "a", 0, True)]
    assert junk.left_files_more == 0 and junk.watched == ["cwd"] and junk.tracker_file is None
    assert junk.connections == [TrackerConnection(tracker=False, database="", line=None, state="open", in_transaction=False)]
    assert read_production({}).left_files is None and read_production({}).connections is None


# ---- the connection watch, in process ------------------------------------------------------

SCHEMA = "CREATE TABLE t (a INTEGER)"
_kept: list = []


@functools.lru_cache(maxsize=None)
def _cached(path):
    return sqlite3.connect(path)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "runs.db"
    with closing(sqlite3.connect(path)) as con:
        con.execute(SCHEMA)
        con.commit()
    yield path
    while _kept:
        _kept.pop().close()
    _cached.cache_clear()


def _watch(db, loop) -> list[TrackerConnection]:
    connections.install()
    watch = connections.ConnectionWatch(str(db), {__file__}).start()
    try:
        loop()
    finally:
        out = watch.finish()
    return out


def test_watch_sees_a_with_block_connection_go_away_with_the_frame(db):
    def loop():
        with sqlite3.connect(db) as con:     # commits, never closes
            con.execute("INSERT INTO t VALUES (1)")
    [c] = _watch(db, loop)
    assert c.tracker and c.database == "runs.db" and c.state == "collected"
    assert c.line and c.line[0] == __file__


def test_watch_sees_closing_and_finally_closed_connections(db):
    def loop():
        with closing(sqlite3.connect(str(db))) as con, con:
            con.execute("INSERT INTO t VALUES (1)")
        con2 = sqlite3.Connection(db)        # the class itself, not connect()
        try:
            con2.execute("INSERT INTO t VALUES (2)")
            con2.commit()
        finally:
            con2.close()
        _kept.append(con2)                   # held, but closed
    found = _watch(db, loop)
    assert [c.state for c in found] == ["closed", "closed"] and all(c.tracker for c in found)


def test_watch_sees_a_connection_in_a_cycle_collected(db):
    class Tracker:
        def __init__(self):
            self.con, self.me = sqlite3.connect(db), self
    found = _watch(db, lambda: Tracker())
    assert [c.state for c in found] == ["collected"]


def test_watch_sees_connections_held_by_a_global_or_a_cache_left_open(db):
    def loop():
        con = sqlite3.connect(f"file:{db}?mode=rw", uri=True)
        con.execute("INSERT INTO t VALUES (1)")   # never committed
        _kept.append(con)
        _cached(str(db)).execute("SELECT 1")
        sqlite3.dbapi2.connect(":memory:")        # another database: recorded, not the tracker
    found = _watch(db, loop)
    assert [(c.tracker, c.state) for c in found] == [(True, "open"), (True, "open"), (False, "collected")]
    assert found[0].in_transaction and not found[1].in_transaction
    assert found[2].database == ":memory:"


def test_watch_is_disarmed_after_finish(db):
    _watch(db, lambda: None)
    _kept.append(sqlite3.connect(db))
    assert connections._WATCHES == []


def _streamed_watch(db, loop, tamper=lambda watch: None):
    """(run record's connections as plain data, streamed events, garbage collections run)."""
    connections.install()
    events, collections = [], []
    watch = connections.ConnectionWatch(str(db), {__file__}, events.append, "main").start()
    try:
        loop()
        tamper(watch)
    finally:
        found = watch.finish(lambda: collections.append(1) or __import__("gc").collect())
    return [to_dict(c) for c in found], [e for e in events if e["type"] == "event"], len(collections)


def test_watch_judges_closed_and_dropped_connections_without_a_collection(db):
    """The CPU-costly full garbage collection runs only where a verdict depends on it: never for
    connections closed, or dropped by train() (only their own statement cache holds them)."""
    assert connections._ONLY_CYCLE, "the statement-cache route is in use on this Python"

    def loop():
        with closing(sqlite3.connect(db)) as con:
            con.execute("INSERT INTO t VALUES (1)")
            con.commit()
        with sqlite3.connect(db) as con:       # commits, never closes: dropped with the frame
            con.execute("INSERT INTO t VALUES (2)")
        dropped = sqlite3.connect(db)
        dropped.execute("INSERT INTO t VALUES (3)")   # never committed, then dropped
    found, events, collections = _streamed_watch(db, loop)
    assert [c["state"] for c in found] == ["closed", "collected", "collected"] and collections == 0
    # a dropped connection is finalized as the collector would: its uncommitted row rolled back
    with closing(sqlite3.connect(db)) as con:
        assert [r[0] for r in con.execute("SELECT a FROM t")] == [1, 2]
    assert verify_stream(events, found) == []


def test_watch_collects_garbage_once_where_a_verdict_depends_on_it(db):
    class Tracker:
        def __init__(self):
            self.con, self.me = sqlite3.connect(db), self   # a reference cycle holds the connection

    def loop():
        Tracker()
        _kept.append(sqlite3.connect(db))
    found, events, collections = _streamed_watch(db, loop)
    assert [c["state"] for c in found] == ["collected", "open"] and collections == 1
    assert verify_stream(events, found) == []


def test_watch_records_are_tamper_evident(db):
    """What the watch holds is streamed as recorded (each connection when opened, each statement
    cache's end when it comes, whether the watch was still armed when train() returned): a run
    record with the registry emptied, a record edited, a weak reference swapped for a dead one,
    or the watch disarmed no longer matches the stream."""
    def loop():
        _kept.append(sqlite3.connect(db))         # left open: what a forger would hide

    def swap(watch):
        class Dead:
            pass
        watch.canaries[0] = __import__("weakref").ref(Dead())

    found, events, _ = _streamed_watch(db, loop)
    assert [c["state"] for c in found] == ["open"] and verify_stream(events, found) == []
    assert [e["kind"] for e in events] == [connections.OPENED, connections.WATCH]
    tampered = {   # the attack -> what the parent says
        (lambda w: (w.records.clear(), w.canaries.clear())): "holds 0 sqlite3 connection(s); 1 were recorded",
        (lambda w: setattr(w.records[0], "tracker", False)): "connection 1 was changed after it was recorded",
        swap: "recorded as 'closed', but its end was never seen",
        (lambda w: connections._WATCHES.clear()): "watch was disarmed",
        (lambda w: connections._WATCHES.append(connections.ConnectionWatch(None, set()))): "watch was disarmed",
    }
    found, events, _ = _streamed_watch(db, lambda: (sys.setprofile(lambda *a: None), loop(), sys.setprofile(None)))
    assert "profiling or tracing hook" in " ".join(verify_stream(events, found))
    for tamper, said in tampered.items():
        found, events, _ = _streamed_watch(db, loop, tamper)
        assert said in " ".join(verify_stream(events, found))
    assert connections._WATCHES == []
    # the callback streams an end only for its own reference, once that is dead
    events = []
    watch = connections.ConnectionWatch(str(db), {__file__}, events.append, "main").start()
    _kept.append(sqlite3.connect(db))
    watch.canaries[0].__callback__(watch.canaries[0])
    assert [e["kind"] for e in events] == [connections.OPENED]
    watch.finish()


def test_an_end_seen_while_a_record_is_written_waits_for_it(db):
    """The collector may end a statement cache inside the trace writer, after it numbered its
    record: that end is streamed once the record is out, never from inside the writer."""
    connections.install()
    events, busy, first = [], [], []

    def emit(record):
        assert not busy, "the trace writer was re-entered"
        busy.append(1)
        try:
            if record["kind"] == connections.OPENED and record["index"] == 1:
                first.pop().close()          # its cache ends here, as if the collector ran now
            events.append(record)
        finally:
            busy.pop()

    watch = connections.ConnectionWatch(str(db), {__file__}, emit, "main").start()
    first.append(sqlite3.connect(db))
    second = sqlite3.connect(db)
    second.close()
    found = [to_dict(c) for c in watch.finish()]
    assert [(e["kind"], e["index"]) for e in events] == [
        (connections.OPENED, 0), (connections.OPENED, 1), (connections.GONE, 0), (connections.GONE, 1),
        (connections.WATCH, 0)]
    assert [c["state"] for c in found] == ["closed", "closed"] and verify_stream(events, found) == []


def test_database_path_reads_paths_bytes_and_uris(tmp_path):
    assert connections.database_path(tmp_path / "a.db") == str(tmp_path / "a.db")
    assert connections.database_path(os.fsencode(tmp_path / "a.db")) == str(tmp_path / "a.db")
    assert connections.database_path(f"file:{tmp_path}/a%20b.db?mode=ro") == f"{tmp_path}/a b.db"
    assert connections.database_path("x.db", cwd="/w") == "/w/x.db"
    assert connections.database_path(":memory:") is None
    assert connections.database_path("file:m?mode=memory&cache=shared") is None


# ---- the footprint, in process -------------------------------------------------------------

def _roots(tmp_path):
    tmp = tmp_path / "tmp"
    work, store = tmp / "job", tmp / "store"
    checkpoints = store / "checkpoints"
    for d in (work, checkpoints):
        d.mkdir(parents=True)
    (store / "runs.db").write_bytes(b"x")
    (work / "old.txt").write_text("kept")
    return {"cwd": str(work), "tmp": str(tmp), "tracker_dir": str(store), "checkpoint_dir": str(checkpoints)}


def test_footprint_reports_what_is_left_by_place_and_not_what_was_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp_path / "tmp" / "job"))
    roots = _roots(tmp_path)
    watch = footprint.Footprint(roots)
    work = tmp_path / "tmp" / "job"
    (work / "history.json").write_text("{}")
    (work / "scratch.bin").write_text("gone")
    (work / "scratch.bin").unlink()
    (work / "old.txt").write_text("kept, and longer")
    (work / "fontlist-v390.json").write_text("{}")
    (work / "runs" / "exp1").mkdir(parents=True)
    (tmp_path / "tmp" / "store" / "runs.db").write_bytes(b"xy")
    (tmp_path / "tmp" / "store" / "checkpoints" / "epoch_1.pt").write_bytes(b"pt")
    (tmp_path / "tmp" / "r.log").write_text("1")
    got = {(f.place, f.path, f.new) for f in watch.finish()["left_files"]}
    assert got == {("cwd", "history.json", True), ("cwd", "old.txt", False), ("cache", "fontlist-v390.json", True),
                   ("cwd", "runs/exp1/", True), ("tracker_dir", "runs.db", False),
                   ("checkpoint_dir", "epoch_1.pt", True), ("tmp", "r.log", True)}


def test_footprint_watches_tmp_only_where_it_is_the_jobs_own(tmp_path):
    kwargs = {"tracker": str(tmp_path / "runs.db"), "checkpoint_dir": str(tmp_path)}
    shared = footprint.places(kwargs, cwd=str(tmp_path), private_tmp=False)
    assert "tmp" not in shared and shared["tracker_dir"] == shared["checkpoint_dir"] == os.path.realpath(tmp_path)
    assert "tmp" in footprint.places(kwargs, cwd=str(tmp_path), private_tmp=True)


def test_footprint_collects_garbage_only_for_would_be_strays(tmp_path):
    """A scratch folder whose TemporaryDirectory train() dropped inside a reference cycle is
    removed by the collector: listed again after one collection, it is not a stray; where every
    file left is expected (the tracker, checkpoints), no collection runs."""
    import tempfile

    (tmp_path / "ckpt").mkdir()
    roots = {"cwd": str(tmp_path / "work"), "tracker_dir": str(tmp_path), "checkpoint_dir": str(tmp_path / "ckpt")}
    os.mkdir(roots["cwd"])
    collections = []

    def collect():
        collections.append(1)
        __import__("gc").collect()

    watch = footprint.Footprint(roots, "runs.db")
    (tmp_path / "runs.db").write_bytes(b"db")
    (tmp_path / "ckpt" / "epoch_1.pt").write_bytes(b"pt")
    assert len(watch.finish(collect)["left_files"]) == 2 and collections == []

    watch = footprint.Footprint(roots, "runs.db")

    class Scratch:
        def __init__(self):
            self.dir, self.me = tempfile.TemporaryDirectory(dir=roots["cwd"]), self
    Scratch()
    assert os.listdir(roots["cwd"])
    assert watch.finish(collect)["left_files"] == [] and collections == [1]


def test_footprint_stops_at_its_cap(tmp_path, monkeypatch):
    monkeypatch.setattr(footprint, "MAX_ENTRIES", 5)
    roots = {"cwd": str(tmp_path)}
    watch = footprint.Footprint(roots)
    for i in range(8):
        (tmp_path / f"f{i}").write_text("x")
    out = watch.finish()
    assert "incomplete" in out["watched"] and len(out["left_files"]) <= 5


# ------------------------------------------------------------------ the bundle's leak check

def test_leak_check_takes_what_students_read_as_public(tmp_path):
    """Every exercise's statement and starters are public text: the experiment_tracking starter's
    hints (the INSERT with its placeholders, the add_scalar calls, the lr read inside TODO
    comments) and its signature wrapped at another argument than the reference's are no leak.
    The reference's own loop lines still are."""
    import shutil

    from grader.bundle.vendor import leaks
    from grader.exercise import EXERCISES_DIR, list_exercises

    names = list_exercises()
    assert len(names) >= 9
    for name in names:
        for path in (EXERCISES_DIR / name).glob("*"):
            if path.name.startswith(("starter", "statement")):
                shutil.copyfile(path, tmp_path / f"{name}.{path.name}")
    assert leaks(tmp_path) == []
    import reference

    (tmp_path / "solution.py").write_text((Path(reference.__file__).parent / "experiment_tracking.py").read_text())
    found = leaks(tmp_path)
    assert found and all(line.startswith("solution.py: ") for line in found)
    assert any("lines of reference/experiment_tracking.py" in line for line in found)
