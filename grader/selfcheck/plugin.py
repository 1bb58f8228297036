"""pytest hooks: options, and the switch that turns a session into a self-check.

Options (command line, or the ini keys in brackets, read from the rootdir's pytest.ini;
relative ini paths are taken from the ini file's folder):

  --exercise NAME          [loopgrader_exercise]       turns self-check on
  --submission PATH        [loopgrader_submission]     .py or .ipynb with train()
  --reference-dir DIR      [loopgrader_reference_dir]  recorded reference traces (student bundles)
  --visibility public|all  public: the checks students may run; all: every check, hidden ones
                           folded into one detail-free item (CI grading)
  --grader-device DEV      device the scenarios run on (cpu)
  --grade-timeout S        seconds the submission may run before it is stopped (120);
                           pytest-timeout's `timeout` bounds the whole item on top of it
  --step-summary=FILE      append a Markdown summary (CI: "$GITHUB_STEP_SUMMARY")
  --classroom-output=FILE  append `result=<base64>` for GitHub Classroom's reporter
                           (CI: "$GITHUB_OUTPUT")

Give values with `=`: an entry-point plugin's options are unknown while pytest picks its
rootdir, so a separate value that is an existing file counts as a path to collect and moves
rootdir (and the ini file) elsewhere. CI does not run this in the student's checkout at all:
grader.selfcheck.ci runs it with the grader's own settings.

Plugin points: grader/selfcheck/hookspecs.py. Nothing here imports torch or the engine:
the plugin loads in every pytest session where loopgrader is installed.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from grader.options import SELF_CHECK, VISIBILITIES

_INI = {"exercise": "loopgrader_exercise", "submission": "loopgrader_submission",
        "reference_dir": "loopgrader_reference_dir"}
PLUGIN_NAME = "loopgrader-selfcheck"


def pytest_addhooks(pluginmanager):
    from grader.selfcheck import hookspecs

    pluginmanager.add_hookspecs(hookspecs)


def pytest_addoption(parser):
    group = parser.getgroup("loopgrader", "loopgrader self-check")
    group.addoption("--exercise", dest="loopgrader_exercise", metavar="NAME",
                    help="grade --submission against this exercise's checks")
    group.addoption("--submission", dest="loopgrader_submission", metavar="PATH",
                    help="the .py or .ipynb file with train()")
    group.addoption("--reference-dir", dest="loopgrader_reference_dir", metavar="DIR",
                    help="recorded reference traces to compare against")
    group.addoption("--visibility", dest="loopgrader_visibility", default=SELF_CHECK.visibility,
                    choices=VISIBILITIES, help=f"which checks run (default: {SELF_CHECK.visibility})")
    group.addoption("--grader-device", dest="loopgrader_device", default=SELF_CHECK.device, metavar="DEV")
    group.addoption("--grade-timeout", dest="loopgrader_timeout", type=float, default=SELF_CHECK.timeout,
                    metavar="S", help=f"seconds the submission may run (default: {SELF_CHECK.timeout:g})")
    group.addoption("--step-summary", dest="loopgrader_step_summary", metavar="FILE",
                    help="append a Markdown summary here (e.g. $GITHUB_STEP_SUMMARY)")
    group.addoption("--classroom-output", dest="loopgrader_classroom_output", metavar="FILE",
                    help="append result=<base64> for GitHub Classroom here (e.g. $GITHUB_OUTPUT)")
    for key, name in _INI.items():
        parser.addini(name, f"default for --{key.replace('_', '-')}", default="")


def _setting(config, key: str, *, path: bool) -> str | None:
    value = config.getoption(f"loopgrader_{key}")
    if value:
        return str(Path(value).resolve()) if path else value
    value = config.getini(_INI[key])
    if value and path:
        base = Path(config.inipath).parent if config.inipath else config.rootpath
        return str((base / value).resolve())
    return value or None


def pytest_configure(config):
    exercise = _setting(config, "exercise", path=False)
    if not exercise:
        return
    from grader.selfcheck.session import SelfCheck

    submission = _setting(config, "submission", path=True)
    if not submission:
        raise pytest.UsageError(
            "loopgrader: --exercise needs --submission PATH (or loopgrader_submission in pytest.ini)")
    config.pluginmanager.register(SelfCheck(
        config,
        exercise=exercise,
        submission=submission,
        reference_dir=_setting(config, "reference_dir", path=True),
        visibility=config.getoption("loopgrader_visibility"),
        device=config.getoption("loopgrader_device"),
        timeout=config.getoption("loopgrader_timeout"),
    ), PLUGIN_NAME)
