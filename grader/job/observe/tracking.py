"""Child-side reading of what an experiment-tracking loop left behind (experiment_tracking): the
writer's recorded calls as typed records, and the tracker's SQLite rows for the run, each with
whether its checkpoint file loads and how far it is from the weights at the end of its epoch;
with a Watch armed just before train(), also the files it left on disk (grader/job/observe/footprint.py)
and the state of the sqlite3 connections it opened (grader/job/observe/connections.py).

Runs after train() returned, in the child (the files live in the child's sandbox). Reads only:
a fresh read-only connection sees committed rows only, which is what a tracker must leave.
"""
from __future__ import annotations

import gc
import os
import sqlite3

import torch

from grader.job.observe import connections, footprint
from grader.job.observe.journal import EventJournal
from grader.trace.production import ScalarCall, TrackerRow

TABLE = "training_history"
COLUMNS = ("run_id", "epoch_number", "train_loss", "val_loss", "learning_rate", "checkpoint_path", "created_at")


def _number(value) -> tuple[float | None, str]:
    """(the value as a float where it is a plain number or a one-element tensor, its type name)."""
    kind = "tensor" if torch.is_tensor(value) else type(value).__name__
    try:
        if torch.is_tensor(value):
            return (float(value.detach().float().reshape(-1)[0]) if value.numel() == 1 else None), kind
        if isinstance(value, bool) or value is None:
            return None, kind
        return float(value), kind
    except (TypeError, ValueError, RuntimeError):
        return None, kind


def scalar_calls(writer) -> list[ScalarCall]:
    """The writer's calls (exercises/experiment_tracking/writer.py records them as tuples)."""
    out = []
    for call in list(getattr(writer, "calls", []) or []):
        if not isinstance(call, tuple) or not call:
            continue
        method = str(call[0])
        if method in ("flush", "close"):
            out.append(ScalarCall(method=method))
            continue
        step = call[3] if len(call) > 3 else None
        step_kind = type(step).__name__
        step_int = int(step) if isinstance(step, int) and not isinstance(step, bool) else None
        if method == "add_scalars" and isinstance(call[2], dict):
            for key, value in call[2].items():
                v, kind = _number(value)
                out.append(ScalarCall(method=method, tag=f"{call[1]}/{key}", value=v, kind=kind, step=step_int,
                                      step_kind=step_kind))
        elif method == "add_scalar":
            v, kind = _number(call[2])
            out.append(ScalarCall(method=method, tag=str(call[1]), value=v, kind=kind, step=step_int,
                                  step_kind=step_kind))
    return out


def _checkpoint(path, states: dict[int, dict], epoch) -> tuple[str, float | None]:
    """(load status, max |checkpoint - weights at the end of `epoch`|) for one row's checkpoint path."""
    if not path:
        return "none", None
    if not os.path.isfile(str(path)):
        return "missing", None
    try:
        loaded = torch.load(str(path), map_location="cpu", weights_only=True)
    except Exception as exc:  # a pickled module, a truncated file, ...
        return f"unloadable: {type(exc).__name__}", None
    want = states.get(int(epoch)) if isinstance(epoch, (int, float)) else None
    loaded = _state_dict_in(loaded, want)
    if loaded is None:
        return "unloadable: not a state_dict", None
    if want is None:
        return "loaded", None
    if set(loaded) != set(want) or any(loaded[k].shape != want[k].shape for k in want):
        return "mismatched keys", None
    worst = 0.0
    for k, v in want.items():
        if v.is_floating_point() and v.numel():
            worst = max(worst, float((loaded[k].double() - v.double()).abs().max()))
    return "loaded", worst


def _is_state_dict(obj) -> bool:
    """A non-empty dict of tensors (a module's state_dict as torch.load gives it back)."""
    return isinstance(obj, dict) and bool(obj) and all(torch.is_tensor(v) for v in obj.values())


