"""How a batch's total time grows with the class and with Dask workers (not a test).

    python benchmarks/bench_scaling.py                       # small: 4 and 8 submissions; 1 and 2 workers
    python benchmarks/bench_scaling.py --sizes 20,100,400 --workers 1,2,4   # the issue's figures

Builds classes from tests/corpus/<exercise>/ (as benchmarks/bench_batch.py does), warms the
reference cache, then runs `grader batch --force --scheduler local:W`:
  - for each size N, with the most workers asked for: total wall time, and the marginal cost of
    a submission between consecutive sizes ((T(N2) - T(N1)) / (N2 - N1)): linear growth shows as
    a steady marginal cost, per-submission growth as a rising one;
  - for each W workers, at the largest size: total wall time and the speed-up over 1 worker.
Every run includes starting the LocalCluster and its workers' launchers (a fixed cost per run).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import ENV, make_class  # noqa: E402  (the same class and environment)


def batch_seconds(folder: Path, out: Path, exercise: str, workers: int, env: dict) -> float:
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "grader", "batch", str(folder), "--exercise", exercise,
                           "--out", str(out), "--force", "--scheduler", f"local:{workers}"],
                          env=env, capture_output=True, text=True)
    wall = time.monotonic() - start
    if done.returncode:
        sys.exit(f"grader batch failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return wall


def _ints(text: str) -> list[int]:
    return sorted({int(x) for x in text.split(",") if x.strip()})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_ints, default=[4, 8], help="class sizes (default 4,8)")
    parser.add_argument("--workers", type=_ints, default=[1, 2], help="Dask worker counts (default 1,2)")
    parser.add_argument("--exercise", default="training_loop")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as tmp:
        tmp = Path(tmp)
        env = {**ENV, "LOOPGRADER_CACHE": str(tmp / "cache")}
        classes = {n: tmp / f"class{n}" for n in args.sizes}
        for n, folder in classes.items():
            make_class(folder, args.exercise, n)
        # the reference once, so no run below pays for it
        warm = subprocess.run([sys.executable, "-m", "grader", "batch", str(next(classes[args.sizes[0]].iterdir())),
                               "--exercise", args.exercise, "--out", str(tmp / "warm"), "--jobs", "1"],
                              env=env, capture_output=True, text=True)
        if warm.returncode:
            sys.exit(warm.stdout + warm.stderr)

        most = args.workers[-1]
        by_size = {n: batch_seconds(classes[n], tmp / f"out-n{n}", args.exercise, most, env)
                   for n in args.sizes}
        largest = args.sizes[-1]
        by_workers = {w: (by_size[largest] if w == most else
                          batch_seconds(classes[largest], tmp / f"out-w{w}", args.exercise, w, env))
                      for w in args.workers}

    print(f"\n{args.exercise}; {os.cpu_count()} cores; load average at the end {os.getloadavg()[0]:.1f}\n")
    print(f"by class size, {most} Dask workers:")
    print(f"{'submissions':>12} {'total':>9} {'per sub':>9} {'marginal':>9}")
    previous = None
    for n in args.sizes:
        marginal = "" if previous is None else f"{(by_size[n] - by_size[previous]) / (n - previous):8.2f}s"
        print(f"{n:12d} {by_size[n]:8.1f}s {by_size[n] / n:8.2f}s {marginal:>9}")
        previous = n
    print(f"\nby workers, {largest} submissions:")
    print(f"{'workers':>12} {'total':>9} {'speed-up':>9}")
    for w in args.workers:
        print(f"{w:12d} {by_workers[w]:8.1f}s {by_workers[args.workers[0]] / by_workers[w]:8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
