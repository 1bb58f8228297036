"""The envelope of a trace: every record the child writes around the run records (records.py),
typed, with one reader. The child numbers each record it writes (`seq`, checked by
grader.verify); the run records carry the trace's version (TRACE_VERSION), which covers these:
the same child writes both, in one stream.

    boot           the grader's side of the child is ready; no student code has run yet
    load           the submission's top-level code ran (Load)
    start          a scenario's train() call begins (Start)
    run            a scenario's run record: grader.trace.records.read_run types it
    event          an event the recorder streamed as it was recorded (Event)
    snapshot       a weight snapshot streamed as it was taken (Snapshot)
    step_evidence  one optimizer step's evidence, streamed at its post-hook (StepRecord)
    done           the child finished every scenario

Guarantee: `read_envelope` never raises, whatever the list holds. The trace is the submission's
to write to as much as the grader's: a record of an unknown type, or a field of the wrong type,
is counted (Envelope.odd) or read as its default, never trusted as it stands."""
from __future__ import annotations

from dataclasses import dataclass, field

from grader.load.provided import FailedImport


def _text(value, default: str = "") -> str:
    return value if type(value) is str else default


def _texts(value) -> tuple[str, ...]:
    return tuple(v for v in value if type(v) is str) if type(value) is list else ()


def _index(value) -> int:
    return value if type(value) is int and value >= 0 else -1


@dataclass(frozen=True)
class Load:
    """What loading the submission's file found (the child's "load" record)."""
    train_found: bool = False
    notes: tuple[str, ...] = ()                    # what the report says about the load
    failed_imports: tuple[FailedImport, ...] = ()  # top-level imports that failed
    tampered: tuple[str, ...] = ()                 # grader objects the top-level code changed
    train_missing: str = ""                        # why there is no train(), where there is none
    signature: str = ""                            # train's signature as written

    @classmethod
    def from_record(cls, record: dict) -> "Load":
        failed = []
        for item in record.get("failed_imports") if type(record.get("failed_imports")) is list else ():
            try:
                failed.append(FailedImport.from_record(item))
            except (KeyError, TypeError, AttributeError):
                pass   # not the grader's shape: left out
        return cls(train_found=record.get("train_found") is True, notes=_texts(record.get("notes")),
                   failed_imports=tuple(failed), tampered=_texts(record.get("tampered")),
                   train_missing=_text(record.get("train_missing")), signature=_text(record.get("signature")))


@dataclass(frozen=True)
class Start:
    scenario: str

    @classmethod
    def from_record(cls, record: dict) -> "Start":
        return cls(scenario=_text(record.get("scenario")))


@dataclass(frozen=True)
class Event:
    """One event as the recorder streamed it (grader.job.observe.journal.EventJournal; the sqlite3
    watch's kinds: grader.trace.connections). `event` is the event's own record, as written."""
    scenario: str
    kind: str
    index: int
    event: object = None
    hooked: bool = False       # a profiling or tracing hook was set when it was recorded

    @classmethod
    def from_record(cls, record: dict) -> "Event":
        return cls(scenario=_text(record.get("scenario")), kind=_text(record.get("kind")),
                   index=_index(record.get("index")), event=record.get("event"),
                   hooked=record.get("hooked") is True)


@dataclass(frozen=True)
class Snapshot:
    """A weight snapshot as streamed when taken: its digest and its weights (grader.trace.weights)."""
    scenario: str
    index: int
    digest: str = ""
    state: object = None

    @classmethod
    def from_record(cls, record: dict) -> "Snapshot":
        return cls(scenario=_text(record.get("scenario")), index=_index(record.get("index")),
                   digest=_text(record.get("digest")), state=record.get("state"))


@dataclass(frozen=True)
class StepRecord:
    """One optimizer step's evidence record as streamed (`evidence`: the payload that
    grader.trace.steps.read_step_evidence types)."""
    scenario: str
    index: int
    evidence: object = None

    @classmethod
    def from_record(cls, record: dict) -> "StepRecord":
        return cls(scenario=_text(record.get("scenario")), index=_index(record.get("index")),
                   evidence=record.get("evidence"))


@dataclass
class Envelope:
    """A trace read once: what every reader of the envelope takes from it."""
    boot: bool = False
    load: Load | None = None           # the first load record, None where the child never got there
    starts: list[str] = field(default_factory=list)       # scenarios whose train() call began, in order
    runs: list[dict] = field(default_factory=list)        # run records, as written (read_run types them)
    events: list[Event] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    step_evidence: list[StepRecord] = field(default_factory=list)
    done: bool = False
    odd: int = 0                       # records that are no dict or of no known type

    def runs_of(self, scenario: str) -> list[dict]:
        return [r for r in self.runs if r.get("scenario") == scenario]


_STREAMED = {"event": ("events", Event), "snapshot": ("snapshots", Snapshot),
             "step_evidence": ("step_evidence", StepRecord)}


def read_envelope(records) -> Envelope:
    """The envelope of `records` (the child's trace, as the parent's TraceSink read it)."""
    out = Envelope()
    for record in records if type(records) is list else ():
        kind = record.get("type") if type(record) is dict else None
        if type(kind) is not str:
            out.odd += 1
        elif kind == "boot":
            out.boot = True
        elif kind == "load":
            out.load = out.load or Load.from_record(record)
        elif kind == "start":
            out.starts.append(Start.from_record(record).scenario)
        elif kind == "run":
            out.runs.append(record)
        elif kind in _STREAMED:
            name, typed = _STREAMED[kind]
            getattr(out, name).append(typed.from_record(record))
        elif kind == "done":
            out.done = True
        else:
            out.odd += 1
    return out