def _state_dict_in(loaded, want: dict | None) -> dict | None:
    """The model's state_dict in what torch.load gave: the object itself, or, for PyTorch's "general
    checkpoint" (`{"epoch": ..., "model_state_dict": ..., "optimizer_state_dict": ...}`), the one
    value that is a state_dict with the model's keys (the only such value when the model's weights
    were not observed); None when there is none, or more than one to choose from."""
    if _is_state_dict(loaded):
        return loaded
    if not isinstance(loaded, dict):
        return None
    found = [v for v in loaded.values() if _is_state_dict(v) and (want is None or set(v) == set(want))]
    return found[0] if len(found) == 1 else None


def tracker_rows(path, run_id, states: dict[int, dict]) -> tuple[list[TrackerRow] | None, str | None]:
    """The committed rows of the run in the tracker's table, or (None, why not)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            found = con.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} WHERE run_id = ? ORDER BY rowid",
                                (run_id,)).fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return None, f"{type(exc).__name__}: {exc}"
    rows = []
    for run, epoch, train, val, lr, ckpt, created in found:
        status, distance = _checkpoint(ckpt, states, epoch)
        rows.append(TrackerRow(
            run_id=run, epoch_number=float(epoch) if isinstance(epoch, (int, float)) else None,
            epoch_kind=type(epoch).__name__,
            train_loss=float(train) if isinstance(train, (int, float)) else None,
            val_loss=float(val) if isinstance(val, (int, float)) else None,
            learning_rate=float(lr) if isinstance(lr, (int, float)) else None,
            kinds=[type(train).__name__, type(val).__name__, type(lr).__name__],
            checkpoint_path=str(ckpt) if ckpt is not None else None,
            created_at=str(created) if created is not None else None,
            checkpoint=status, checkpoint_distance=distance))
    return rows, None


def stream_of(recorder) -> tuple:
    """(emit, scenario) of the trace the recorder's events stream to as they are recorded (the
    child gives the recorder grader.job.observe.journal.EventJournal lists), or (None, "") where they
    are plain lists (in process): the connection watch streams its records the same way."""
    forwards = getattr(recorder, "forwards", None)
    if type(forwards) is EventJournal:
        return forwards._emit, forwards._scenario
    return None, ""


class Watch:
    """What is watched while train() runs: the sqlite3 connections it opens and the places it can
    write. Built just before train() is called; read by after_train() once it returned."""

    def __init__(self, kwargs: dict, student_files: set[str], stream: tuple = (None, "")):
        tracker = kwargs.get("tracker")
        self.connections = connections.ConnectionWatch(tracker, student_files, *stream).start()
        self.files = footprint.Footprint(footprint.places(kwargs),
                                         os.path.basename(str(tracker)) if tracker is not None else None)


def _once(action):
    """`action` run on the first call only (one full garbage collection serves both observers)."""
    done = []

    def run() -> None:
        if not done:
            done.append(True)
            action()
    return run


def after_train(kwargs: dict, epoch_states: dict[int, dict], watch: Watch | None) -> dict:
    """The Production fields of an experiment-tracking run. Order matters: the connections are
    judged before the grader opens its own; the files are listed before the grader's read of the
    table could add any. A full garbage collection (~0.15-0.3 s of CPU in a child holding torch)
    runs only where a verdict depends on it: a connection held by more than its own statement
    cache, or a file that would be a stray unless garbage owned it (a TemporaryDirectory in a
    reference cycle); then once for both."""
    out: dict = {}
    if watch is not None:
        collect = _once(gc.collect)
        out["connections"] = watch.connections.finish(collect)
        out.update(watch.files.finish(collect))
    tracker, run_id = kwargs.get("tracker"), kwargs.get("run_id")
    rows, error = tracker_rows(tracker, run_id, epoch_states)
    out.update(run_id=run_id if isinstance(run_id, str) else None, tracker_rows=rows, tracker_error=error,
               tracker_file=os.path.basename(str(tracker)) if tracker is not None else None,
               scalar_calls=scalar_calls(kwargs.get("writer")))
    return out
