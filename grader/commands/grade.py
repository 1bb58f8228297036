"""`grader grade SUBMISSION --exercise NAME --results results.json`: grade one submission."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from grader.errors import EXIT_USAGE
from grader.engine import DEFAULT_MEMORY, DEFAULT_TIMEOUT, DeviceUnavailable, grade
from grader.exercise import UnknownExercise
from grader.reporters.gradescope import to_gradescope
from grader.reporters.terminal import summary


def add_grading_options(parser) -> None:
    """Options shared by every command that grades (grade, batch)."""
    parser.add_argument("--exercise", required=True, help="exercise name (see `grader exercises`)")
    parser.add_argument("--device", default="cpu", choices=["cpu", "cuda", "auto"],
                        help="where reference and submission run (default cpu)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"wall-clock seconds per submission (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--memory", default=DEFAULT_MEMORY,
                        help=f"address-space limit per submission, e.g. 4G (default {DEFAULT_MEMORY})")


def add_parser(subparsers):
    p = subparsers.add_parser("grade", help="grade one submission (.py or .ipynb)")
    p.add_argument("submission")
    add_grading_options(p)
    p.add_argument("--results", help="write Gradescope results.json here")
    p.add_argument("--visibility", default="all", choices=["all", "public"],
                   help="run every check, or only those students may see (default all)")
    p.add_argument("--reference-dir", help="recorded reference traces to use instead of running the "
                   "reference (what a student bundle ships)")
    p.add_argument("-v", "--verbose", action="store_true", help="also explain passing checks")
    return p


def run(args) -> int:
    try:
        result = grade(args.submission, args.exercise, device=args.device, timeout=args.timeout,
                       memory=args.memory, visibility=args.visibility, reference_dir=args.reference_dir)
    except (UnknownExercise, FileNotFoundError, DeviceUnavailable, ValueError) as exc:
        print(f"grader: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.results:
        out = Path(args.results)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(to_gradescope(result), indent=2))
    print(summary(result, verbose=args.verbose))
    return 0
