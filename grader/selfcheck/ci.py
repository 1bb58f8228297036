"""CI grading of a student's repository, with the repository treated as data.

    python -I -m grader.selfcheck.ci --repository DIR --exercise NAME --reference-dir TRACES \\
        --step-summary=FILE --classroom-output=FILE

The Classroom workflow runs this instead of a bare `pytest` in the checkout, where the student's
conftest.py, pytest.ini / pyproject.toml / tox.ini / setup.cfg, a `-p` plugin, a `grader/`
folder or a `sitecustomize.py` beside the submission would all configure (or replace) the grader.
Here pytest runs from a scratch folder with the grader's own settings:

- `-c` a pytest.ini written by this module, `--rootdir` that folder: no ini file of the
  repository is read, and rootdir never depends on the arguments (a path argument once made
  pytest root itself above the repository, collect nothing and exit 5);
- `--noconftest`, `-p no:cacheprovider`, PYTEST_DISABLE_PLUGIN_AUTOLOAD with the two plugins it
  needs loaded by name (the self-check plugin and pytest-timeout); PYTEST_ADDOPTS and
  PYTEST_PLUGINS dropped;
- `python -I` (run by the workflow): neither the working folder nor PYTHONPATH is on sys.path,
  so `import grader` is the copy the workflow installed after checking its digest
  (grader.bundle.digest), never the student's `.loopgrader/` or a planted package;
- the one thing read from the repository is which file to grade (grader.bundle.repository).

Everything the student sees is what self-check shows with `--visibility all`; the points it posts
are feedback (see docs/student-bundles.md: the grade of record is `grader batch`).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from grader.bundle.repository import PREFERRED, find_submission
from grader.options import SELF_CHECK

PLUGINS = ("grader.selfcheck.plugin", "pytest_timeout")
IGNORED_ENVIRONMENT = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS")


def grader_ini(item_timeout: float) -> str:
    """The whole pytest configuration of a CI run."""
    return f"[pytest]\ntimeout = {item_timeout:g}\naddopts =\n"


def pytest_args(*, ini: Path, rootdir: Path, exercise: str, submission: Path, reference_dir: Path | None,
                grade_timeout: float, step_summary: str | None, classroom_output: str | None) -> list[str]:
    """pytest's arguments: every option in `--name=value` form (one argument each, so no value is
    ever taken for a path to collect), the grader's config and rootdir pinned."""
    args = [f"--config-file={ini}", f"--rootdir={rootdir}", "--noconftest", "-p", "no:cacheprovider"]
    for plugin in PLUGINS:
        args += ["-p", plugin]
    args += [f"--exercise={exercise}", f"--submission={submission}", "--visibility=all",
             f"--grade-timeout={grade_timeout:g}", "-rfE"]
    if reference_dir is not None:
        args.append(f"--reference-dir={reference_dir}")
    if step_summary:
        args.append(f"--step-summary={step_summary}")
    if classroom_output:
        args.append(f"--classroom-output={classroom_output}")
    return args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -I -m grader.selfcheck.ci",
                                     description="Grade a student's repository in CI, reading it as data only.")
    parser.add_argument("--repository", type=Path, required=True, help="the student's checkout")
    parser.add_argument("--exercise", required=True)
    parser.add_argument("--reference-dir", type=Path, help="recorded reference traces (the verified copy)")
    parser.add_argument("--grade-timeout", type=float, default=SELF_CHECK.timeout)
    parser.add_argument("--item-timeout", type=float, default=300.0, help="pytest-timeout, per check item")
    parser.add_argument("--step-summary", help="e.g. $GITHUB_STEP_SUMMARY")
    parser.add_argument("--classroom-output", help="e.g. $GITHUB_OUTPUT")
    args = parser.parse_args(argv)

    import pytest

    repository = args.repository.resolve()
    submission = find_submission(repository) or repository / PREFERRED[0]
    for name in IGNORED_ENVIRONMENT:
        os.environ.pop(name, None)
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    reference_dir = args.reference_dir.resolve() if args.reference_dir else None
    print(f"loopgrader: grading {submission.name} with the grader's own settings "
          f"(nothing else in the repository is read)", flush=True)
    previous = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="loopgrader-ci-") as scratch:
        rootdir = Path(scratch)
        ini = rootdir / "pytest.ini"
        ini.write_text(grader_ini(args.item_timeout))
        os.chdir(rootdir)   # nothing relative resolves into the repository
        try:
            return int(pytest.main(pytest_args(
                ini=ini, rootdir=rootdir, exercise=args.exercise, submission=submission,
                reference_dir=reference_dir, grade_timeout=args.grade_timeout,
                step_summary=args.step_summary, classroom_output=args.classroom_output)))
        finally:
            os.chdir(previous)


if __name__ == "__main__":
    sys.exit(main())
