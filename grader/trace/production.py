"""The production loop's extra records (gradient accumulation, learning-rate schedules): what
grader/job/observe/production.py saw, as typed data on both sides of the process boundary.

A run carries them as `Run.production` (None for exercises that do not ask for them). Reading
never raises on odd data: unknown fields are ignored, missing ones take their defaults.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


@dataclass
class Backward:
    """One backward pass that reached the model's parameters."""
    train_pass: int | None          # the latest train-loader pass started before it
    batch: int | None = None        # the loader batch being consumed, if any
    loss_scale: float | None = None  # the gradient the given loss's output received (1/N for loss / N);
                                    # None: the backward did not start from a call of the given loss
    cleared_before: bool = False    # every parameter's .grad was None or zero when it started
    norm: float = 0.0               # norm of the gradient it added to the parameters


@dataclass
class ProductionStep:
    """One optimizer.step() of the optimizer passed in, as the accumulation checks need it."""
    train_pass: int | None
    batch: int | None = None
    live: list[int] = field(default_factory=list)   # indices of the backwards whose gradients .grad held
    ratio: float = 0.0              # .grad ~= ratio * (sum of the live backwards' unscaled gradients)
    residual: float = 0.0           # share of .grad that ratio * unscaled does not explain
    grad_norm: float = 0.0
    lr: float | None = None         # param_groups[0]["lr"] when step() was called
    finite: bool = True             # every gradient step() used was finite
    unscaled_norm: float = 0.0      # norm of the live backwards' gradients of their plain losses
    line: list | None = None


@dataclass
class AutocastForward:
    """Autocast state at one forward of the model (as the Recorder's Forward of the same index)."""
    forward: int                    # index into Run.forwards
    enabled: bool                   # autocast on for the run's device type
    dtype: str                      # the autocast dtype for that device type, e.g. "torch.bfloat16"


@dataclass
class SchedulerCall:
    """One call of the scheduler passed in: scheduler.step(...)."""
    train_pass: int | None          # the latest train-loader pass started before it
    steps_before: int = 0           # optimizer steps observed before this call
    metric: float | None = None     # the value passed (ReduceLROnPlateau's metrics), as a float
    metric_kind: str = "none"       # "none" | "float" | "int" | "tensor" | another type name
    line: list | None = None


@dataclass
class ScalarCall:
    """One call on the writer passed in (add_scalar, add_scalars expanded per tag, flush, close)."""
    method: str                     # "add_scalar" | "add_scalars" | "flush" | "close"
    tag: str | None = None          # add_scalars: "main_tag/key"
    value: float | None = None      # the number, where it is one
    kind: str = "none"              # "float" | "int" | "tensor" | another type name
    step: int | None = None         # global_step, where it is an int
    step_kind: str = "none"


@dataclass
class TrackerRow:
    """One row of the tracker's table for the run, read after train() returned (committed rows only)."""
    run_id: str | None = None
    epoch_number: float | None = None
    epoch_kind: str = "none"        # the SQLite value's Python type name
    train_loss: float | None = None
    val_loss: float | None = None
    learning_rate: float | None = None
    kinds: list[str] = field(default_factory=list)   # type names of train_loss, val_loss, learning_rate
    checkpoint_path: str | None = None
    created_at: str | None = None
    checkpoint: str = "none"        # "none" | "missing" | "unloadable: ..." | "mismatched keys" | "loaded"
    checkpoint_distance: float | None = None  # max |checkpoint - weights at the end of epoch_number|


SQLITE_SIDECARS = ("", "-journal", "-wal", "-shm")   # a database's own files beside it


@dataclass
class LeftFile:
    """A file (or an empty folder, path ending in "/") that was new or changed when train() returned,
    compared with just before it was called; one created and removed again during train() is not one."""
    place: str                      # where it is: "cwd" (the working directory), "tmp" (the temporary
                                    # folder), "shm" (/dev/shm), "tracker_dir" (the tracker file's folder),
                                    # "checkpoint_dir", or "cache" (a library's own cache, e.g. matplotlib's)
    path: str                       # relative to that place, "/"-separated (never the grader's folders)
    size: int = 0
    new: bool = True                # False: it was there before train() and changed

    def expected(self, tracker_file: str | None) -> bool:
        """Asked for (statement.md): anything in checkpoint_dir, the tracker file and SQLite's own
        files beside it; a library's cache is not the loop's doing (grader/checks/stray_files.py
        judges by it; the child lists a run's files by it too)."""
        if self.place in ("checkpoint_dir", "cache"):
            return True
        return (self.place == "tracker_dir" and tracker_file is not None
                and self.path in {tracker_file + s for s in SQLITE_SIDECARS})


@dataclass
class TrackerConnection:
    """One sqlite3 connection opened while train() ran (sqlite3.connect or sqlite3.Connection, any name
    they are reached by), and its state once train() returned (grader/job/observe/connections.py)."""
    tracker: bool = False           # its database is the tracker file passed in
    database: str = ""              # the database's file name (":memory:" for one in memory)
    line: list | None = None        # [file, line] of the submission's call that opened it
    state: str = "open"             # "closed" (close() called, or finalized during train()) | "collected"
                                    # (never closed, nothing held it: finalized after train()) | "open"
    in_transaction: bool = False    # open with changes never committed


