"""`grader gradebook merge OUT SHARD_DBS...`: combine the gradebooks of a job array's shards
(`grader batch --shard K/N`, each in OUT/shard-K-of-N/) into OUT/gradebook.db, copy each
student's files next to it, and rewrite OUT/index.html and OUT/grades.csv.

Guarantees: only rows (runs and reviews) signed by their own shard's key are merged (a row forged or edited in a
shard file is reported and left out, never laundered into a row signed by OUT's key); rows go in
oldest first, across all shards, so the latest grade of a student graded in two shards (their
file changed between two runs) is still the latest; merging the same shards again adds nothing.
"""
from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path


def add_parser(subparsers):
    p = subparsers.add_parser(
        "gradebook", help="gradebook tools: merge the gradebooks of a sharded batch",
        description="Gradebook tools. `merge OUT SHARD_DBS...` combines the gradebook.db files of "
                    "`grader batch --shard K/N` runs into OUT/gradebook.db and rewrites OUT/index.html "
                    "and OUT/grades.csv. SQLite is not safe on shared network filesystems (NFS, "
                    "Lustre, GPFS): keep each shard's folder on one machine's disk, or copy the "
                    "shards' files to one local disk, before merging.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    merge = actions.add_parser("merge", help="combine shard gradebooks into OUT",
                               description="Combine the gradebook.db files of `grader batch --shard K/N` "
                                           "runs into OUT/gradebook.db (only rows signed by their own "
                                           "shard), copy each student's files, rewrite OUT's class files.")
    merge.add_argument("out", type=Path, metavar="OUT", help="output folder of the combined class")
    merge.add_argument("shards", type=Path, nargs="+", metavar="SHARD_DB",
                       help="gradebook.db of each shard (e.g. OUT/shard-*/gradebook.db)")
    return p


@dataclass(frozen=True)
class MergeSummary:
    added: int          # rows newly written to OUT's gradebook
    already: int        # rows OUT's gradebook held already (merged before)
    refused: list[str]  # "shard: student" for rows not signed by their shard


def merge(out: Path, shards: list[Path]) -> MergeSummary:
    """Merge `shards` (gradebook files) into out/gradebook.db; see the module's guarantees."""
    from grader.batch.outputs import write_class, write_student
    from grader.reporters.summary import report_link
    from grader.gradebook import Gradebook

    out = Path(out)
    rows, refused = [], []
    for path in shards:
        with Gradebook(path) as shard:
            for row in shard.db.execute("SELECT * FROM runs ORDER BY id"):
                result = shard._verified(row["result"], row["grading_key"], row["mac"])
                if result is None:
                    refused.append(f"{path}: {row['student']}")
                    continue
                # a shard's rows in its own order; shards interleaved by when each was recorded
                rows.append((row["recorded_at"], str(path), row["id"], result, row["lms_id"],
                             row["grading_key"], Path(path).parent))
    rows.sort(key=lambda r: r[:3])
    reviews, policies = _shard_reviews_and_policies(shards, refused)
    added = already = 0
    latest: dict[tuple[str, str], tuple] = {}
    with Gradebook(out / "gradebook.db") as book:
        for recorded_at, _, _, result, lms_id, key, folder in rows:
            latest[(result.student, result.exercise)] = (result, folder)
            if _holds(book, result, key):
                already += 1
                continue
            book.record(result, lms_id=lms_id, grading_key=key)
            added += 1
        for exercise, policy in policies.items():
            book.set_late_policy(exercise, policy)
        for review in reviews:   # re-signed with OUT's key; one already there is not added twice
            book.copy_review(review)
        # each student's files: the shard's own (they keep the batch's options), else rewritten
        for (student, exercise), (result, folder) in sorted(latest.items()):
            link = Path(report_link(exercise, student)).parent
            source, target = folder / link, out / link
            if source.is_dir():
                if source.resolve() != target.resolve():
                    shutil.copytree(source, target, dirs_exist_ok=True)
            else:
                write_student(out, book.final(result))
        write_class(out, book)
    return MergeSummary(added, already, refused)


def _shard_reviews_and_policies(shards: list[Path], refused: list[str]):
    """The reviews signed by their own shard (oldest first), and each exercise's late policy."""
    from grader.gradebook import Gradebook

    reviews, policies = [], {}
    for path in shards:
        with Gradebook(path) as shard:
            signed, forged = shard.signed_reviews()
            reviews += signed
            refused += [f"{path}: review of {student}" for student in forged]
            for exercise in shard.exercises():
                policy = shard.late_policy(exercise)
                if policy is not None:
                    policies[exercise] = policy
    return sorted(reviews, key=lambda r: r.recorded_at), policies


def _holds(book, result, grading_key: str) -> bool:
    """Whether `book` already has this very run (merged before)."""
    return book.db.execute(
        "SELECT 1 FROM runs WHERE student=? AND exercise=? AND submission_hash=? AND grading_key=?"
        " AND started_at=? AND score=? LIMIT 1",
        (result.student or "", result.exercise, result.submission_hash, grading_key,
         result.started_at or "", result.score)).fetchone() is not None


def run(args) -> int:
    missing = [str(p) for p in args.shards if not p.is_file()]
    if missing:
        print(f"grader gradebook merge: no such gradebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    summary = merge(args.out, args.shards)
    print(f"{summary.added} runs merged ({summary.already} already there) from {len(args.shards)} "
          f"gradebooks. Class summary: {args.out / 'index.html'}")
    from grader.reporters.escape import terminal_line
    for line in summary.refused:   # a student's key is a file name: shown without control characters
        print(f"not merged (not signed by its shard's grader): {terminal_line(line)}", file=sys.stderr)
    return 1 if summary.refused else 0
