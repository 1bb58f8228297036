"""Self-check from inside Jupyter: `from loopgrader import check; check("early_stopping")`.

The code graded is the notebook's own cells as IPython recorded them (the raw input history),
written to a notebook file and graded like any submission: in a separate, limited process, with
the public checks only. Nothing is taken from the live `train` object's memory, so what passes
here is what the autograder will see when the notebook is submitted. The cell that calls
check() is left out; check() called inside a grading child does nothing, so earlier check()
cells cannot start a grading run of their own.

Reference numbers: the reference package where it is installed (an instructor's checkout),
otherwise the traces a student bundle ships (`.loopgrader/traces`, found from the working
folder upwards), or `reference_dir=` given explicitly.
"""
from __future__ import annotations

import html
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grader.errors import GraderError
from grader.options import SELF_CHECK
from grader.reporters.redact import hidden_note, hidden_rubric, student_view
from grader.reporters.terminal import summary
from grader.result import GradeResult

BUNDLE_TRACES = Path(".loopgrader") / "traces"
SUBMISSION_MODULE = "__submission__"   # grader.job.child names the student's module so


def in_grading_child() -> bool:
    return SUBMISSION_MODULE in sys.modules


def notebook_cells(shell) -> list[str]:
    """The raw source of every cell run so far, in order, without the one running now."""
    raw = list(shell.history_manager.input_hist_raw)
    return [cell for cell in raw[1:-1] if cell.strip()]   # [0] is a placeholder; [-1] is this cell


def find_traces(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        if (folder / BUNDLE_TRACES).is_dir():
            return folder / BUNDLE_TRACES
    return None


def _reference_available() -> bool:
    try:
        import reference  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class CheckReport:
    """What check() shows: HTML in Jupyter, plain text elsewhere.

    check() shows it once, then returns it; Jupyter would show a cell's last value again, so the
    report does not redisplay itself in the cell (execution count) that showed it. Shown in a
    later cell (`report` on its own line), it displays as usual."""
    result: GradeResult
    note: str = ""
    shown_in: int | None = field(default=None, repr=False, compare=False)

    def text(self) -> str:
        return summary(self.result) + (f"\n{self.note}" if self.note else "")

    def __repr__(self) -> str:
        return self.text()

    def show(self, shell) -> None:
        from IPython.display import display

        display({"text/plain": self.text(), "text/html": self._repr_html_()}, raw=True)
        self.shown_in = getattr(shell, "execution_count", None)

    def _ipython_display_(self) -> None:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None and self.shown_in == shell.execution_count:
            return   # check() in this cell showed it already
        self.show(shell)

    def _repr_html_(self) -> str:
        from grader.reporters.html import student_report

        page = student_report(self.result)
        note = f"<p><em>{html.escape(self.note)}</em></p>" if self.note else ""
        # the report is a whole page; an iframe keeps its CSS out of the notebook's
        return (f'<iframe srcdoc="{html.escape(page, quote=True)}" style="width:100%;height:640px;'
                f'border:1px solid #ccc"></iframe>{note}')


def check(*args, reference_dir=None, timeout: float = SELF_CHECK.timeout, show: bool = True):
    """check("early_stopping") or check(train, "early_stopping"): grade this notebook's cells on
    the exercise's public checks and show the report; returns the CheckReport (None when called
    inside a grading run)."""
    if in_grading_child():
        return None
    names = [a for a in args if isinstance(a, str)]
    if len(names) != 1:
        raise TypeError('use check("exercise_name") or check(train, "exercise_name")')
    exercise = names[0]
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not hasattr(shell, "history_manager"):
        raise RuntimeError("check() grades the cells of a running notebook; outside Jupyter run "
                           "`pytest` (or `grader grade train.py --exercise NAME`) instead")
    cells = notebook_cells(shell)
    if reference_dir is None and not _reference_available():
        reference_dir = find_traces(Path.cwd())
        if reference_dir is None:
            raise GraderError("no reference numbers found: run check() from the exercise's folder "
                              "(the one holding .loopgrader/traces) or pass reference_dir=")
    from grader.engine import grade
    from grader.exercise import load_exercise
    from grader.selfcheck.portable import fork_server_available, self_check_launcher, unconfined_line

    with tempfile.TemporaryDirectory(prefix="loopgrader-check-") as tmp:
        path = Path(tmp) / "notebook.ipynb"
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        nbformat.write(nb, str(path))
        result = grade(path, exercise, visibility=SELF_CHECK.visibility, timeout=timeout, reference_dir=reference_dir,
                       launcher=self_check_launcher(), variant=0)   # self-check: the public scenarios
    result.submission = "this notebook"
    notes = [hidden_note(*hidden_rubric(load_exercise(exercise)))]
    notes += [] if fork_server_available() else [unconfined_line()]
    report = CheckReport(student_view(result), "\n".join(n for n in notes if n))
    if show:
        report.show(shell)
    return report
