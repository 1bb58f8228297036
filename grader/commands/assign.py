"""`grader assign NAME --out DIR`: write the bundle a student receives (grader/bundle/assign.py)."""
from __future__ import annotations

from pathlib import Path


def add_parser(subparsers):
    p = subparsers.add_parser("assign", help="write the student bundle for an exercise",
                              description="Write what a student receives: statement, starters, "
                              "pytest self-check, the CI autograder workflow, and a copy of the "
                              "grader with the reference's recorded traces (no reference code).")
    from grader.course import add_course_option

    p.add_argument("exercise", metavar="NAME", help="a name (see `grader exercises`) or an exercise folder")
    p.add_argument("--out", required=True, type=Path, metavar="DIR")
    add_course_option(p)
    p.add_argument("--device", action="append", dest="devices", metavar="DEV",
                   help="record reference traces for this device (repeatable; default: cpu)")
    return p


def run(args) -> int:
    from grader.bundle.assign import write_bundle
    from grader.course import CourseConfigError, apply_course
    from grader.exercise import UnknownExercise
    from grader.options import DEFAULTS

    if args.out.exists() and any(args.out.iterdir()):
        print(f"grader assign: {args.out} is not empty")
        return 2
    try:
        apply_course(args)
    except (UnknownExercise, CourseConfigError) as exc:
        print(f"grader assign: {exc}")
        return 2
    try:
        out = write_bundle(args.exercise, args.out, devices=tuple(args.devices or [DEFAULTS.device]))
    except UnknownExercise as exc:
        print(f"grader assign: {exc}")
        return 2
    print(f"wrote {out}")
    return 0
