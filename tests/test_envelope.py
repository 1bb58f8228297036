"""The envelope records (boot, load, start, event, snapshot, step_evidence, done) are read once,
typed, by grader.trace.envelope.read_envelope, which never raises on what a submission wrote."""
from __future__ import annotations

import itertools

from grader.load.provided import FailedImport
from grader.trace.envelope import Event, Load, Snapshot, StepRecord, read_envelope

FAILED = {"where": "cell 1", "statement": "import lightning", "module": "lightning",
          "error": "ModuleNotFoundError: No module named 'lightning'", "names": ["lightning"]}


def test_a_trace_as_the_child_writes_it():
    records = [{"seq": 0, "type": "boot"},
               {"seq": 1, "type": "load", "notes": ["a cell raised"], "train_found": True,
                "failed_imports": [FAILED], "tampered": [], "signature": "train(model, ...)"},
               {"seq": 2, "type": "start", "scenario": "main"},
               {"seq": 3, "type": "event", "scenario": "main", "kind": "forwards", "index": 0, "event": {"n": 1}},
               {"seq": 4, "type": "snapshot", "scenario": "main", "index": 0, "digest": "ab", "state": {}},
               {"seq": 5, "type": "step_evidence", "scenario": "main", "index": 0, "evidence": {"k": 1}},
               {"seq": 6, "type": "run", "scenario": "main", "status": "ok"},
               {"seq": 7, "type": "done"}]
    env = read_envelope(records)
    assert env.boot and env.done and env.odd == 0 and env.starts == ["main"]
    assert env.load == Load(train_found=True, notes=("a cell raised",),
                            failed_imports=(FailedImport.from_record(FAILED),), signature="train(model, ...)")
    assert env.events == [Event("main", "forwards", 0, {"n": 1})]
    assert env.snapshots == [Snapshot("main", 0, "ab", {})]
    assert env.step_evidence == [StepRecord("main", 0, {"k": 1})]
    assert env.runs_of("main") == [records[6]]


def test_odd_data_is_counted_or_read_as_a_default_never_raised_on():
    junk = [None, 3, "x", [], {}, {"type": None}, {"type": "mystery"}, {"type": ["load"]},
            {"type": "load", "train_found": "yes", "notes": "not a list", "failed_imports": [{"where": 1}, 7, None]},
            {"type": "event", "index": -4, "kind": 5, "hooked": "true"}, {"type": "start", "scenario": 9}]
    for n in range(1, 4):
        for combo in itertools.permutations(junk, n):
            read_envelope(list(combo))
    env = read_envelope(junk)
    assert env.odd == 8 and not env.boot and not env.done
    assert env.load == Load()                     # "yes" is not True; no failed import of the grader's shape
    assert env.events == [Event("", "", -1, None, False)] and env.starts == [""]
    assert read_envelope("not a list").odd == 0


def test_the_first_load_record_is_the_childs():
    env = read_envelope([{"type": "load", "train_found": True}, {"type": "load", "train_found": False}])
    assert env.load.train_found
