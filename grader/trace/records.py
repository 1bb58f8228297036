"""The trace's records: what the child observed during one train() call, as typed data.

The child builds these (grader/job/observe/recorder.py), writes them as JSON (`to_dict`), and
the parent reads them back (`read_run`), so the same classes describe the trace on both
sides of the process boundary. docs/trace.md explains every field.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from typing import Any

from grader.trace.production import Production, read_production

# Bump whenever a record's fields or their meaning change: traces from another version
# (a cache, a student bundle) are refused rather than misread.
TRACE_VERSION = 5   # 5: weights as exact bytes (grader.trace.weights), Forward.out_dtype

Line = list  # [filename, lineno]: the student's source line a record came from


class TraceVersionError(ValueError):
    """A trace written by another version of the grader's observation."""


@dataclass
class LoaderPass:
    """One iteration (`for ... in loader`, `iter(loader)`) over the train or val loader."""
    role: str                                   # "train" | "val"
    batches: list[int] = field(default_factory=list)   # size of each batch yielded
    complete: bool = False                      # the iterator ran to its end


@dataclass
class Forward:
    """One forward of the model passed in (`model(x)` or `model.forward(x)`)."""
    role: str                       # the data it saw: "train" | "val" | "mixed" | "other"
    n: int                          # rows in the input
    isum: int                       # sum of the dataset indices of those rows (a sweep fingerprint)
    isq: int                        # sum of their squares
    training: bool                  # every module in train mode
    any_training: bool              # some module in train mode
    grad: bool                      # autograd enabled
    inference: bool                 # inside torch.inference_mode
    moved: bool                     # the input came out of a .to(device)/.cuda() call
    device: str                     # the input's device type
    loader_tensor: bool = False     # the input is (a view of) a tensor the loader yielded: never moved
    loader_pass: int | None = None  # the loader pass in progress, if any
    batch: int | None = None        # the batch index within that pass
    train_pass: int | None = None   # the latest train-loader pass started before this forward
    direct: bool = False            # called as model.forward(x), bypassing model.__call__
    loss: float | None = None       # the given loss recomputed by the grader on this output
    correct: int | None = None      # correct predictions in this output (accuracy exercises)
    line: Line | None = None
    out_dtype: str | None = None    # the output's dtype ("bfloat16" under autocast): the precision it ran in


@dataclass
class LossCall:
    """One call of a torch loss function (the given loss_fn, or a functional loss)."""
    fn: str                         # the functional name: "mse_loss", "cross_entropy", ...
    input: str                      # what it was fed: "logits" | "softmax" | "log_softmax" | "sigmoid" | "other" | "unknown"
    given: bool                     # inside a call of the loss_fn passed in
    grad: bool                      # autograd enabled
    forward: int | None = None      # index of the forward whose output it was fed
    value: float | None = None      # the loss it returned (a scalar loss)
    n: int = 0                      # rows in its input
    target_moved: bool | None = None    # None: not known (target derived from another tensor)
    target_device: str | None = None
    loader_pass: int | None = None
    batch: int | None = None
    line: Line | None = None
    in_copy: bool = False           # inside a copy of loss_fn (same class and settings, its reduction aside)


@dataclass
class Step:
    """One optimizer.step() of the optimizer passed in, and the gradients it used."""
    train_pass: int | None          # the latest train-loader pass started before it
    backwards: int                  # backward passes that reached the parameters since the last step
    grad_norm: float                # norm of the gradients step() used
    fresh_norm: float               # norm of what the backwards since the last step produced
    scale: float                    # grad ~= scale * fresh (clipping scales)
    residual: float                 # share of the gradient not explained by this step's backwards
    loader_pass: int | None = None
    batch: int | None = None
    closure: bool = False           # step(closure): judged after the closure ran
    line: Line | None = None


@dataclass
class Weights:
    """Where the returned model's weights came from."""
    snapshot_forwards: list[int] = field(default_factory=list)  # forward index of each snapshot
    final_distance: list[float] = field(default_factory=list)   # max |final - snapshot|
    initial_distance: float = 0.0
    snapshot_gaps: list[float] = field(default_factory=list)    # between consecutive snapshots


@dataclass
class RecomputedVal:
    """One epoch's validation loss as the parent computed it from that epoch's streamed weight
    snapshot (grader.verify.evaluate_runs), never written by the child: eval mode, the whole
    validation set, in the precision of the run's validation outputs."""
    forward: int                    # the snapshot's forward index (Weights.snapshot_forwards)
    loss: float | None              # None: the snapshot could not be read as the scenario's weights
    rtol: float                     # how far an in-process figure of the same weights may differ
    batches: list = field(default_factory=list)   # [rows, loss] of each batch of that validation's sweep


@dataclass
class HistoryItem:
    kind: str                       # "float" | "int" | "bool" | "tensor" | a type name
    value: float | None = None      # the number, where it is one
    graph: bool = False             # a tensor attached to an autograd graph
    extra: dict = field(default_factory=dict)


@dataclass
class HistoryEntry:
    container: str                  # "list" | "tuple" | "scalar" | ...
    items: list[HistoryItem] = field(default_factory=list)  # a scalar has exactly one


@dataclass
class History:
    type: str                       # type name of what train() returned
    keys: dict[str, HistoryEntry] | None = None   # None unless it was a dict


