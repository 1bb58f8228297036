"""`grader exercises`: list the exercises and their points: the built-ins, then the course's
own (grader.course: loopgrader.toml or --config), each with its folder."""
import sys

from grader.exercise import UnknownExercise, list_exercises, load_exercise


def add_parser(subparsers):
    from grader.course import add_course_option

    p = subparsers.add_parser(
        "exercises", help="list the exercises (built-in and the course's own)",
        description="List the exercises: the built-in ones, then the course's own (loopgrader.toml "
                    "or --config), each with its points, hidden points and title.")
    add_course_option(p)
    return p


def _line(name: str, ex, width: int, where: str = "") -> str:
    hidden = sum(e.points for e in ex.rubric if e.visibility == "hidden")
    return f"{name:<{width}}  {ex.max_score:>4g} pts  {hidden:>3g} hidden  {ex.title}{where}"


def run(args) -> int:
    from grader.course import CourseConfigError, load_course

    try:
        course = load_course(getattr(args, "config", None))
    except CourseConfigError as exc:
        print(f"grader exercises: {exc}", file=sys.stderr)
        return 2
    own = course.exercises()
    builtin = list_exercises()
    width = max(map(len, [*builtin, *own]), default=0)   # one column for every name, the course's too
    for name in builtin:
        print(_line(name, load_exercise(name), width))
    status = 0
    if own:
        print(f"\ncourse exercises ({course.config}):")
    for name, folder in own.items():
        try:   # one broken folder is named, the others still listed
            print(_line(name, load_exercise(folder), width, f"  [{folder}]"))
        except UnknownExercise as exc:
            print(f"{name:<{width}}  cannot be read: {exc}")
            status = 1
    return status
