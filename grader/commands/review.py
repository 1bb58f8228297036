"""`grader review OUT [STUDENT --score N | --clear-flag] --note TEXT --reviewer NAME`: the
instructor's review loop over a batch's output folder.

Without STUDENT it lists what needs a person: flagged submissions (with the grader's reasons),
runs that did not finish, input problems (two train() files, an identity collision), and the
decisions already taken. With STUDENT it records a decision in OUT/gradebook.db (signed, kept
with the submission's content: it survives reruns and regrades of that file, and lapses when
the file changes), then rewrites the student's report, index.html and grades.csv.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from grader.errors import EXIT_USAGE


def add_parser(subparsers):
    p = subparsers.add_parser(
        "review", help="list flagged and failed submissions of a batch; record a reviewer's decision",
        description="List the students of a batch's output folder that need a person (flagged, "
                    "did not finish, input problems), or record a decision on one: a score "
                    "(--score) or clearing the flag (--clear-flag), with a note and the reviewer's "
                    "name. Decisions are signed in OUT/gradebook.db, survive reruns of the same "
                    "file, and show in the reports and grades.csv.")
    p.add_argument("out", type=Path, metavar="OUT", help="the batch's output folder (holds gradebook.db)")
    p.add_argument("student", nargs="?", metavar="STUDENT",
                   help="the student to decide on: the id of grades.csv's student column, or the name")
    decision = p.add_mutually_exclusive_group()
    decision.add_argument("--score", type=float, help="set the points of this submission")
    decision.add_argument("--clear-flag", action="store_true",
                          help="the flag was a false alarm: the checks' own points count")
    p.add_argument("--note", default="", help="why (kept with the decision, shown in the reports)")
    p.add_argument("--reviewer", default="", help="who decided (kept with the decision)")
    p.add_argument("--exercise", help="the exercise, where the gradebook holds several")
    return p


def needs_review(result) -> list[str]:
    """Why a person should look at `result` (the grader's own, before any review)."""
    from grader.result import Intake

    reasons = []
    if result.flagged:
        reasons += [f"flagged: {r}" for r in result.flag_reasons]
    status = (result.runtime or {}).get("status", "ok")
    if status != "ok":
        reasons.append(f"did not finish ({status}): {(result.runtime or {}).get('message', '')}")
    problem = Intake.from_dict(result.intake).problem
    if problem:
        reasons.append(f"input problem: {problem}")
    return reasons


def _listing(book) -> list[str]:
    from grader.reporters.summary import review_text, student_name
    from grader.reporters.escape import terminal_line

    lines = []
    for exercise in book.exercises():
        for row in book.latest(exercise):
            result = book.row_result(row)
            reasons = needs_review(result)
            final = book.final(result)
            if not reasons and not final.review:
                continue
            who = f"{student_name(result)} [{result.student}]" if student_name(result) != result.student \
                else result.student
            lines.append(terminal_line(f"{exercise}  {who}: {final.score:g}/{result.max_score:g}"
                                       + (f" (graded {result.score:g})" if final.score != result.score else "")))
            for reason in reasons:
                lines.append("    " + terminal_line(reason)[:300])
            if final.review:
                lines.append("    reviewed: " + terminal_line(review_text(final.review)))
    return lines


def _find(book, student: str, exercise: str | None):
    """(the latest verified result of `student`, or None, and an error line)."""
    import unicodedata

    from grader.reporters.summary import student_name

    wanted = unicodedata.normalize("NFC", student).strip()
    found = []
    for ex in ([exercise] if exercise else book.exercises()):
        for row in book.latest(ex):
            result = book.row_result(row)
            if wanted in (result.student, student_name(result)):
                found.append(result)
    if not found:
        return None, f"no student {student!r} in {book.path}" + (f" for {exercise}" if exercise else "")
    keys = {(r.student, r.exercise) for r in found}
    if len(keys) > 1:
        return None, (f"{student!r} matches {len(keys)} rows ("
                      + ", ".join(f"{s} on {e}" for s, e in sorted(keys))
                      + "): give the id from grades.csv and --exercise")
    return found[0], ""


def _rewrite(out: Path, book, result) -> None:
    """The student's files (in the student view where the batch wrote them so) and the class's."""
    from grader.batch.outputs import write_class, write_student
    from grader.reporters.summary import report_link
    from grader.reporters.redact import HIDDEN_ID

    folder = out / Path(report_link(result.exercise, result.student)).parent
    student_facing = False
    try:
        written = json.loads((folder / "result.json").read_text(encoding="utf-8"))
        student_facing = any(c.get("id") == HIDDEN_ID for c in written.get("checks", []))
    except (OSError, ValueError, AttributeError):
        pass
    write_student(out, book.final(result), student_facing=student_facing)
    write_class(out, book)


def run(args) -> int:
    from grader.gradebook import Gradebook

    db = args.out / "gradebook.db"
    if not db.is_file():
        print(f"grader review: no gradebook in {args.out} (run grader batch ... --out {args.out} first)",
              file=sys.stderr)
        return EXIT_USAGE
    deciding = args.score is not None or args.clear_flag
    with Gradebook(db) as book:
        if not args.student:
            if deciding:
                print("grader review: --score / --clear-flag need a STUDENT", file=sys.stderr)
                return EXIT_USAGE
            lines = _listing(book)
            print("\n".join(lines) if lines else "nothing to review: no flagged, failed or problem submissions")
            return 0
        if not deciding:
            print("grader review: give --score N or --clear-flag, with --note and --reviewer", file=sys.stderr)
            return EXIT_USAGE
        result, error = _find(book, args.student, args.exercise)
        if result is None:
            print(f"grader review: {error}", file=sys.stderr)
            return EXIT_USAGE
        if args.clear_flag and not result.flagged:
            print(f"grader review: {args.student} is not flagged; use --score to set points", file=sys.stderr)
            return EXIT_USAGE
        try:
            review = book.add_review(result, action="clear_flag" if args.clear_flag else "score",
                                     score=args.score, note=args.note, reviewer=args.reviewer)
        except ValueError as exc:
            print(f"grader review: {exc}", file=sys.stderr)
            return EXIT_USAGE
        _rewrite(args.out, book, result)
        final = book.final(result)
        print(f"{result.student} on {result.exercise}: {final.score:g}/{result.max_score:g} "
              f"(graded {result.score:g}), {review.action.replace('_', ' ')} by {review.reviewer}. "
              f"Updated {args.out / 'grades.csv'} and the reports.")
    return 0
