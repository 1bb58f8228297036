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
