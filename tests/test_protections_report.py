"""Every instructor's report says which containment layers were active (terminal, HTML, CSV); what a
student reads (results.json's output, the student view) does not: it is noise to them."""
from __future__ import annotations

import csv
import io

from batch_fakes import make_result
from grader.gradebook import Gradebook
from grader.reporters.grades_csv import grades_csv
from grader.reporters.gradescope import to_gradescope
from grader.reporters.html import student_report
from grader.reporters.redact import student_view
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
    assert "Sandbox" not in to_gradescope(result)["output"]
    assert f'id="protections">Sandbox: {line}' in student_report(result)
    assert "Sandbox" not in student_report(student_view(result))
    assert "sandbox" not in summary(student_view(result))
    with Gradebook(tmp_path / "gradebook.db") as gb:
        gb.record(result)
        rows = list(csv.DictReader(io.StringIO(grades_csv(gb))))
    assert rows[0][f"{result.exercise} protections"] == line


def test_an_unconfined_run_says_so():
    assert Protections().summary() == "unconfined"
