"""Check a graded demo class against what its students are: `.ci/run` grades demo/class with
README's own command on a fresh virtualenv, then runs

    python demo/verify.py out/demo/grades.csv [class]

(`class`: a demo folder, `class` by default, or `accumulation_class`.) Correct students (made from corpus ok_* files) must have full marks; every other student (a
corpus bug, the broken notebook, the crash, the hang) must have lost points. Exit 1 otherwise:
a grade that blames correct students for a broken install fails CI."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from build_class import CLASSES, HERE as DEMO  # noqa: E402

from grader.batch.discover import discover  # noqa: E402


def main(grades_csv: str, folder: str = "class") -> int:
    exercise, from_corpus = CLASSES[folder]
    klass = DEMO / folder
    with open(grades_csv, newline="", encoding="utf-8") as f:
        rows = {r["student"]: r for r in csv.DictReader(f)}
    problems = []
    students = discover(klass)
    for sub in students:
        relative = sub.path.relative_to(klass).as_posix()
        correct = from_corpus.get(relative, "").startswith("ok_")
        row = rows.get(sub.student)
        if row is None or not row.get(exercise):
            problems.append(f"{sub.student}: no grade in {grades_csv}")
            continue
        score, full = float(row[exercise]), float(row[f"{exercise} max"])
        if correct and score != full:
            problems.append(f"{sub.student} ({relative}) is correct but got {score:g}/{full:g}")
        if not correct and score >= full:
            problems.append(f"{sub.student} ({relative}) has a bug but got full marks")
    for line in problems:
        print(f"demo/verify: {line}", file=sys.stderr)
    print(f"demo/verify: {len(students) - len(problems)}/{len(students)} students graded as expected")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*(sys.argv[1:] or ["out/demo/grades.csv"])))
