"""One self-check session: grade once, hand each check to its pytest item, report at the end."""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.reporters.redact import HIDDEN_ID, hidden_note, hidden_rubric, student_view
from grader.selfcheck.items import CheckItem
from grader.selfcheck.portable import fork_server_available, self_check_launcher, unconfined_line


class SelfCheck:
    """Registered as a pytest plugin object when --exercise is given."""

    def __init__(self, config, *, exercise, submission, reference_dir, visibility, device, timeout):
        from grader.exercise import UnknownExercise, load_exercise

        self.config = config
        try:
            self.exercise = load_exercise(exercise)
        except UnknownExercise as exc:
            raise pytest.UsageError(f"loopgrader: {exc}") from None
        self.submission = submission
        self.reference_dir = reference_dir
        self.visibility = visibility
        self.device = device
        self.timeout = timeout
        self._view = None        # the student view of the one grading run, once it ran
        self._error = None       # or what stopped it (bad path), raised again by every item

    # -- the one grading run -------------------------------------------------------------
    def view(self):
        """The student view of grading the submission; graded on first use only."""
        if self._view is None and self._error is None:
            from grader.engine import grade

            try:
                launcher = (self.config.hook.pytest_loopgrader_launcher(config=self.config)
                            or self_check_launcher())   # off Linux: a plain child (portable)
                result = grade(self.submission, self.exercise.spec, device=self.device,   # spec: a folder too
                               timeout=self.timeout, visibility=self.visibility,
                               reference_dir=self.reference_dir, launcher=launcher,
                               variant=0)   # self-check: the public scenarios (grader.variants)
            except (Exception, pytest.fail.Exception) as exc:   # pytest-timeout fails via the latter
                self._error = exc
            else:
                self._view = student_view(result)
        if self._error is not None:
            raise self._error
        return self._view

    def note(self) -> str:
        """What self-check says about hidden checks it did not run."""
        return hidden_note(*hidden_rubric(self.exercise)) if self.visibility == "public" else ""

    # -- pytest hooks ----------------------------------------------------------------------
    def _item_ids(self) -> list[str]:
        ids = [e.check for e in self.exercise.entries("public")]
        if self.visibility == "all" and hidden_rubric(self.exercise)[0]:
            ids.append(HIDDEN_ID)
        return ids

    @pytest.hookimpl(tryfirst=True)
    def pytest_ignore_collect(self, collection_path, config):
        # Nothing else is collected (or imported): a self-check session runs the checks only.
        return True

    def pytest_collection_modifyitems(self, session, config, items):
        if not Path(self.submission).is_file():
            raise pytest.UsageError(f"loopgrader: no submission at {self.submission}")
        items[:] = [CheckItem.from_parent(session, name=check_id, selfcheck=self,
                                          nodeid=f"{self.exercise.name}::{check_id}")
                    for check_id in self._item_ids()]
        # Announce them like collected tests, so "collected N items" counts them.
        session.ihook.pytest_collectreport(report=pytest.CollectReport(
            self.exercise.name, "passed", None, list(items)))

    def pytest_report_header(self, config):
        lines = [f"loopgrader: {self.exercise.name} ({self.visibility} checks), "
                 f"submission {self.submission}"]
        mismatch = torch_mismatch(self.reference_dir)
        lines += [mismatch] if mismatch else []
        return lines + ([] if fork_server_available() else [unconfined_line()])

    def pytest_terminal_summary(self, terminalreporter):
        if self._view is None:
            return
        v = self._view
        terminalreporter.section("loopgrader")
        terminalreporter.write_line(f"{v.exercise}: {v.score:g} / {v.max_score:g} points")
        if self.note():
            terminalreporter.write_line(self.note())

    def pytest_sessionfinish(self, session):
        if self._view is None:
            return
        from grader.reporters import classroom, markdown

        summary_path = self.config.getoption("loopgrader_step_summary")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as f:
                f.write(markdown.summary(self._view, note=self.note()))
        output_path = self.config.getoption("loopgrader_classroom_output")
        if output_path:
            with open(output_path, "a", encoding="utf-8") as f:
                f.write(f"result={classroom.encode(self._view)}\n")


def torch_mismatch(reference_dir) -> str:
    """One line when the installed torch is not the one the bundle's traces were recorded with
    (bundle.json beside the traces folder); empty when they agree or nothing says."""
    import json
    from importlib import metadata

    if not reference_dir:
        return ""
    try:
        recorded = json.loads((Path(reference_dir).parent / "bundle.json").read_text())["torch_version"]
        installed = metadata.version("torch").split("+")[0]
    except (OSError, ValueError, KeyError, TypeError, metadata.PackageNotFoundError):
        return ""
    if installed == recorded:
        return ""
    return (f"loopgrader: torch {installed} is installed, but the reference numbers were recorded "
            f"with torch {recorded}; comparisons may be off (install torch=={recorded}, see README.md)")
