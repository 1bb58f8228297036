"""Profile the per-submission path of a batch (not a test).

    python benchmarks/profile_batch.py [N] [--out DIR]

Grades N corpus submissions (default 10) one after another with cProfile: the parent side
(engine.grade: trace parsing, checks, root cause, curves; gradebook record; report files) in
this process, the child side (grader.sandbox.child.run_job: loading, observation hooks, the
training itself, trace writing) in a forked child per submission, its stats merged. No sandbox,
no zygote: this measures the grader's own code, not confinement or process start-up. Prints the
top costs of each side, in CPU seconds (time.process_time, so a loaded machine does not skew
them), and leaves parent.prof and child.prof in DIR (snakeviz, pstats).
"""
import argparse
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from grader.sandbox.launch import ChildOutcome  # noqa: E402

CHILD_STATS = []   # the children's stats files, merged at the end


class ProfilingLauncher:
    """Runs each job in a forked child under cProfile (no confinement: corpus files only)."""

    def run(self, job, *, timeout, memory_bytes, output_limit):
        fd, trace = tempfile.mkstemp(suffix=".trace")
        os.close(fd)
        stats = trace + ".prof"
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            from grader.sandbox.child import run_job
            prof = cProfile.Profile(time.process_time)   # CPU: a loaded machine does not skew it
            try:
                prof.runcall(run_job, job, trace)
            finally:
                prof.dump_stats(stats)
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        records = [json.loads(line) for line in Path(trace).read_text().splitlines() if line.strip()]
        CHILD_STATS.append(stats)
        return ChildOutcome(records=records, exit_code=os.waitstatus_to_exitcode(status),
                            elapsed=time.monotonic() - start)

    def close(self):
        pass

    def start(self):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10)
    parser.add_argument("--exercise", default="training_loop")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "loopgrader-profile")
    args = parser.parse_args()
    n, exercise, where = args.n, args.exercise, args.out
    where.mkdir(parents=True, exist_ok=True)
    from grader.batch.discover import discover
    from grader.batch.outputs import write_class, write_student
    from grader.engine import grade
    from grader.gradebook import Gradebook
    corpus = sorted(Path(f"{ROOT}/tests/corpus/{exercise}").glob("*.py"))
    tmp = Path(tempfile.mkdtemp(prefix="prof-"))
    klass = tmp / "class"
    klass.mkdir()
    for i in range(n):
        (klass / f"s{i:02d}.py").write_bytes(corpus[i % len(corpus)].read_bytes())
    launcher = ProfilingLauncher()
    grade(str(klass / "s00.py"), exercise, launcher=launcher, variant=0)   # reference cached, imports warm
    CHILD_STATS.clear()
    prof = cProfile.Profile(time.process_time)
    t0, c0 = time.perf_counter(), time.process_time()
    with Gradebook(tmp / "out" / "gradebook.db") as book:
        prof.enable()
        for sub in discover(klass):
            r = grade(str(sub.path), exercise, launcher=launcher, student=sub.student, variant=0)
            book.record(r, grading_key="k")
            write_student(tmp / "out", r)
        write_class(tmp / "out", book)
        prof.disable()
    print(f"parent wall {time.perf_counter()-t0:.2f}s cpu(parent only) {time.process_time()-c0:.2f}s for {n}")
    prof.dump_stats(where / "parent.prof")
    pstats.Stats(*CHILD_STATS).dump_stats(where / "child.prof")
    for name in ("parent", "child"):
        print(f"===== {name} (cumulative)")
        pstats.Stats(str(where / f"{name}.prof")).sort_stats("cumulative").print_stats(35)
        print(f"===== {name} (tottime)")
        pstats.Stats(str(where / f"{name}.prof")).sort_stats("tottime").print_stats(20)

if __name__ == "__main__":
    main()