@dataclass
class Production:
    """Everything the production observer recorded during one train() call."""
    backwards: list[Backward] = field(default_factory=list)
    steps: list[ProductionStep] = field(default_factory=list)
    accum_steps: int | None = None  # the accum_steps the scenario passed
    scheduler: str | None = None    # class name of the scheduler passed, if any
    interval: str | None = None     # the interval the scenario passed ("epoch" | "step")
    scheduler_calls: list[SchedulerCall] = field(default_factory=list)
    schedule: list[float] | None = None   # lr after k scheduler.step() calls (k = 0, 1, ...), replayed
                                          # on a copy before training; None where it needs metrics
    max_norm: float | None = None   # the clipping threshold the scenario passed
    amp_dtype: str | None = None    # the autocast dtype the scenario passed, e.g. "torch.bfloat16"
    injected: int | None = None     # index of the backward whose gradient the grader made overflow (inf)
    autocast: list[AutocastForward] = field(default_factory=list)
    scaler_used: bool | None = None  # the GradScaler passed in scaled a loss (None: none passed, or unreadable)
    run_id: str | None = None       # the run id the scenario passed (experiment tracking)
    tracker_rows: list[TrackerRow] | None = None   # None: the tracker was not passed, or not readable
    tracker_error: str | None = None
    scalar_calls: list[ScalarCall] = field(default_factory=list)
    tracker_file: str | None = None     # the tracker's file name (its folder is the grader's)
    left_files: list[LeftFile] | None = None   # None: not observed
    left_files_more: int = 0        # files past the record's cap, counted only
    watched: list[str] = field(default_factory=list)   # the places compared (see LeftFile.place)
    connections: list[TrackerConnection] | None = None   # None: not observed


def _build(cls, data: dict):
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})


def _typed(value, kind, default):
    """value where it is of `kind` (bool is never an int here), else default: the child's data is
    not trusted to have the types its records declare."""
    if kind is int and isinstance(value, bool):
        return default
    return value if isinstance(value, kind) else default


def _left_file(data: dict) -> LeftFile | None:
    place, path = data.get("place"), data.get("path")
    if not isinstance(place, str) or not isinstance(path, str):
        return None
    return LeftFile(place=place, path=path, size=_typed(data.get("size"), int, 0), new=_typed(data.get("new"), bool, True))


def _connection(data: dict) -> TrackerConnection:
    line = data.get("line")
    line = line if isinstance(line, list) and len(line) == 2 and isinstance(line[0], str) \
        and _typed(line[1], int, None) is not None else None
    return TrackerConnection(tracker=_typed(data.get("tracker"), bool, False), database=_typed(data.get("database"), str, ""),
                             line=line, state=_typed(data.get("state"), str, "open"),
                             in_transaction=_typed(data.get("in_transaction"), bool, False))


def read_production(data) -> Production | None:
    """The child's production record as typed data (None when the run has none)."""
    if not isinstance(data, dict):
        return None
    schedule = data.get("schedule")
    if isinstance(schedule, list) and not all(isinstance(x, (int, float)) for x in schedule):
        schedule = None
    return Production(
        backwards=[_build(Backward, b) for b in data.get("backwards", []) if isinstance(b, dict)],
        steps=[_build(ProductionStep, s) for s in data.get("steps", []) if isinstance(s, dict)],
        accum_steps=data.get("accum_steps") if isinstance(data.get("accum_steps"), int) else None,
        scheduler=data.get("scheduler") if isinstance(data.get("scheduler"), str) else None,
        interval=data.get("interval") if isinstance(data.get("interval"), str) else None,
        scheduler_calls=[_build(SchedulerCall, c) for c in data.get("scheduler_calls", []) if isinstance(c, dict)],
        schedule=[float(x) for x in schedule] if isinstance(schedule, list) else None,
        max_norm=float(data["max_norm"]) if isinstance(data.get("max_norm"), (int, float)) else None,
        amp_dtype=data.get("amp_dtype") if isinstance(data.get("amp_dtype"), str) else None,
        injected=data.get("injected") if isinstance(data.get("injected"), int) else None,
        autocast=[_build(AutocastForward, a) for a in data.get("autocast", []) if isinstance(a, dict)],
        scaler_used=data.get("scaler_used") if isinstance(data.get("scaler_used"), bool) else None,
        run_id=data.get("run_id") if isinstance(data.get("run_id"), str) else None,
        tracker_rows=([_build(TrackerRow, r) for r in data["tracker_rows"] if isinstance(r, dict)]
                      if isinstance(data.get("tracker_rows"), list) else None),
        tracker_error=data.get("tracker_error") if isinstance(data.get("tracker_error"), str) else None,
        scalar_calls=[_build(ScalarCall, c) for c in data.get("scalar_calls", []) if isinstance(c, dict)],
        tracker_file=_typed(data.get("tracker_file"), str, None),
        left_files=([f for f in (_left_file(d) for d in data["left_files"] if isinstance(d, dict)) if f is not None]
                    if isinstance(data.get("left_files"), list) else None),
        left_files_more=_typed(data.get("left_files_more"), int, 0),
        watched=[w for w in data.get("watched", []) if isinstance(w, str)] if isinstance(data.get("watched"), list) else [],
        connections=([_connection(c) for c in data["connections"] if isinstance(c, dict)]
                     if isinstance(data.get("connections"), list) else None),
    )


def trained_passes(run) -> list[int]:
    """The train-loader passes that are epochs for the production checks: any pass over the train
    loader with an optimizer step or a backward in it (an epoch whose backwards were never
    stepped counts too), in order."""
    prod = run.production
    if prod is None:
        return []
    return sorted({r.train_pass for r in [*prod.steps, *prod.backwards]
                   if isinstance(r.train_pass, int) and 0 <= r.train_pass < len(run.passes)
                   and run.passes[r.train_pass].role == "train"})


def reused_steps(prod: Production) -> list[bool]:
    """Per optimizer step, whether its .grad still held a backward that an earlier step had used
    (it was not cleared since): the observer's `live` lists follow clearing itself, however the
    gradients were scaled, unscaled or clipped in between."""
    used: set[int] = set()
    out = []
    for s in prod.steps:
        out.append(any(b in used for b in s.live))
        used.update(s.live)
    return out
