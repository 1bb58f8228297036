"""What run_autograder runs on Gradescope: grade the submission, write results.json.

    python -P -m grader.bundle.gradescope_run --root /autograder --config /autograder/source/autograder.json

The grader is the one setup.sh installed from the instructor's zip (source/loopgrader); `-P`
keeps the working folder off sys.path, and no file of the submission configures anything.

Whatever happens, results.json is written: a missing submission or a grader failure scores
0 with a message in "output" (Gradescope shows students nothing else).
"""
from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

# Gradescope puts the student's files (an upload, or a whole repository) in submission/; they are
# data: pytest.ini's loopgrader_submission choice, else train.py / train.ipynb / the only
# .py/.ipynb file (grader.bundle.repository), never a symbolic link. Nothing else there is read.
from grader.bundle.repository import find_submission
from grader.errors import EXIT_GRADER_ERROR, GraderError
from grader.options import DEFAULTS


def with_visibility(data: dict, result, hidden_visibility: str) -> dict:
    """Mark each hidden check's test (results.json tests follow result.checks) with
    Gradescope's visibility setting for hidden tests."""
    tests = data.get("tests", [])
    if len(tests) != len(result.checks):
        raise ValueError(f"results.json has {len(tests)} tests for {len(result.checks)} checks")
    for test, check in zip(tests, result.checks):
        test["visibility"] = hidden_visibility if check.visibility == "hidden" else "visible"
    return data


def zero(message: str) -> dict:
    return {"score": 0.0, "output": message, "tests": []}


def autograder_failed(message: str) -> dict:
    """results.json for a run the grader could not complete: no score and no tests, so nothing
    reads as the student's grade; Gradescope shows the output, the instructor sees the log."""
    return {"output": "The autograder itself failed on this run: this is NOT your grade, and "
                      "nothing is wrong with your submission because of it. Your instructor has "
                      f"been given the details. ({message})",
            "tests": [], "extra_data": {"autograder_failed": True, "reason": message}}


def results(root: Path, config: dict) -> dict:
    folder = root / "submission"
    submission = find_submission(folder)
    if submission is None:
        names = ", ".join(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else "none"
        return zero(f"Submit train.py or train.ipynb (files received: {names}).")
    from grader.engine import grade
    from grader.reporters.gradescope import to_gradescope

    result = grade(str(submission), config["exercise"], device=config.get("device", DEFAULTS.device),
                   visibility="all", reference_dir=root / "source" / config["traces"])
    return with_visibility(to_gradescope(result), result, config["hidden_visibility"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gradescope_run")
    parser.add_argument("--root", type=Path, default=Path("/autograder"))
    parser.add_argument("--config", type=Path, required=True)
    args = parser.parse_args(argv)
    out = args.root / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = results(args.root, json.loads(args.config.read_text()))
    except GraderError as exc:   # the environment or the reference: the grader's failure
        print(f"grader error: {exc}", file=sys.stderr)
        data = autograder_failed("grader error: the grading environment is broken")
    except Exception:
        traceback.print_exc()    # to results/stdout: instructors see it, students do not
        data = autograder_failed("the grader raised an unexpected error")
    out.write_text(json.dumps(data, indent=2))
    if "score" not in data:
        print(f"autograder failed; wrote {out} without a score", file=sys.stderr)
        return EXIT_GRADER_ERROR
    print(f"score {data['score']}; wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
