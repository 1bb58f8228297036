"""What the child sends out of its own reach while train() runs, and the seal it puts on a run
record after train() returns, so that recorder state edited in memory is detected by the parent.

- The recorder's weight snapshots go into a SnapshotJournal: each one's weights and digest are
  written to the trace the moment it is taken (the parent evaluates them on its own data). After train() returns the child recomputes the digests of
  the snapshots it still holds; the parent compares both lists (grader.verify).
- The final weights travel as numbers (their bytes, grader.trace.weights), read from the tensors
  captured before train(), so the parent evaluates them itself on the validation data of the
  variant it chose: the child does not evaluate a submission's model.
- The tamper comparison is made last, after everything the record holds was computed, against
  the baseline taken before any student code ran.
"""
from __future__ import annotations

import sys
import threading

from grader.job.observe import patches
from grader.trace.records import to_dict
from grader.trace.weights import encode_state, state_digest  # noqa: F401  (state_digest: the parent's too)

# bound at import, before any student code (a rebinding in sys would be the student's)
_getprofile, _gettrace = sys.getprofile, sys.gettrace


class SnapshotJournal(list):
    """The recorder's snapshot list: every (forward index, weights) appended is also written
    out as a digest record at once, before the submission's code runs again."""

    def __init__(self, emit, scenario: str):
        super().__init__()
        self._emit, self._scenario = emit, scenario

    def append(self, item) -> None:
        super().append(item)
        self._emit({"type": "snapshot", "scenario": self._scenario, "index": len(self) - 1,
                    "digest": state_digest(item[1]), "state": encode_state(item[1])})


class EventJournal(list):
    """One of the recorder's event lists (forwards, steps): each event appended is also written
    to the trace at once, as recorded, before the submission's code runs again (the first
    `limit`, like the run record). The parent compares these with the run record's events
    (grader.verify), so an event edited afterwards (through gc, from a thread, in the record
    itself) shows. A profiling or tracing hook seen at an append is reported with it: such a
    hook could edit an event before it leaves."""

    def __init__(self, emit, scenario: str, kind: str, limit: int):
        super().__init__()
        self._emit, self._scenario, self._kind, self._limit = emit, scenario, kind, limit

    def append(self, item) -> None:
        super().append(item)
        if len(self) <= self._limit:
            record = {"type": "event", "scenario": self._scenario, "kind": self._kind,
                      "index": len(self) - 1, "event": to_dict(item)}
            if _getprofile() is not None or _gettrace() is not None:
                record["hooked"] = True
            self._emit(record)


class StepJournal:
    """Where the step evidence goes (grader.job.observe.step_evidence): each step's is written to the
    trace at its post-hook, before the submission's code runs again, and not kept (the parent
    replays steps it samples from these records: grader.replay). The first `limit` steps."""

    def __init__(self, emit, scenario: str, limit: int):
        self._emit, self._scenario, self._limit, self._count = emit, scenario, limit, 0

    def __call__(self, evidence: dict) -> None:
        if self._count < self._limit:
            self._emit({"type": "step_evidence", "scenario": self._scenario, "index": self._count,
                        "evidence": evidence})
        self._count += 1


def hooks_set() -> list[str]:
    """The interpreter hooks a submission could run code from inside the grader's: a profile or
    trace function on this thread (sys.setprofile/settrace)."""
    return [name for name, on in (("sys.setprofile", _getprofile() is not None),
                                  ("sys.settrace", _gettrace() is not None)) if on]


def clear_hooks() -> None:
    """No profile or trace function left on this thread, nor for threads started later."""
    sys.setprofile(None)
    sys.settrace(None)
    threading.setprofile(None)
    threading.settrace(None)


def final_state(tensors: dict) -> dict[str, dict]:
    """The weights as they are now, read from the tensors captured before train() (grader.job.observe.
    recorder.Recorder.tensors), losslessly encoded (grader.trace.weights)."""
    return encode_state(tensors)


def seal(record: dict, recorder, baseline: tuple | None, extra: dict) -> None:
    """The last step of a run record: snapshot digests recomputed now, the final weights, and
    the tamper comparison (after all of the above, so nothing computed later went unchecked)."""
    if record.get("status") == "ok":
        try:
            # the weights finish() read (one read: its distances describe these very numbers)
            record["final_state"] = encode_state(recorder.final) if hasattr(recorder, "final") \
                else final_state(recorder.tensors)
        except Exception as exc:   # a model left on another device or mangled
            record["final_state"] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
    try:
        record["snapshot_digests"] = [state_digest(s) for _, s in list.__iter__(recorder.snapshots)]
    except Exception as exc:
        record["snapshot_digests"] = {"error": f"{type(exc).__name__}"}
    if baseline is not None:
        record["tampered"] = sorted(set(record.get("tampered", [])) | set(patches.changed_since(baseline))
                                    | set(patches.extra_changed(baseline, extra)))
