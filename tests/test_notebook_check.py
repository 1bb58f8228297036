"""`from loopgrader import check` inside a real Jupyter kernel: the notebook's own cells are
graded in a separate process on the public checks, and the report is shown inline."""
from __future__ import annotations

import nbformat
import pytest

from selfcheck_support import CORPUS

nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytestmark = pytest.mark.slow

NAME = "training_loop"


def run_notebook(cells: list[str], cwd) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    # ipykernel's own "python3" spec runs this interpreter (the one loopgrader is installed in)
    nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


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
    _, text = outputs(nb.cells[4])
    score, max_score = map(float, text.split())
    assert (score == max_score) is full_marks
    assert max_score > 0
