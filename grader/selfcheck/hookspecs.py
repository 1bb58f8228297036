"""Plugin points of the self-check plugin, like pytest's own hookspecs: implement them in a
conftest.py or a plugin of your own."""
from __future__ import annotations

import pytest


@pytest.hookspec(firstresult=True)
def pytest_loopgrader_launcher(config):
    """Return the launcher for the grading run (grader.engine.grade's `launcher` argument),
    e.g. a warm grader.sandbox.zygote.ZygoteLauncher that the implementer owns and closes;
    None (no implementation) means a fresh child process per run."""
