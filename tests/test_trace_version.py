"""A bundle's recorded reference traces from another trace version are refused with a clear
message (never misread); the current version is read."""
from __future__ import annotations

import json

import pytest

from grader.exercise import load_exercise
from grader.reference_runs import ReferenceFailed, reference_runs
from grader.trace import TRACE_VERSION, to_dict
from trace_builders import two_epoch_run


def _bundle(tmp_path, version):
    ex = load_exercise("training_loop")
    folder = tmp_path / ex.name
    folder.mkdir()
    data = dict(to_dict(two_epoch_run()), trace_version=version, type="run")
    (folder / "main.cpu.json").write_text(json.dumps(data))
    return ex


def test_a_bundle_from_another_trace_version_fails_clearly(tmp_path):
    ex = _bundle(tmp_path, TRACE_VERSION - 1)
    with pytest.raises(ReferenceFailed, match=r"main\.cpu\.json was recorded with trace version .*re-export the bundle"):
        reference_runs(ex, ["main"], "cpu", reference_dir=tmp_path)


def test_a_bundle_of_this_version_is_read(tmp_path):
    ex = _bundle(tmp_path, TRACE_VERSION)
    assert reference_runs(ex, ["main"], "cpu", reference_dir=tmp_path)["main"]["trace_version"] == TRACE_VERSION


def test_to_dict_is_dataclasses_asdict_and_shares_nothing_mutable():
    """The child's fast conversion (grader.trace.records.to_dict) writes exactly what
    dataclasses.asdict would, for every field shape a record holds."""
    import dataclasses

    import numpy as np

    from grader.trace.records import (Forward, History, HistoryEntry, HistoryItem, LoaderPass, RunError,
                                      Weights, read_run)

    run = two_epoch_run()
    run.error = RunError(type="ValueError", message="m", frames=[["/s.py", 3, "x"]])
    run.weights = Weights(snapshot_forwards=[1, 2], final_distance=[0.0, 0.5])
    run.kwargs = {"scheduler": "StepLR", "scale": np.float32(0.5), "pair": (1, [2])}
    run.passes.append(LoaderPass(role="val", batches=[4, 4], complete=True))
    run.history = History(type="dict", keys={"train_loss": HistoryEntry(
        container="list", items=[HistoryItem(kind="float", value=1.0, extra={"dtype": ["f", 32]})])})
    run.forwards.append(Forward(role="train", n=4, isum=6, isq=14, training=True, any_training=True,
                                grad=True, inference=False, moved=False, device="cpu", line=["/s.py", 9]))
    assert to_dict(run) == dataclasses.asdict(run)
    assert json.dumps(to_dict(run), default=float) == json.dumps(dataclasses.asdict(run), default=float)
    # a copy: changing what was written leaves the record as it was
    out = to_dict(run)
    out["forwards"][-1]["line"].append("x")
    out["history"]["keys"]["train_loss"]["items"][0]["extra"]["dtype"].append(1)
    assert run.forwards[-1].line == ["/s.py", 9]
    assert run.history.keys["train_loss"].items[0].extra == {"dtype": ["f", 32]}
    # and the parent reads back what the child wrote
    back = read_run(json.loads(json.dumps(to_dict(run), default=float)))
    assert back.forwards[-1] == run.forwards[-1] and back.weights == run.weights
