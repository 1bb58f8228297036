"""The `grader` console script, as scripts and CI call it."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow   # runs submissions in the sandbox

CORPUS = Path(__file__).parent / "corpus"


def grader(*args):
    return subprocess.run([sys.executable, "-m", "grader", *map(str, args)], capture_output=True, text=True,
                          timeout=600)


def test_exercises_lists_all_five():
    out = grader("exercises")
    assert out.returncode == 0
    for name in ("training_loop", "best_epoch", "early_stopping", "bce_conversion", "moons"):
        assert name in out.stdout


def test_grade_writes_gradescope_results_and_exits_zero_on_a_failing_submission(tmp_path):
    results = tmp_path / "out" / "results.json"
    out = grader("grade", CORPUS / "training_loop" / "bug_zero_grad_missing.py", "--exercise", "training_loop",
                 "--results", results)
    assert out.returncode == 0, out.stderr
    data = json.loads(results.read_text())
    assert set(data) >= {"score", "max_score", "execution_time", "output", "tests"}
    assert data["score"] < data["max_score"]
    tests = {t["name"].split(":")[0]: t for t in data["tests"]}
    assert tests["zero_grad"]["status"] == "failed" and tests["zero_grad"]["score"] == 0
    assert "Fix:" in tests["zero_grad"]["output"]
    assert all(set(t) >= {"name", "score", "max_score", "status", "output"} for t in data["tests"])
    assert "FAIL" in out.stdout and "zero_grad" in out.stdout


@pytest.mark.parametrize("args,message", [
    (["grade", CORPUS / "training_loop" / "ok_run_epoch_helper.py", "--exercise", "no_such"], "unknown exercise"),
    (["grade", "/no/such/file.py", "--exercise", "training_loop"], "not found"),
])
def test_grade_exits_nonzero_only_when_it_cannot_work(args, message):
    out = grader(*args)
    assert out.returncode == 2
    assert message in out.stderr


def test_cuda_on_a_machine_without_gpu_says_so():
    import torch
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    out = grader("grade", CORPUS / "training_loop" / "ok_run_epoch_helper.py", "--exercise", "training_loop",
                 "--device", "cuda")
    assert out.returncode == 2
    assert "no CUDA GPU is available" in out.stderr
