"""A runaway loop (far more model calls than the epochs need) is capped in the trace and judged
on nothing, with one headline: its record must still fit the trace channel, and a partial record
must not pass for a finished run."""
from __future__ import annotations

from grader.engine import _runtime, runaway
from grader.protocol import MAX_EVENTS
from grader.result import RUN_CRASH
from grader.sandbox.channels import ChildOutcome, RECORD_LIMIT
from grader.trace.envelope import Load


def test_the_cap_keeps_a_run_record_inside_the_channels_per_record_limit():
    # a forward, a loss call and a step together take about 1 KB of JSON (measured on the
    # reference traces: ~360 + ~260 + ~240 bytes); the cap must leave room for the rest
    assert MAX_EVENTS * 1100 < RECORD_LIMIT


def test_a_finished_run_with_dropped_events_is_a_crash_with_one_headline():
    run = {"type": "run", "scenario": "main", "status": "ok", "epochs": 50, "events_dropped": 41234}
    info = _runtime(ChildOutcome(records=[run], exit_code=0), Load(train_found=True), {"main": run}, ["main"])
    assert info["status"] == RUN_CRASH
    assert info["message"] == runaway("main", run)
    assert "50 epochs" in info["message"] and "41234 more not recorded" in info["message"]


def test_an_ordinary_run_is_untouched():
    run = {"type": "run", "scenario": "main", "status": "ok", "epochs": 50, "events_dropped": 0}
    info = _runtime(ChildOutcome(records=[run], exit_code=0), Load(train_found=True), {"main": run}, ["main"])
    assert info["status"] == "ok" and info["message"] == ""


def test_run_records_the_grader_did_not_write_are_flags_not_crashes():
    from grader.engine import _grader_runs
    from grader.trace.records import TRACE_VERSION

    good = {"type": "run", "scenario": "main", "status": "ok", "trace_version": TRACE_VERSION}
    forged = [{"type": "run", "scenario": "main", "status": "ok", "trace_version": TRACE_VERSION},   # twice
              {"type": "run", "scenario": "other", "status": "ok"},                                # not asked
              {"type": "run", "scenario": ["x"], "status": "ok"},                                  # unhashable
              {"type": "run", "scenario": "stop", "status": "ok", "trace_version": 999}]          # version
    runs, typed, flags = _grader_runs([good] + forged, ["main", "stop"])
    assert runs == {"main": good} and list(typed) == ["main"]
    assert len(flags) == 4 and all("did not write" in f for f in flags)
