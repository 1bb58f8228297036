"""`grader exercises`: list the exercises and their points."""
from grader.exercise import list_exercises, load_exercise


def add_parser(subparsers):
    return subparsers.add_parser("exercises", help="list the exercises")


def run(args) -> int:
    for name in list_exercises():
        ex = load_exercise(name)
        hidden = sum(e.points for e in ex.rubric if e.visibility == "hidden")
        print(f"{name:16} {ex.max_score:>4g} pts ({hidden:g} hidden)  {ex.title}")
    return 0
