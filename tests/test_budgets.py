"""Budgets that mean what they say: `--timeout` is the job's wall-clock cap, and a train() that
never returns is stopped by the CPU time it used (grader.engine.SCENARIO_CPU_FACTOR), so a verdict
does not depend on what else the machine is doing."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus_index import CORPUS
from grader.engine import SCENARIO_CPU_FLOOR, grade
from grader.result import PASSED
from grader.job.execute import Overrun, time_budget

PACED = Path(__file__).parent / "paced" / "ok_paced_epochs.py"   # correct, waits 0.8 s an epoch
FAST = CORPUS / "training_loop" / "ok_run_epoch_helper.py"      # correct
BUGGY = CORPUS / "training_loop" / "bug_zero_grad_missing.py"   # zero_grad, convergence, reference_match


def test_cpu_budget_stops_code_that_computes():
    started = time.monotonic()
    with pytest.raises(Overrun) as caught:
        with time_budget(30.0, cpu=0.2):
            while True:
                pass
    assert caught.value.kind == "cpu" and caught.value.limit == 0.2
    assert time.monotonic() - started < 30.0


def test_cpu_budget_lets_code_that_waits_run_to_the_wall_limit():
    with pytest.raises(Overrun) as caught:
        with time_budget(0.3, cpu=0.05):
            time.sleep(5)   # no CPU time: only the wall clock stops it
    assert caught.value.kind == "wall"
    with time_budget(5.0, cpu=0.05):
        time.sleep(0.2)     # waiting longer than the CPU budget is allowed


def verdicts(result) -> dict:
    return {c.id: c.status for c in result.checks} | {"score": result.score, "run": result.runtime["status"]}


@pytest.mark.slow
def test_verdicts_do_not_depend_on_the_machines_load():
    """The same three files graded with the machine as it is, then twice beside two CPU burners
    (every core of a 2-core machine busy): identical verdicts, the paced loop full marks under
    --timeout 300 though it takes longer than 20 s (the limit train() once had whatever --timeout
    said, measured in wall time against a reference run under another load)."""
    files = {"paced": PACED, "fast": FAST, "buggy": BUGGY}
    graded = {name: [grade(path, "training_loop", timeout=300, variant=0)] for name, path in files.items()}
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        for _ in range(2):
            for name, path in files.items():
                graded[name].append(grade(path, "training_loop", timeout=300, variant=0))
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    for name, results in graded.items():
        assert all(verdicts(r) == verdicts(results[0]) for r in results), \
            (name, [verdicts(r) for r in results], [r.runtime.get("message") for r in results])
    paced = graded["paced"]
    assert all(r.score == r.max_score for r in paced), [r.runtime for r in paced]
    assert min(r.runtime["scenarios"]["main"]["elapsed"] for r in paced) > SCENARIO_CPU_FLOOR
    assert all(r.score == r.max_score for r in graded["fast"])
    buggy = graded["buggy"][0]
    assert {c.id for c in buggy.checks if c.status != PASSED} >= {"zero_grad"}
