"""One pytest item per check: it reads the shared grading run and reports that check."""
from __future__ import annotations

import pytest


class CheckFailed(Exception):
    """The check did not pass; args[0] is the CheckResult."""


class CheckItem(pytest.Item):
    def __init__(self, *, selfcheck, **kwargs):
        super().__init__(**kwargs)
        self.selfcheck = selfcheck

    def setup(self):
        # Grading happens in setup, so a run that could not be graded (a broken environment,
        # a missing file) shows as an ERROR of the self-check, never as a failed check.
        from grader.errors import GraderError

        try:
            self.selfcheck.view()
        except GraderError as exc:
            pytest.fail(f"grader error (not a problem with your submission): {exc}", pytrace=False)

    def runtest(self):
        view = self.selfcheck.view()
        check = view.check(self.name)
        if check is None:
            raise CheckFailed(None)
        if not check.passed:
            raise CheckFailed(check)

    def repr_failure(self, excinfo, style=None):
        if not excinfo.errisinstance(CheckFailed):
            return super().repr_failure(excinfo, style)
        check = excinfo.value.args[0]
        if check is None:
            return f"the grading run did not report check {self.name!r}"
        # The same text the grade report shows for this check.
        where = [f"  at {ln['file']}: {ln['text']}" + (f"   <- {ln['role']}" if ln.get("role") else "")
                 for ln in check.lines]
        return "\n".join([f"{check.title}: {check.score:g} / {check.max_score:g} points", "",
                          check.message()] + (["", "Where:"] + where if where else []))

    def reportinfo(self):
        return self.path, None, f"{self.selfcheck.exercise.name}: {self.name}"
