"""`grader grade SUBMISSION --exercise NAME --results results.json`: grade one submission."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from grader.errors import EXIT_USAGE
from grader.engine import SCENARIO_CPU_FACTOR, SCENARIO_CPU_FLOOR, DeviceUnavailable, grade
from grader.exercise import UnknownExercise
from grader.options import DEFAULTS, DEVICES, VISIBILITIES
from grader.reporters.gradescope import to_gradescope
from grader.reporters.terminal import summary


def add_grading_options(parser) -> None:
    """Options shared by every command that grades (grade, batch)."""
    from grader.course import add_course_option

    # defaults None: the course config's (grader.course) apply first, then the grader's
    parser.add_argument("--exercise", required=True,
                        help="exercise: a name (see `grader exercises`) or the path of an exercise folder")
    parser.add_argument("--device", default=None, choices=DEVICES,
                        help=f"where reference and submission run (default {DEFAULTS.device})")
    parser.add_argument("--timeout", type=float, default=None,
                        help=f"wall-clock seconds a submission's job may take in all, loading and every "
                             f"scenario, whatever else the machine runs (default {DEFAULTS.timeout:g}); a "
                             f"train() that computes without returning is stopped sooner, after "
                             f"{SCENARIO_CPU_FACTOR:g}x the reference's CPU time (at least "
                             f"{SCENARIO_CPU_FLOOR:g} CPU-seconds; CPU time, unlike wall time, is the same on a "
                             f"busy machine as on an idle one)")
    parser.add_argument("--memory", default=None,
                        help=f"address-space limit per submission, e.g. 4G (default {DEFAULTS.memory})")
    add_course_option(parser)


def add_parser(subparsers):
    p = subparsers.add_parser(
        "grade", help="grade one submission (.py or .ipynb)",
        description="Grade one submission: run it confined beside the reference, judge the trace, "
                    "print a summary; --results writes Gradescope's results.json, --junit JUnit XML. "
                    "Exit 0 when grading completed (whatever the score), 2 on a usage error, 3 on a "
                    "grader error.")
    p.add_argument("submission", help="the student's .py or .ipynb file")
    add_grading_options(p)
    p.add_argument("--results", help="write Gradescope results.json here")
    p.add_argument("--junit", help="write JUnit XML here (one testcase per check; Jenkins, GitLab, CodeGrade)")
    p.add_argument("--visibility", default=None, choices=VISIBILITIES,
                   help=f"run every check, or only those students may see (default {DEFAULTS.visibility})")
    p.add_argument("--reference-dir", help="recorded reference traces to use instead of running the "
                   "reference (what a student bundle ships)")
    p.add_argument("-v", "--verbose", action="store_true", help="also explain passing checks")
    return p


def run(args) -> int:
    from grader.course import apply_course

    try:
        apply_course(args)
        result = grade(args.submission, args.exercise, device=args.device, timeout=args.timeout,
                       memory=args.memory, visibility=args.visibility, reference_dir=args.reference_dir)
    except (UnknownExercise, FileNotFoundError, DeviceUnavailable, ValueError) as exc:
        print(f"grader: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.results:
        out = Path(args.results)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(to_gradescope(result), indent=2))
    if args.junit:
        from grader.reporters.junit import junit_xml
        out = Path(args.junit)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(junit_xml([result]), encoding="utf-8")
    print(summary(result, verbose=args.verbose))
    return 0
