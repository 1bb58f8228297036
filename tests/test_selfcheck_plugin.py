"""The pytest plugin's mechanics, in-process with a stand-in for grader.engine (no grading):
one item per public check, the report's message on failure, one grading run per session,
CI outputs, and no effect on a session without --exercise."""
from __future__ import annotations

import base64
import json
import sys
import time
import types

import pytest

import grader.exercise
from grader.exercise import Exercise, RubricEntry, UnknownExercise
from grader.result import CheckResult, GradeResult

from selfcheck_support import plugin_args

pytest_plugins = ["pytester"]
PLUGIN = plugin_args()
EXERCISE = "demo"
DEMO = Exercise(name=EXERCISE, title="Demo", folder=None, history_keys=("train_loss",),
                extra_args={}, restores_best=False, rubric=(
                    RubricEntry("zero_grad", 2), RubricEntry("eval_mode", 3),
                    RubricEntry("secret_one", 4, "hidden"), RubricEntry("secret_two", 1, "hidden")))


def load_exercise(name):
    if name != EXERCISE:
        raise UnknownExercise(f"unknown exercise {name!r}; known: {EXERCISE}")
    return DEMO


def fake_result(exercise, visibility) -> GradeResult:
    """Every rubric check of `visibility`; the first one fails, the rest pass."""
    checks = []
    for i, entry in enumerate(exercise.entries(visibility)):
        ok = i != 0
        checks.append(CheckResult(
            entry.check, f"title of {entry.check}", "passed" if ok else "failed",
            entry.points if ok else 0, entry.points, observed=f"observed {entry.check}",
            why=f"why {entry.check}", fix=f"fix {entry.check}", visibility=entry.visibility))
    return GradeResult(exercise.name, "train.py", "h", "0", "cpu",
                       score=sum(c.score for c in checks),
                       max_score=sum(c.max_score for c in checks), checks=checks,
                       runtime={"status": "ok"})


@pytest.fixture
def engine(monkeypatch):
    """A stand-in grader.engine module that records its calls (and a demo exercise)."""
    monkeypatch.setattr(grader.exercise, "load_exercise", load_exercise)
    module = types.ModuleType("grader.engine")
    module.calls = []

    def grade(submission, exercise, **kwargs):
        module.calls.append((submission, exercise, kwargs))
        return fake_result(load_exercise(exercise), kwargs["visibility"])

    module.grade = grade
    monkeypatch.setitem(sys.modules, "grader.engine", module)
    return module


@pytest.fixture
def submission(pytester):
    return pytester.makefile(".py", train="def train(*a, **k):\n    return {}\n")


def outcomes(rec) -> dict[str, str]:
    return {r.nodeid: r.outcome for r in rec.getreports("pytest_runtest_logreport") if r.when == "call"}


def test_one_item_per_public_check_and_one_grading(pytester, engine, submission):
    exercise = load_exercise(EXERCISE)
    public = [e.check for e in exercise.entries("public")]
    rec = pytester.inline_run(*PLUGIN, "--exercise", EXERCISE,
                              "--submission", str(submission))
    got = outcomes(rec)
    assert list(got) == [f"{EXERCISE}::{c}" for c in public]
    assert got[f"{EXERCISE}::{public[0]}"] == "failed"
    assert all(o == "passed" for o in list(got.values())[1:])
    assert len(engine.calls) == 1
    path, name, kwargs = engine.calls[0]
    assert (path, name, kwargs["visibility"]) == (str(submission), EXERCISE, "public")


def test_failing_item_shows_the_check_message(pytester, engine, submission):
    result = pytester.runpytest_inprocess(*PLUGIN, "--exercise", EXERCISE,
                                          "--submission", str(submission))
    first = load_exercise(EXERCISE).entries("public")[0].check
    check = fake_result(load_exercise(EXERCISE), "public").check(first)
    text = result.stdout.str()
    assert check.message() in text
    assert check.message() == f"observed {first}\nWhy it matters: why {first}\nFix: fix {first}"
    result.assert_outcomes(failed=1, passed=len(load_exercise(EXERCISE).entries("public")) - 1)


