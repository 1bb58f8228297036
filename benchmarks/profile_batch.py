"""Profile the per-submission path of a batch (not a test).

    python benchmarks/profile_batch.py [N] [--cpu] [--out DIR]

Grades N corpus submissions (default 10) one after another: the parent side (engine.grade:
trace parsing, checks, root cause, curves; gradebook record; report files) in this process, the
child side (grader.job.child.run_job: loading, observation hooks, the training itself, trace
writing) in a child forked per submission from a small fork server that imported exactly what
the zygote preloads (grader.job.server.PRELOAD and every exercise's scenario), in the
environment the sandbox gives jobs (TQDM_DISABLE, MPLBACKEND, one thread). No confinement: this
measures the grader's own code, not bubblewrap, namespaces or process start-up.

Always prints CPU seconds per submission, which a loaded machine does not skew the way it skews
wall time: each child's own user+system CPU (os.wait4's rusage) and its peak RSS, and the
parent's process CPU split into grade / gradebook / report files, with the load average.
Without --cpu, both sides also run under cProfile (CPU clock): the top costs are printed and
parent.prof and child.prof are left in DIR (snakeviz, pstats); cProfile inflates Python-heavy
code several times, so read its shares, and the --cpu figures for the real cost.
"""
import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# the environment the sandbox gives a job (grader.sandbox.confine.job_environment): set before
# anything imports tqdm (it reads TQDM_* when imported) or torch (thread count)
JOB_ENV = {"MPLBACKEND": "Agg", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TQDM_DISABLE": "1"}


# ------------------------------------------------------------------ the fork server (child side)

def _serve(requests: int, replies: int) -> None:
    """A stand-in zygote: preload what the real one preloads, then fork one job per request and
    answer with the job's exit code, CPU seconds and peak RSS (wait4). Never returns."""
    import importlib

    os.environ.update(JOB_ENV)
    from grader.exercise import list_exercises
    from grader.job.server import PRELOAD

    for name in PRELOAD + tuple(f"exercises.{e}.scenario" for e in list_exercises()):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    inbox = os.fdopen(requests, "r")
    for line in inbox:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _job(request)
        _, status, usage = os.wait4(pid, 0)
        os.write(replies, (json.dumps({"exit_code": os.waitstatus_to_exitcode(status),
                                       "cpu": usage.ru_utime + usage.ru_stime,
                                       "maxrss": usage.ru_maxrss * 1024}) + "\n").encode())
    os._exit(0)


def _job(request: dict) -> None:
    """The job's process: run_job on the request's job file (under cProfile if asked). Never returns."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)     # the student's prints go nowhere (the real child's go to a capped pipe)
        os.dup2(null, 2)
        from grader.job.child import run_job
        # run_job ends its process itself (os._exit): turned into an exception here so the profile
        # is written on the way out
        real_exit = os._exit

        def leave(code=0):
            os._exit = real_exit
            raise SystemExit(code)
        os._exit = leave
        with open(request["job"], encoding="utf-8") as f:
            job = json.load(f)
        if request.get("stats"):
            prof = cProfile.Profile(time.process_time)   # CPU: a loaded machine does not skew it
            try:
                prof.runcall(run_job, job, request["trace"])
            finally:
                prof.dump_stats(request["stats"])
        elif request.get("samples"):
            _sampled(run_job, job, request["trace"], request["samples"])
        else:
            run_job(job, request["trace"])
    except SystemExit as leaving:   # run_job's own end (os._exit, turned into this above)
        if leaving.code not in (0, None):
            Path(request["job"]).with_name("error.txt").write_text(f"run_job exited with {leaving.code}")
    except BaseException:
        import traceback
        Path(request["job"]).with_name("error.txt").write_text(traceback.format_exc())
    finally:
        os._exit(0)


def _sampled(fn, job, trace, out: str) -> None:
    """Run fn(job, trace) while a CPU-time timer (SIGPROF, every SAMPLE_S of this process's CPU)
    records the Python stack: unlike cProfile it adds no cost per call, so the shares are real."""
    import collections
    import signal

    stacks: collections.Counter = collections.Counter()

    def take(signum, frame):
        names = []
        while frame is not None:
            names.append(f"{frame.f_code.co_filename}:{frame.f_code.co_name}")
            frame = frame.f_back
        stacks[tuple(reversed(names))] += 1
    signal.signal(signal.SIGPROF, take)
    signal.setitimer(signal.ITIMER_PROF, SAMPLE_S, SAMPLE_S)
    cpu = time.process_time()
    try:
        fn(job, trace)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        Path(out).write_text(json.dumps({"cpu": time.process_time() - cpu,
                                         "stacks": [[list(k), v] for k, v in stacks.items()]}))


# asked for every 1 ms of CPU; the kernel delivers it at its tick (often 4 ms), so only the
# shares are read from the counts, and the seconds from the job's CPU clock
SAMPLE_S = 0.001


def _print_samples(files: list[str], top: int = 40) -> None:
    """Inclusive and own CPU shares per function, from the children's stack samples."""
    import collections

    inclusive, own, total, cpu = collections.Counter(), collections.Counter(), 0, 0.0
    for path in files:
        data = json.loads(Path(path).read_text())
        cpu += data["cpu"]
        for stack, count in data["stacks"]:
            total += count
            own[stack[-1]] += count
            for name in set(stack):
                inclusive[name] += count
    short = lambda name: name.replace(str(ROOT) + "/", "").replace(sys.prefix + "/lib/", "")
    print(f"===== child: {total} stack samples over {cpu / max(1, len(files)):.3f} CPU-s a job "
          "(share of samples, inclusive of callees / own)")
    print("  inclusive                                own")
    for (name, count), (oname, ocount) in zip(inclusive.most_common(top), own.most_common(top)):
        print(f"  {100 * count / total:5.1f}% {short(name)[-60:]:60}  {100 * ocount / total:5.1f}% {short(oname)[-60:]}")


class ForkServerLauncher:
    """grader.sandbox.launch's launcher interface over the stand-in zygote (corpus files only)."""

    def __init__(self, profile: bool, sample: bool = False):
        self.profile, self.sample = profile, sample
        self.child_samples: list[str] = []      # the children's stack samples (--sample)
        self.child_stats: list[str] = []        # the children's cProfile files, merged at the end
        self.jobs: list[dict] = []              # each submission job's exit code, CPU, peak RSS
        req_r, self._req_w = os.pipe()
        self._rep_r, rep_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self._req_w)
            os.close(self._rep_r)
            _serve(req_r, rep_w)
        os.close(req_r)
        os.close(rep_w)
        self._replies = os.fdopen(self._rep_r, "r")

    def run(self, job, *, timeout, memory_bytes, output_limit):
        from grader.sandbox.channels import ChildOutcome

        folder = Path(tempfile.mkdtemp(prefix="prof-job-"))
        (folder / "job.json").write_text(json.dumps(job))
        trace = folder / "trace"
        trace.touch()   # the child appends to a trace it is given, as to the launcher's pipe
        submission = job.get("kind") == "submission"
        stats = str(folder / "child.prof") if self.profile and submission else ""
        samples = str(folder / "samples.json") if self.sample and submission else ""
        start = time.monotonic()
        os.write(self._req_w, (json.dumps({"job": str(folder / "job.json"), "trace": str(trace),
                                           "stats": stats, "samples": samples}) + "\n").encode())
        reply = json.loads(self._replies.readline())
        if (folder / "error.txt").exists():
            raise RuntimeError(f"the job failed in the grader's code:\n{(folder / 'error.txt').read_text()}")
        records = [json.loads(line) for line in trace.read_text().splitlines() if line.strip()]
        if job.get("kind") == "submission":
            self.jobs.append(reply)
            if stats:
                self.child_stats.append(stats)
            if samples:
                self.child_samples.append(samples)
        return ChildOutcome(records=records, exit_code=reply["exit_code"],
                            elapsed=time.monotonic() - start)

    def start(self):
        pass

    def close(self):
        os.close(self._req_w)
        os.waitpid(self.pid, 0)


# ------------------------------------------------------------------ main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10)
    parser.add_argument("--exercise", default="training_loop")
    parser.add_argument("--cpu", action="store_true", help="CPU figures only, no cProfile")
    parser.add_argument("--sample", action="store_true",
                        help="no cProfile: sample the children's stacks every 1 ms of CPU (real shares)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "loopgrader-profile")
    args = parser.parse_args()
    n, exercise, where = args.n, args.exercise, args.out
    where.mkdir(parents=True, exist_ok=True)
    # the fork server first, before this process imports the parent side: its children hold
    # only what a zygote's children hold
    args.cpu = args.cpu or args.sample
    launcher = ForkServerLauncher(profile=not args.cpu, sample=args.sample)
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
    grade(str(klass / "s00.py"), exercise, launcher=launcher, variant=0)   # reference cached, imports warm
    launcher.jobs.clear()
    launcher.child_stats.clear()
    launcher.child_samples.clear()
    prof = cProfile.Profile(time.process_time)
    phases = {"grade": [], "gradebook": [], "files": []}
    t0, c0 = time.perf_counter(), time.process_time()
    with Gradebook(tmp / "out" / "gradebook.db") as book:
        if not args.cpu:
            prof.enable()
        for sub in discover(klass):
            c = time.process_time()
            r = grade(str(sub.path), exercise, launcher=launcher, student=sub.student, variant=0)
            phases["grade"].append(time.process_time() - c)
            c = time.process_time()
            book.record(r, grading_key="k")
            phases["gradebook"].append(time.process_time() - c)
            c = time.process_time()
            write_student(tmp / "out", r)
            phases["files"].append(time.process_time() - c)
        c = time.process_time()
        write_class(tmp / "out", book)
        class_files = time.process_time() - c
        prof.disable()
    parent = time.process_time() - c0
    launcher.close()
    children = [j["cpu"] for j in launcher.jobs]
    print(f"{n} submissions of {exercise}{'' if args.cpu else ' (under cProfile)'}; {os.cpu_count()} cores; "
          f"load average {os.getloadavg()[0]:.1f}; wall {time.perf_counter() - t0:.1f}s")
    print(f"  child  CPU per submission: mean {statistics.mean(children):.3f}s, median "
          f"{statistics.median(children):.3f}s; peak RSS of a job {max(j['maxrss'] for j in launcher.jobs) / 2**20:.0f}MiB")
    print(f"  parent CPU per submission: {parent / n:.3f}s = grade {statistics.mean(phases['grade']):.3f}s"
          f" + gradebook {statistics.mean(phases['gradebook']):.3f}s + files {statistics.mean(phases['files']):.3f}s"
          f" (+ class index and CSV {class_files:.3f}s once)")
    print(f"  total  CPU per submission: {statistics.mean(children) + parent / n:.3f}s")
    if args.sample:
        _print_samples(launcher.child_samples)
    if args.cpu:
        return
    prof.dump_stats(where / "parent.prof")
    pstats.Stats(*launcher.child_stats).dump_stats(where / "child.prof")
    for name in ("parent", "child"):
        print(f"===== {name} (cumulative)")
        pstats.Stats(str(where / f"{name}.prof")).sort_stats("cumulative").print_stats(35)
        print(f"===== {name} (tottime)")
        pstats.Stats(str(where / f"{name}.prof")).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
