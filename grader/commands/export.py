"""`grader export gradescope NAME --out FILE.zip`: a Gradescope autograder (grader/bundle/gradescope.py)."""
from __future__ import annotations

from pathlib import Path

VISIBILITIES = ["hidden", "after_due_date", "after_published", "visible"]


def add_parser(subparsers):
    p = subparsers.add_parser("export", help="write an autograder for another platform",
                              description="Write an autograder package for a grading platform.")
    targets = p.add_subparsers(dest="target", metavar="TARGET", required=True)
    gs = targets.add_parser("gradescope", help="Gradescope autograder zip (setup.sh, run_autograder)",
                            description="Write a Gradescope autograder zip for an exercise: setup.sh, "
                                        "run_autograder and the grader, graded on a secret scenario "
                                        "variant; upload it as the assignment's autograder.")
    from grader.course import add_course_option

    gs.add_argument("exercise", metavar="NAME", help="a name (see `grader exercises`) or an exercise folder")
    add_course_option(gs)
    gs.add_argument("--out", required=True, type=Path, metavar="FILE.zip")
    gs.add_argument("--hidden-visibility", default="after_published", choices=VISIBILITIES,
                    help="Gradescope visibility of hidden checks (default: after_published)")
    gs.add_argument("--device", default=None, metavar="DEV", help="default: the course's, else the grader's (grader.options)")
    return p


def run(args) -> int:
    from grader.bundle.gradescope import write_zip
    from grader.course import CourseConfigError, apply_course
    from grader.exercise import UnknownExercise

    try:
        apply_course(args)
    except (UnknownExercise, CourseConfigError) as exc:
        print(f"grader export: {exc}")
        return 2
    try:
        out = write_zip(args.exercise, args.out, hidden_visibility=args.hidden_visibility,
                        device=args.device)
    except UnknownExercise as exc:
        print(f"grader export: {exc}")
        return 2
    print(f"wrote {out}")
    return 0