def test_hidden_checks_are_only_counted(pytester, engine, submission):
    exercise = load_exercise(EXERCISE)
    hidden = exercise.entries("hidden")
    summary, output = pytester.path / "summary.md", pytester.path / "gh_output"
    result = pytester.runpytest_inprocess(
        *PLUGIN, "--exercise", EXERCISE, "--submission", str(submission),
        "--visibility", "all", "--step-summary", str(summary), "--classroom-output", str(output))
    text = result.stdout.str() + summary.read_text() + output.read_text()
    for entry in hidden:
        assert entry.check not in text and f"observed {entry.check}" not in text
    # zero_grad fails; eval_mode and the one item for all hidden checks pass
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["collected 3 items"])
    payload = json.loads(base64.b64decode(output.read_text().strip().removeprefix("result=")))
    full = fake_result(exercise, "all")
    assert payload["max_score"] == full.max_score
    assert sum(t["score"] for t in payload["tests"]) == full.score
    assert summary.read_text().startswith(f"## {EXERCISE}: {full.score:g} / {full.max_score:g} points")


def test_self_check_mentions_hidden_points(pytester, engine, submission):
    from grader.reporters.redact import hidden_note, hidden_rubric

    note = hidden_note(*hidden_rubric(load_exercise(EXERCISE)))
    result = pytester.runpytest_inprocess(*PLUGIN, "--exercise", EXERCISE,
                                          "--submission", str(submission))
    assert note and note in result.stdout.str()


def test_ini_settings_and_relative_paths(pytester, engine, submission):
    pytester.makeini(f"[pytest]\nloopgrader_exercise = {EXERCISE}\n"
                     "loopgrader_submission = train.py\nloopgrader_reference_dir = traces\n")
    pytester.makepyfile(test_other="raise ImportError('a test file self-check must not import')")
    rec = pytester.inline_run(*PLUGIN)
    assert list(outcomes(rec)) == [f"{EXERCISE}::{e.check}" for e in DEMO.entries("public")]
    assert not rec.getfailedcollections()
    path, _, kwargs = engine.calls[0]
    assert path == str(submission) and kwargs["reference_dir"] == str(pytester.path / "traces")


def test_usage_errors(pytester, engine, submission):
    result = pytester.runpytest_inprocess(*PLUGIN, "--exercise", "nope",
                                          "--submission", str(submission))
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "unknown exercise 'nope'" in result.stderr.str()
    result = pytester.runpytest_inprocess(*PLUGIN, "--exercise", EXERCISE)
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "needs --submission" in result.stderr.str()
    result = pytester.runpytest_inprocess(*PLUGIN, "--exercise", EXERCISE,
                                          "--submission", "missing.py")
    assert result.ret == pytest.ExitCode.USAGE_ERROR and "no submission at" in result.stderr.str()
    assert engine.calls == []


def test_inert_without_exercise(pytester, engine):
    pytester.makepyfile(test_mine="def test_a():\n    assert 1\n\ndef test_b():\n    assert 0\n")
    rec = pytester.inline_run(*PLUGIN)
    assert outcomes(rec) == {"test_mine.py::test_a": "passed", "test_mine.py::test_b": "failed"}
    assert engine.calls == []
    assert "grader.engine" not in sys.modules or sys.modules["grader.engine"] is engine


def test_timeouts_bound_a_hanging_grading(pytester, engine, submission, monkeypatch):
    """--grade-timeout reaches the engine; pytest-timeout stops a grading run that hangs
    anyway, and the remaining items report that at once instead of grading again."""
    pytester.inline_run(*PLUGIN, "--exercise", EXERCISE, "--submission", str(submission),
                        "--grade-timeout=7")
    assert engine.calls[0][2]["timeout"] == 7.0

    calls = []

    def hang(*args, **kwargs):
        calls.append(1)
        time.sleep(60)

    monkeypatch.setattr(engine, "grade", hang)
    started = time.monotonic()
    result = pytester.runpytest_inprocess(*PLUGIN, "--exercise", EXERCISE, "--submission",
                                          str(submission), "-o", "timeout=2")
    assert time.monotonic() - started < 15 and calls == [1]
    # a grading run that never finished graded nothing: errors, not failed checks
    result.assert_outcomes(errors=len(DEMO.entries("public")))
    assert "Timeout" in result.stdout.str()


def test_a_grader_error_is_an_error_not_a_failed_check(pytester, engine, submission, monkeypatch):
    from grader.errors import GraderError

    def broken(*args, **kwargs):
        raise GraderError("numpy cannot be imported — is numpy installed in this environment?")

    monkeypatch.setattr(engine, "grade", broken)
    result = pytester.runpytest_inprocess(*PLUGIN, "--exercise", EXERCISE, "--submission",
                                          str(submission))
    result.assert_outcomes(errors=len(DEMO.entries("public")))
    assert "grader error (not a problem with your submission): numpy cannot be imported" in result.stdout.str()
    assert result.ret != 0


