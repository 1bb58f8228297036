"""`grader exercises`: list the exercises and their points: the built-ins, then the course's
own (grader.course: loopgrader.toml or --config), each with its folder."""
import sys

from grader.exercise import UnknownExercise, list_exercises, load_exercise


def add_parser(subparsers):
    from grader.course import add_course_option

    p = subparsers.add_parser("exercises", help="list the exercises (built-in and the course's own)")
    add_course_option(p)
    return p


def _line(name: str, ex, where: str = "") -> str:
    hidden = sum(e.points for e in ex.rubric if e.visibility == "hidden")
    return f"{name:16} {ex.max_score:>4g} pts ({hidden:g} hidden)  {ex.title}{where}"


def run(args) -> int:
    from grader.course import CourseConfigError, load_course

    try:
        course = load_course(getattr(args, "config", None))
    except CourseConfigError as exc:
        print(f"grader exercises: {exc}", file=sys.stderr)
        return 2
    for name in list_exercises():
        print(_line(name, load_exercise(name)))
    status = 0
    own = course.exercises()
    if own:
        print(f"\ncourse exercises ({course.config}):")
    for name, folder in own.items():
        try:   # one broken folder is named, the others still listed
            print(_line(name, load_exercise(folder), f"  [{folder}]"))
        except UnknownExercise as exc:
            print(f"{name:16} cannot be read: {exc}")
            status = 1
    return status
