"""Every result says which containment layers were active: terminal, results.json, HTML, CSV."""
from __future__ import annotations

import csv
import io

from batch_fakes import make_result
from grader.gradebook import Gradebook
from grader.reporters.grades_csv import grades_csv
from grader.reporters.gradescope import to_gradescope
from grader.reporters.html import student_report
from grader.reporters.terminal import summary
from grader.sandbox.confine import Protections

LAYERS = Protections(bwrap=True, net_ns=True, pid_ns=True, mount_ns=True, seccomp=True, landlock_abi=6)


def _result():
    result = make_result("alice")
    result.protections = {**LAYERS.to_dict(), "summary": LAYERS.summary()}
    return result


def test_every_report_names_the_active_layers(tmp_path):
    result = _result()
    line = LAYERS.summary()
    assert "bubblewrap" in line and "landlock v6" in line and "seccomp" in line
    assert f"sandbox: {line}" in summary(result)
    assert f"Sandbox: {line}" in to_gradescope(result)["output"]
    assert f'id="protections">Sandbox: {line}' in student_report(result)
    with Gradebook(tmp_path / "gradebook.db") as gb:
        gb.record(result)
        rows = list(csv.DictReader(io.StringIO(grades_csv(gb))))
    assert rows[0][f"{result.exercise} protections"] == line


def test_an_unconfined_run_says_so():
    assert Protections().summary() == "unconfined"
