"""What drawing a batch's secret scenario variant costs (grader.variants): each `grader batch`
draws a fresh variant and runs the reference on candidates until one shows what the checks need.

    python benchmarks/bench_variants.py [--exercise NAME ...] [--batches 3]

Per exercise: candidates drawn per batch (each one a reference run) and the wall seconds of the
draw, as `grader batch` does it (default_warm: one warm reference worker for all candidates),
with an empty reference cache each time. (CPU is not counted here: bubblewrap breaks the chain
of reaping; benchmarks/bench_batch.py samples the sandbox's processes from /proc.)
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import grader.variants as variants
from grader.batch.run import BatchSettings, default_launcher, default_warm


def one_batch(exercise: str) -> tuple[int, float]:
    """(candidates, wall s) of one batch's draw, from an empty cache."""
    drawn = []
    runs = variants.reference_runs

    def counted(*args, **kwargs):
        drawn.append(kwargs.get("variant"))
        return runs(*args, **kwargs)

    variants.reference_runs = counted
    try:
        with tempfile.TemporaryDirectory() as cache:
            settings = BatchSettings(exercise=exercise, out=Path(cache) / "out", cache_dir=cache)
            launcher = default_launcher()
            t0 = time.perf_counter()
            try:
                default_warm(settings, launcher)
            finally:
                launcher.close()
            return len(drawn), time.perf_counter() - t0
    finally:
        variants.reference_runs = runs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--exercise", nargs="+", default=["training_loop", "early_stopping"])
    parser.add_argument("--batches", type=int, default=3)
    args = parser.parse_args()
    for exercise in args.exercise:
        rows = [one_batch(exercise) for _ in range(args.batches)]
        draws, wall = zip(*rows)
        print(f"{exercise}: {statistics.mean(draws):.1f} candidates a batch ({', '.join(map(str, draws))}); "
              f"wall {statistics.median(wall):.1f} s (median of {len(rows)})")


if __name__ == "__main__":
    main()
