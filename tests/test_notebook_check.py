"""`from loopgrader import check` inside a real Jupyter kernel: the notebook's own cells are
graded in a separate process on the public checks, and the report is shown inline, once.
Two installs: the instructor's checkout, and a student bundle installed as its README says
(`pip install "./.loopgrader[notebook]"` into the bundle's .venv, `reference` unimportable)."""
from __future__ import annotations

import json
import shutil
import subprocess

import nbformat
import pytest

from grader.cli import main
from selfcheck_support import CORPUS, blocker
from test_assign import make_venv, offline_pip_env

nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytestmark = pytest.mark.slow

NAME = "training_loop"


def run_notebook(cells: list[str], cwd, kernel_name: str = "python3") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    # ipykernel's own "python3" spec runs this interpreter (the one loopgrader is installed in)
    nbclient.NotebookClient(nb, timeout=600, kernel_name=kernel_name,
                            resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def displays(cell) -> list:
    """The rich outputs a cell showed (display_data and execute_result)."""
    return [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")]


def outputs(cell) -> tuple[str, str]:
    html = "".join(o.get("data", {}).get("text/html", "") for o in cell.outputs)
    text = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    return html, text


@pytest.mark.parametrize("corpus_file, full_marks", [("ok_run_epoch_helper.py", True),
                                                     ("bug_zero_grad_missing.py", False)])
def test_check_grades_the_notebooks_cells_and_shows_the_report_inline(tmp_path, corpus_file, full_marks):
    code = (CORPUS / NAME / corpus_file).read_text()
    nb = run_notebook([
        "%load_ext autoreload\nimport torch",
        code,
        "print('defined', train.__name__)",
        "from loopgrader import check\nreport = check('training_loop')",
        "print(report.result.score, report.result.max_score)",
    ], tmp_path)
    html, _ = outputs(nb.cells[3])
    assert "<iframe" in html and "zero_grad" in html
    assert len(displays(nb.cells[3])) == 1        # shown once
    _, text = outputs(nb.cells[4])
    score, max_score = map(float, text.split())
    assert (score == max_score) is full_marks
    assert max_score > 0


def test_check_in_the_student_bundle_installed_as_its_readme_says(tmp_path, monkeypatch):
    """The bundle's README steps (a .venv, `pip install "./.loopgrader[notebook]"`), a kernel
    running that venv's python with `reference` unimportable, check() as a cell's last expression:
    the report (HTML templates vendored) shows once, in that cell, and again only when asked."""
    bundle = tmp_path / "bundle"
    assert main(["assign", NAME, "--out", str(bundle)]) == 0
    student = tmp_path / "student"
    shutil.copytree(bundle, student)
    python = make_venv(student / ".venv")
    subprocess.run([str(python), "-m", "pip", "install", "-q", "./.loopgrader[notebook]"], cwd=student,
                   env=offline_pip_env(), check=True)
    # the kernel a student picks in Jupyter: the bundle venv's python
    spec = tmp_path / "jupyter" / "kernels" / "bundle"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "bundle .venv", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("PYTHONPATH", str(blocker(tmp_path / "block")))

    nb = run_notebook([
        (CORPUS / NAME / "ok_run_epoch_helper.py").read_text(),
        "import grader, loopgrader\nprint(grader.__file__)",
        "from loopgrader import check\ncheck('training_loop')",
        "report = _\nprint(report.result.score, report.result.max_score)",
        "report",
    ], student, kernel_name="bundle")
    _, where = outputs(nb.cells[1])
    assert where.strip().startswith(str(student / ".venv"))      # the bundle's copy of the grader
    shown = displays(nb.cells[2])
    assert len(shown) == 1 and shown[0].output_type == "display_data", nb.cells[2].outputs
    html, text = outputs(nb.cells[2])
    assert "<iframe" in html and "Error" not in text and "ModuleNotFoundError" not in html
    _, text = outputs(nb.cells[3])
    score, max_score = map(float, text.split())
    assert score == max_score > 0
    assert len(displays(nb.cells[4])) == 1                   # asked for again: shown again