@dataclass
class RunError:
    type: str
    message: str
    memory: bool = False
    frames: list = field(default_factory=list)


@dataclass
class Run:
    """One scenario's train() call, observed."""
    scenario: str
    status: str                     # "ok" | "error" | "timeout" | "memory" | "signature"
    device: str = "cpu"
    epochs: int = 0                 # the epoch budget passed in
    kwargs: dict = field(default_factory=dict)
    error: RunError | None = None
    elapsed: float = 0.0
    passes: list[LoaderPass] = field(default_factory=list)
    forwards: list[Forward] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    loss_calls: list[LossCall] = field(default_factory=list)
    given_loss_calls: int = 0
    other_forwards: int = 0         # forwards of the model on something that is not a data tensor
    sizes: dict = field(default_factory=dict)     # {"train": rows, "val": rows}
    history: History | None = None
    weights: Weights | None = None
    final_eval: dict | None = None  # {"val_loss", "val_acc"} or {"error"}
    recomputed_val: list[RecomputedVal] = field(default_factory=list)   # set by the parent only
    hooks_intact: bool = True
    tampered: list[str] = field(default_factory=list)
    production: Production | None = None   # grader/trace/production.py: production-loop exercises only
    events_dropped: int = 0         # events past the recorder's MAX_EVENTS (a runaway loop): not judged
    trace_version: int = TRACE_VERSION


@functools.cache
def _field_names(cls) -> tuple[str, ...]:
    """A dataclass's field names (dataclasses.fields is slow, and asked thousands of times a run)."""
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.cache
def _field_set(cls) -> frozenset[str]:
    return frozenset(_field_names(cls))


_ATOMS = frozenset({int, float, str, bool, type(None)})   # deepcopy returns these unchanged


def _plain(value):
    """dataclasses.asdict's conversion, the same result, without its per-value deepcopy and
    fields() calls: a run's record holds thousands of events (it was a tenth of a job's CPU)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if dataclasses.is_dataclass(kind):
        return {name: _plain(getattr(value, name)) for name in _field_names(kind)}
    if kind is list:
        return [_plain(v) for v in value]
    if kind is dict:
        return {_plain(k): _plain(v) for k, v in value.items()}
    return dataclasses.asdict(_Box(value))["value"]   # anything else exactly as asdict would


@dataclass
class _Box:
    value: Any


def to_dict(record) -> dict:
    """A record as plain JSON-ready data (what crosses the process boundary): equal to
    dataclasses.asdict(record), a copy sharing no mutable part with it."""
    return _plain(record)


def _build(cls, data: dict, **nested):
    """cls from a dict, ignoring fields this version does not know (never raising on extras)."""
    names = _field_set(cls)
    kwargs = {k: v for k, v in data.items() if k in names}
    kwargs.update(nested)
    return cls(**kwargs)


def _history_item(data: dict) -> HistoryItem:
    known = {"kind", "value", "graph", "extra"}
    extra = dict(data.get("extra") or {})
    extra.update({k: v for k, v in data.items() if k not in known})
    value = data.get("value")
    return HistoryItem(kind=str(data.get("kind", "?")), value=value if isinstance(value, (int, float)) else None,
                       graph=bool(data.get("graph", False)), extra=extra)


def read_history(data: dict | None) -> History | None:
    """The child's history description (grader/job/observe/history.py) as typed records."""
    if not data:
        return None
    keys = data.get("keys")
    if keys is None:
        return History(type=str(data.get("type", "?")))
    out = {}
    for key, entry in keys.items():
        if entry.get("container") == "scalar" and "item" in entry:   # the child writes a scalar as "item"
            items = [_history_item(entry.get("item") or {})]
        else:
            items = [_history_item(i) for i in entry.get("items", [])]
        out[key] = HistoryEntry(container=str(entry.get("container", "?")), items=items)
    return History(type=str(data.get("type", "dict")), keys=out)


def check_version(data: dict, where: str = "a trace") -> None:
    got = data.get("trace_version")
    if got != TRACE_VERSION:
        raise TraceVersionError(
            f"{where} was recorded with trace version {got if got is not None else '(none: an older grader)'}, "
            f"but this grader reads version {TRACE_VERSION}; record it again with this grader "
            "(for a student bundle: re-export the bundle)")


def read_run(data: dict, where: str = "a trace") -> Run:
    """A run record written by the child, as a typed Run; TraceVersionError if another version wrote it."""
    check_version(data, where)
    error = data.get("error")
    weights = data.get("weights")
    return _build(
        Run, data,
        error=_build(RunError, error) if isinstance(error, dict) else None,
        passes=[_build(LoaderPass, p) for p in data.get("passes", [])],
        forwards=[_build(Forward, f) for f in data.get("forwards", [])],
        steps=[_build(Step, s) for s in data.get("steps", [])],
        loss_calls=[_build(LossCall, c) for c in data.get("loss_calls", [])],
        history=read_history(data.get("history")),
        weights=_build(Weights, weights) if isinstance(weights, dict) else None,
        production=read_production(data.get("production")),
        recomputed_val=[_build(RecomputedVal, v) for v in data.get("recomputed_val") or []
                        if isinstance(v, dict)],
    )