# -- every OS: the student's self-check without the Unix-only modules ----------------------------
# What Windows lacks, made unavailable in a Linux process (and in every process it starts, which
# inherits PYTHONPATH): `resource`, `fcntl`, `termios` (and `pty`/`tty`, which need them) cannot
# be imported, and signal has no SIGALRM/setitimer/alarm. Only Linux was run for real.
UNIX_ONLY_BLOCKER = '''
import signal, sys

class _NotOnThisOS:
    BLOCKED = {"resource", "fcntl", "termios", "pty", "tty"}

    def find_spec(self, name, path=None, target=None):
        if name in self.BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _NotOnThisOS())
for _name in _NotOnThisOS.BLOCKED:
    sys.modules.pop(_name, None)
for _name in ("SIGALRM", "setitimer", "getitimer", "ITIMER_REAL", "alarm"):
    if hasattr(signal, _name):
        delattr(signal, _name)
'''


def unix_only_python(folder):
    """A venv (seeing this environment's packages) whose every process, whatever its flags or
    environment (-I, -P, a scrubbed env: the bounded loader's helper, the grading child), starts
    with the Unix-only modules taken away: a .pth line in its site-packages imports the blocker."""
    from test_assign import make_venv

    python = make_venv(folder)
    site_dir = next(folder.glob("lib/python3*/site-packages"))
    (site_dir / "_unix_only_blocker.py").write_text(UNIX_ONLY_BLOCKER)
    (site_dir / "_unix_only_blocker.pth").write_text("import _unix_only_blocker\n")
    return python


def test_time_budget_without_sigalrm(monkeypatch):
    """Windows has no SIGALRM: the statement budget still stops a statement that runs on."""
    import signal

    from grader.job.execute import Overrun, time_budget

    for name in ("SIGALRM", "setitimer"):
        monkeypatch.delattr(signal, name)
    started = time.monotonic()
    with pytest.raises(Overrun):
        with time_budget(0.2):
            while True:
                pass
    assert time.monotonic() - started < 5
    with time_budget(0.2):      # a statement within its budget is left alone
        pass
    time.sleep(0.4)             # and nothing fires after the budget is over


def test_without_rlimits_the_self_check_is_portable(monkeypatch):
    from grader.selfcheck import portable

    monkeypatch.setitem(sys.modules, "resource", None)   # import resource -> ImportError
    assert not portable.fork_server_available()
    assert isinstance(portable.self_check_launcher(), portable.PortableLauncher)
    assert "runs unconfined" in portable.unconfined_line()


@pytest.mark.slow
def test_self_check_runs_without_unix_only_modules(tmp_path):
    """`import grader.engine` and a whole self-check (grading included, in a plain child
    process) where resource, fcntl, termios and SIGALRM do not exist."""
    import os
    import subprocess
    from pathlib import Path

    from grader.exercise import load_exercise as real_exercise
    from selfcheck_support import CORPUS, expectation

    python = unix_only_python(tmp_path / "venv")
    root = Path(grader.exercise.__file__).parents[1]       # this checkout: grader and its metadata
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("PYTEST_ADDOPTS", None)
    probe = subprocess.run([str(python), "-I", "-c", (
        "import signal\n"
        "for m in ('resource', 'fcntl', 'termios'):\n"
        "    try:\n        __import__(m)\n    except ImportError:\n        pass\n"
        "    else:\n        raise SystemExit(m + ' importable')\n"
        "assert not hasattr(signal, 'SIGALRM')\nprint('blocked')")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert probe.stdout.strip() == "blocked", probe.stderr      # even under -I
    probe = subprocess.run([str(python), "-c", "import grader.engine, grader.selfcheck.session, loopgrader; print('imported')"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert probe.stdout.strip() == "imported", probe.stderr

    bug = CORPUS / "training_loop" / "bug_zero_grad_missing.py"
    run = subprocess.run([str(python), "-m", "pytest", "-p", "no:cacheprovider", "-rf", *PLUGIN,
                          "--exercise", "training_loop", f"--submission={bug}"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    public = {e.check for e in real_exercise("training_loop").entries("public")}
    failed = {line.split("::")[1].split()[0] for line in run.stdout.splitlines()
              if line.startswith("FAILED ") and "::" in line}
    assert run.returncode == 1, run.stdout + run.stderr
    assert expectation(bug) & public <= failed <= public
    assert "runs unconfined" in run.stdout     # the one line that says the run is not confined
    assert "could not be read" not in run.stdout, run.stdout     # the bounded loader's helper ran
