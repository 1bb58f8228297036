"""`grader batch --shard K/N`: one task of a job array (SLURM, HTCondor, PBS) grades the
submissions whose content hash falls in shard K of N, into its own out folder
OUT/shard-K-of-N/ (reports, grades.csv, its own gradebook.db), so no two tasks ever write one
SQLite file. `grader gradebook merge` combines the shards afterwards.

The split depends only on each file's content, so every task of the array computes the same
partition without talking to the others, and a rerun of task K resumes from its own gradebook.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from grader.batch.discover import Submission
from grader.load import file_hash


@dataclass(frozen=True)
class Shard:
    index: int      # K, 1-based (SLURM: --array=1-N, --shard $SLURM_ARRAY_TASK_ID/N)
    count: int      # N

    def selects(self, submission: Submission) -> bool:
        """Whether this shard grades `submission` (by its content hash)."""
        try:
            digest = file_hash(submission.path)
        except OSError:   # unreadable: still exactly one shard reports it, chosen by name
            digest = hashlib.sha256(submission.student.encode()).hexdigest()
        return int(digest[:16], 16) % self.count == self.index - 1

    def out_folder(self, out: Path) -> Path:
        return Path(out) / f"shard-{self.index}-of-{self.count}"


def parse_shard(spec: str) -> Shard:
    """"K/N" with 1 <= K <= N; ValueError with a one-line reason otherwise."""
    k, sep, n = spec.partition("/")
    if not sep or not k.isdigit() or not n.isdigit() or not 1 <= int(k) <= int(n):
        raise ValueError(f"--shard wants K/N with 1 <= K <= N (e.g. 3/10), not {spec!r}")
    return Shard(int(k), int(n))
