"""Mutation run: every operator of tests/mutation.py on the correct .py files of the corpus,
equivalent mutants set aside in plain torch, the rest graded; prints per operator how many were
killed (lost points) and how many of those were failed by the check that names the mistake.

    python benchmarks/mutation.py --exercise training_loop --exercise bce_conversion [--limit 6] [--json out.json]

Slow: one sandboxed grade per behaviour-changing mutant (seconds each).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from corpus_index import expectation, submissions  # noqa: E402
from mutation import FUNCTIONAL_LOSS, OPERATORS, judge_mutant  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", action="append", help="exercise(s) to mutate (default: the five base ones)")
    parser.add_argument("--limit", type=int, default=0, help="correct files per exercise (0: all)")
    parser.add_argument("--operator", action="append", help="only these operators")
    parser.add_argument("--json", help="write every outcome here")
    args = parser.parse_args()
    exercises = args.exercise or sorted(FUNCTIONAL_LOSS)
    operators = [op for op in OPERATORS if not args.operator or op.name in args.operator]
    outcomes = []
    with tempfile.TemporaryDirectory() as work:
        for exercise in exercises:
            files = [p for p in submissions(exercise) if p.suffix == ".py" and expectation(p).get("pass")]
            for path in files[:args.limit or None]:
                for op in operators:
                    outcome = judge_mutant(path, exercise, op, Path(work))
                    outcomes.append((exercise, outcome))
                    failed = f" ({', '.join(outcome.failed)})" if outcome.failed else ""
                    print(f"{exercise}/{outcome.file} {op.name}: {outcome.status}{failed}", flush=True)
    table: dict[str, Counter] = {op.name: Counter() for op in operators}
    for _, o in outcomes:
        table[o.operator][o.status] += 1
    print(f"\n{'operator':24} {'mutants':>7} {'equiv':>5} {'killed':>6} {'named':>5} {'crashed':>7} {'survived':>8} {'kill rate':>9}")
    for name, c in table.items():
        killed = c["named"] + c["unnamed"] + c["crashed"]
        changed = killed + c["survived"]
        rate = f"{killed / changed:.0%}" if changed else "-"
        print(f"{name:24} {changed + c['equivalent']:7} {c['equivalent']:5} {killed:6} {c['named']:5} {c['crashed']:7} "
              f"{c['survived']:8} {rate:>9}")
    if args.json:
        Path(args.json).write_text(json.dumps([{"exercise": e, **o.__dict__} for e, o in outcomes], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
