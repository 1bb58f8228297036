"""Benchmark `grader batch` against the bare floor and nbgrader's autograde (not a test).

    python benchmarks/bench_batch.py [--n 40] [--jobs N] [--exercise training_loop]

Builds a class of N submissions from tests/corpus/<exercise>/ (every one finishes; no hangs),
then prints side by side:
  - grader batch: total wall time of `grader batch --force` (every check, warm zygote workers,
    reference traces cached), per-submission median, peak memory of the whole process tree;
  - bare floor: each submission's train() run once on the same scenario in a fresh Python
    process (`import torch`, load, train), one after another: the least a one-process-per-
    submission grader could cost;
  - nbgrader autograde: the same submissions as notebooks of an nbgrader assignment whose
    test cell runs train() on the same scenario, if nbgrader is installed
    (`pip install loopgrader[bench]`); skipped otherwise;
  - compute floor: the reference train() on every scenario one grade runs, in one warm process,
    no observation, no sandbox: what the exercise's own training costs. The line
    `batch CPU per submission: N.Nx the compute floor` compares the batch's CPU seconds (the whole
    process tree, from getrusage) per submission with it.
CPU seconds are the whole process tree's: getrusage(RUSAGE_CHILDREN) for the grader's own
processes, plus the sandboxed zygotes sampled from /proc (their CPU, and that of the jobs they
reaped, never reaches RUSAGE_CHILDREN: the reaping chain breaks inside bubblewrap, so figures
taken before this was added left every job's CPU out). Unless --skip-marginal, a second batch of
one submission per worker gives the start-up cost, and the difference the marginal CPU per
submission: the figure a large class converges to.
Memory is the peak PSS (proportional set size, /proc/<pid>/smaps_rollup) of the whole process
tree: torch's pages shared by the zygote's children count once, not once per process as summed
RSS would count them.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# One intra-op thread everywhere, as the grader's sandbox uses: the same arithmetic on every
# side, and no OpenMP spin-waiting when processes share the cores.
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
       "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}


# ------------------------------------------------------------------ measuring

def _stat(pid: int) -> tuple[int, str, float] | None:
    """(parent pid, command name, CPU seconds of the process and of the children it reaped) from
    /proc/<pid>/stat; None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
        comm = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return int(fields[1]), comm, sum(int(f) for f in fields[11:15]) / ticks
    except (OSError, ValueError, IndexError):
        return None


def _children_map() -> dict[int, list[int]]:
    """parent pid -> its children's pids, for every process now running."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return children


def _tree_pids(root_pid: int, children: dict[int, list[int]] | None = None) -> list[int]:
    """A process and all its descendants."""
    children = _children_map() if children is None else children
    found, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss(pid: int) -> int:
    """Proportional set size of one process, in bytes (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree_pss(root_pid: int) -> int:
    """PSS of a process and all its descendants: shared pages divided among their sharers."""
    return sum(_pss(pid) for pid in _tree_pids(root_pid))


def _children_cpu() -> float:
    """CPU seconds (user + system) of every child process reaped so far, grandchildren included."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _sandboxed_cpu(pids: list[int], seen: dict[int, float]) -> None:
    """Record, for each process that bubblewrap started (the zygotes, a reference worker), its
    CPU seconds with those of the jobs it reaped. Their CPU never reaches this process's
    RUSAGE_CHILDREN (the chain of reaping breaks inside bwrap), so it is sampled while they live:
    a zygote idles between its last job and its end, so its last sample holds all of it."""
    for pid in pids:
        stat = _stat(pid)
        if stat is None or stat[1] == "bwrap":
            continue
        parent = _stat(stat[0])
        if parent is not None and parent[1] == "bwrap":
            seen[pid] = max(seen.get(pid, 0.0), stat[2])


def _is_reference_worker(pid: int) -> bool:
    """A worker that runs the reference, as opposed to a worker's zygote, which runs submissions:
    a one-shot one (grader.sandbox.zygote: started --no-preload) or the batch's warm one
    (grader.batch.run.reference_worker), whose bubblewrap binds the reference folder."""
    from grader.sandbox.confine import _reference_root

    try:
        if b"--no-preload" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0"):
            return True
        stat = _stat(pid)
        root = _reference_root()
        bwrap = Path(f"/proc/{stat[0]}/cmdline").read_bytes().split(b"\0") if stat else []
        return root is not None and os.fsencode(os.path.realpath(root)) in bwrap
    except OSError:
        return False


def timed(cmd: list[str], **kwargs) -> tuple[float, int, subprocess.CompletedProcess]:
    """(wall seconds, peak tree PSS bytes, completed process); the CPU seconds of the whole tree
    are in the result's `.cpu` (`.sandboxed`: the part spent inside bubblewrap, sampled). Run one
    at a time (the CPU figure is a getrusage difference)."""
    cpu0 = _children_cpu()
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kwargs)
    peak, worker = [0], [0]
    sandboxed: dict[int, float] = {}
    reference: set[int] = set()
    done = threading.Event()

    def sample():
        while not done.is_set():
            children = _children_map()
            pids = _tree_pids(proc.pid, children)
            pss = {pid: _pss(pid) for pid in pids}
            peak[0] = max(peak[0], sum(pss.values()))
            _sandboxed_cpu(pids, sandboxed)
            reference.update(pid for pid in sandboxed if pid not in reference and _is_reference_worker(pid))
            for zygote in set(sandboxed) - reference:   # one worker's sandbox: its zygote and its job
                worker[0] = max(worker[0], sum(pss.get(pid, 0) for pid in _tree_pids(zygote, children)))
            done.wait(0.1)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.monotonic() - start
    done.set()
    sampler.join()
    completed = subprocess.CompletedProcess(cmd, proc.returncode, out)
    completed.sandboxed = sum(sandboxed.values())
    completed.reference = sum(cpu for pid, cpu in sandboxed.items() if pid in reference)
    completed.worker_pss = worker[0]
    completed.cpu = _children_cpu() - cpu0 + completed.sandboxed
    return wall, peak[0], completed


# ------------------------------------------------------------------ the class

def make_class(folder: Path, exercise: str, n: int) -> list[Path]:
    sources = sorted(p for p in (ROOT / "tests" / "corpus" / exercise).iterdir()
                     if p.suffix in (".py", ".ipynb"))
    folder.mkdir(parents=True)
    made = []
    for i in range(n):
        source = sources[i % len(sources)]
        target = folder / f"student{i + 1:02d}{source.suffix}"
        shutil.copy(source, target)
        made.append(target)
    return made


# ------------------------------------------------------------------ the floor

def floor_one(path: str, exercise: str) -> None:
    """Child mode: load one submission and run its train() once, in this fresh process."""
    import importlib

    from grader.load import load_submission
    from grader.job.execute import execute_program

    program = load_submission(Path(path))
    namespace = {"__name__": "__submission__"}
    execute_program(program.to_job(), namespace, statement_budget=10, total_budget=30)
    scenario = importlib.import_module(f"exercises.{exercise}.scenario")
    setup = scenario.SCENARIOS[scenario.PRIMARY]("cpu")
    namespace["train"](setup.model, setup.train_loader, setup.val_loader, setup.loss_fn,
                       setup.optimizer, setup.epochs, device="cpu", **setup.kwargs)


def floor(submissions: list[Path], exercise: str) -> tuple[float, int, list[float]]:
    times, peak = [], 0
    for path in submissions:
        wall, rss, done = timed([sys.executable, __file__, "--floor-one", str(path), "--exercise", exercise],
                                env=ENV, cwd=tempfile.gettempdir())
        times.append(wall)
        peak = max(peak, rss)
    return sum(times), peak, times


# ------------------------------------------------------------------ the compute floor

def compute_floor_child(exercise: str, repeats: int) -> None:
    """Child mode: the reference train() on every scenario one grade runs, `repeats` times in
    this one warm process (one intra-op thread, as in the sandbox); prints the median CPU and
    wall seconds of one set of scenarios as JSON."""
    import importlib
    import importlib.util

    import torch

    from grader.engine import scenarios_for
    from grader.exercise import load_exercise

    torch.set_num_threads(1)
    ex = load_exercise(exercise)
    scenarios = list(dict.fromkeys(s for names in scenarios_for(ex, ex.entries()).values() for s in names))
    module = ex.scenario_module()
    try:
        reference = importlib.import_module(f"reference.{exercise}")
    except ImportError:   # an exercise folder with its own reference.py
        spec = importlib.util.spec_from_file_location(f"reference_{exercise}", ex.reference_file)
        reference = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(reference)
    cpu, wall = [], []
    for _ in range(repeats + 1):       # the first set warms torch up and is not counted
        c0, w0 = time.process_time(), time.perf_counter()
        for name in scenarios:
            setup = module.SCENARIOS[name]("cpu", 0)
            reference.train(setup.model, setup.train_loader, setup.val_loader, setup.loss_fn,
                            setup.optimizer, setup.epochs, device="cpu", **setup.kwargs)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    print(json.dumps({"cpu": statistics.median(cpu[1:]), "wall": statistics.median(wall[1:]),
                      "scenarios": scenarios}))


def compute_floor(exercise: str, repeats: int = 5) -> dict:
    done = subprocess.run([sys.executable, __file__, "--compute-floor", "--exercise", exercise,
                           "--repeats", str(repeats)], env=ENV, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ nbgrader

NB_TEST = """
import importlib
scenario = importlib.import_module("exercises.{exercise}.scenario")
setup = scenario.SCENARIOS[scenario.PRIMARY]("cpu")
history = train(setup.model, setup.train_loader, setup.val_loader, setup.loss_fn,
                setup.optimizer, setup.epochs, device="cpu", **setup.kwargs)
assert set(history) >= {{"train_loss", "val_loss"}}
assert len(history["train_loss"]) == setup.epochs
assert history["val_loss"][-1] < history["val_loss"][0]
"""


def nbgrader_command() -> list[str] | None:
    beside = Path(sys.executable).with_name("nbgrader")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("nbgrader")
    return [found] if found else None


def _cell(kind: str, source: str, **nbgrader) -> dict:
    import nbformat

    cell = nbformat.v4.new_code_cell(source) if kind == "code" else nbformat.v4.new_markdown_cell(source)
    if nbgrader:
        cell.metadata["nbgrader"] = {"schema_version": 3, "locked": False, "solution": False,
                                     "grade": False, **nbgrader}
    return cell


def nbgrader_autograde(course: Path, submissions: list[Path], exercise: str) -> tuple[float, int, str]:
    import nbformat

    from grader.load import load_submission

    command = nbgrader_command()
    reference = (ROOT / "reference" / f"{exercise}.py").read_text()
    (course / "source" / "ps1").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.course_id = 'bench'\n"
        f"c.CourseDirectory.root = {str(course)!r}\nc.ExecutePreprocessor.timeout = 300\n")
    source = nbformat.v4.new_notebook(cells=[
        _cell("markdown", "# Write train()"),
        _cell("code", f"### BEGIN SOLUTION\n{reference}\n### END SOLUTION", grade_id="train",
              solution=True),
        _cell("code", NB_TEST.format(exercise=exercise), grade_id="test_train", grade=True,
              points=15, locked=True),
    ])
    source.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(source, course / "source" / "ps1" / "train.ipynb")
    env = {**ENV, "PATH": os.pathsep.join((str(Path(command[0]).parent), os.environ.get("PATH", "")))}
    run = dict(cwd=course, env=env, capture_output=True, text=True)
    made = subprocess.run(command + ["generate_assignment", "ps1", "--force"], **run)
    if made.returncode:
        return 0.0, 0, made.stdout + made.stderr
    release = nbformat.read(course / "release" / "ps1" / "train.ipynb", as_version=4)
    for path in submissions:
        student = nbformat.from_dict(json.loads(json.dumps(release)))
        code = "\n\n".join(c.code for c in load_submission(path).cells)
        student.cells[1].source = code
        folder = course / "submitted" / path.stem / "ps1"
        folder.mkdir(parents=True)
        nbformat.write(student, folder / "train.ipynb")
        (folder / "timestamp.txt").write_text("2025-01-01 10:00:00.000000 UTC")
    wall, rss, done = timed(command + ["autograde", "ps1", "--force"], cwd=course, env=env)
    return wall, rss, "" if done.returncode == 0 else done.stdout[-3000:]


# ------------------------------------------------------------------ main

# ------------------------------------------------------------------ confinement (grader.sandbox.confine)

def confinement_cost(repeats: int = 5) -> list[str]:
    """Per-job cost of the confinement: a trivial job (load, no scenario) through the warm fork
    server and through a fresh worker, confined (bubblewrap, a namespace per job, Landlock,
    seccomp) and not, the two interleaved so that the machine's load weighs on both alike;
    medians of `repeats` jobs, plus the worker's start."""
    from grader.sandbox import confine
    from grader.sandbox.launch import SpawnLauncher
    from grader.sandbox.zygote import ZygoteLauncher

    from grader.exercise import load_exercise

    job = {"kind": "submission", "exercise": "training_loop", "scenarios": [], "device": "cpu",
           "scenario_file": str(load_exercise("training_loop").scenario_file), "path": "/class/s.py", "statement_budget": 10, "load_budget": 10, "scenario_budget": 10,
           "program": [{"code": "def train(*a, **k):\n    return {}\n", "filename": "/class/s.py", "label": "line"}]}
    try:
        from grader.exercise import load_exercise
        job["scenario_file"] = str(load_exercise("training_loop").scenario_file)
    except Exception:
        pass
    modes = ["auto", "off"] if confine.confinement_available() else ["off"]
    zygotes, starts, warm, cold, layers = {}, {}, {m: [] for m in modes}, {m: [] for m in modes}, "unconfined"
    try:
        for mode in modes:
            t = time.perf_counter()
            zygotes[mode] = ZygoteLauncher(confinement=mode)
            zygotes[mode].start()
            starts[mode] = time.perf_counter() - t
        for i in range(repeats):
            for mode in modes if i % 2 else reversed(modes):
                t = time.perf_counter()
                outcome = zygotes[mode].run(job, timeout=60, memory_bytes=4 << 30, output_limit=4096)
                warm[mode].append(time.perf_counter() - t)
                if mode == "auto":
                    layers = outcome.protections.summary()
    finally:
        for zygote in zygotes.values():
            zygote.close()
    for i in range(max(2, repeats // 2)):
        for mode in modes if i % 2 else reversed(modes):
            t = time.perf_counter()
            SpawnLauncher(mode).run(job, timeout=120, memory_bytes=4 << 30, output_limit=4096)
            cold[mode].append(time.perf_counter() - t)
    med = {m: (statistics.median(warm[m]), statistics.median(cold[m]), starts[m]) for m in modes}
    lines = [f"  {'confined' if m == 'auto' else 'unconfined':11} per job: zygote {z * 1000:6.0f} ms, "
             f"fresh worker {c:5.2f} s; zygote start {s:5.2f} s" for m, (z, c, s) in med.items()]
    if "auto" in med:
        (cz, cc, cs), (uz, uc, us) = med["auto"], med["off"]
        lines.append(f"  confinement costs per job: {(cz - uz) * 1000:+.0f} ms warm (zygote), "
                     f"{cc - uc:+.2f} s cold (fresh worker), {cs - us:+.2f} s per worker start; "
                     f"layers: {layers}")
    else:
        lines.append("  confinement unavailable here (no working bubblewrap): unconfined figures only")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--exercise", default="training_loop")
    parser.add_argument("--skip-floor", action="store_true")
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--floor-one", help=argparse.SUPPRESS)
    parser.add_argument("--compute-floor", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=5, help="compute-floor repetitions (median)")
    parser.add_argument("--skip-marginal", action="store_true",
                        help="skip the start-up batch (one submission per worker) that gives the marginal cost")
    parser.add_argument("--skip-confinement", action="store_true",
                        help="skip the confinement's per-job cost at the end")
    parser.add_argument("--confinement", action="store_true",
                        help="only measure the confinement's per-job cost (confined vs not, warm vs fresh)")
    args = parser.parse_args()
    if args.confinement:
        print("confinement (trivial job, median):")
        print("\n".join(confinement_cost(getattr(args, "repeats", 5))))
        return 0
    if args.floor_one:
        floor_one(args.floor_one, args.exercise)
        return 0
    if args.compute_floor:
        compute_floor_child(args.exercise, args.repeats)
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        tmp = Path(tmp)
        submissions = make_class(tmp / "class", args.exercise, args.n)
        env = {**ENV, "LOOPGRADER_CACHE": str(tmp / "cache")}
        # warm the reference cache and the OS file cache: the figures are for a batch whose
        # reference traces are already cached, as in any batch after the first
        warm = subprocess.run([sys.executable, "-m", "grader", "batch", str(submissions[0]),
                               "--exercise", args.exercise, "--out", str(tmp / "warm"), "--jobs", "1"],
                              env=env, capture_output=True, text=True)
        if warm.returncode:
            print(warm.stdout, warm.stderr)
            return 1
        out = tmp / "out"
        wall, rss, done = timed([sys.executable, "-m", "grader", "batch", str(tmp / "class"), "--exercise",
                                 args.exercise, "--out", str(out), "--jobs", str(args.jobs), "--force"], env=env)
        if done.returncode:
            print(done.stdout[-3000:])
            return 1
        db = sqlite3.connect(out / "gradebook.db")
        per = [r[0] for r in db.execute("SELECT total_s FROM runs")]
        statuses = dict(db.execute("SELECT status, count(*) FROM runs GROUP BY status").fetchall())
        rows = [("grader batch", wall, statistics.median(per), rss,
                 f"{len(per)} graded, {args.jobs} workers, {statuses}; "
                 f"{done.cpu / args.n:.2f} CPU-s per submission")]
        batch_cpu = done.cpu / args.n
        cpu_lines = [f"batch CPU {done.cpu:.1f}s = {done.cpu - done.sandboxed:.1f}s grader processes "
                     f"+ {done.sandboxed - done.reference:.1f}s zygotes (start-up and the jobs) + "
                     f"{done.reference:.1f}s reference runs (the batch's drawn variant, when not yet cached); "
                     f"peak PSS of one worker's sandbox (zygote + job) {done.worker_pss / 2**20:.0f}MiB"]
        workers, marginal = min(args.jobs, args.n), None
        if not args.skip_marginal and args.n > workers:
            # the same start-up (one zygote per worker, the grader's own) with one submission
            # per worker: what the class size adds is the marginal cost per submission
            small = tmp / "small"
            small.mkdir()
            for path in submissions[:workers]:
                shutil.copy(path, small / path.name)
            _, _, few = timed([sys.executable, "-m", "grader", "batch", str(small), "--exercise",
                               args.exercise, "--out", str(tmp / "small-out"), "--jobs", str(args.jobs),
                               "--force"], env=env)
            # each batch draws its own secret variant: its reference run is left out of both
            big, little = done.cpu - done.reference, few.cpu - few.reference
            marginal = (big - little) / (args.n - workers)
            cpu_lines.append(f"a batch of {workers} (one per worker): {few.cpu:.1f} CPU-s ({few.reference:.1f}s of "
                             f"them reference runs); marginal CPU per submission {marginal:.2f}s "
                             f"(({big:.1f} - {little:.1f}) / {args.n - workers}, reference runs left out)")

        if not args.skip_floor:
            total, peak, times = floor(submissions, args.exercise)
            rows.append(("bare floor", total, statistics.median(times), peak,
                         "train() once per submission, fresh process each, one after another"))
        if args.skip_nbgrader:
            nb_note = "skipped (--skip-nbgrader)"
        elif nbgrader_command() is None:
            nb_note = "skipped: nbgrader is not installed (pip install 'loopgrader[bench]')"
        else:
            nb_wall, nb_rss, error = nbgrader_autograde(tmp / "course", submissions, args.exercise)
            if error:
                nb_note = f"failed:\n{error}"
            else:
                rows.append(("nbgrader autograde", nb_wall, nb_wall / len(submissions), nb_rss,
                             "one notebook kernel per submission; test cell runs train() once"))
                nb_note = ""

    floor_cpu = compute_floor(args.exercise, args.repeats)
    rows.append(("compute floor", floor_cpu["wall"] * args.n, floor_cpu["wall"], 0,
                 f"reference train() on {', '.join(floor_cpu['scenarios'])}, in-process, unobserved; "
                 f"{floor_cpu['cpu']:.3f} CPU-s per submission"))

    load = os.getloadavg()[0]
    print(f"\n{args.n} submissions of {args.exercise}; {os.cpu_count()} cores; "
          f"load average at the end {load:.1f}\n")
    print(f"{'':20} {'total wall':>11} {'median/sub':>11} {'peak PSS':>12}  note")
    for name, total, median, peak, note in rows:
        memory = f"{peak / 2**20:9.0f}MiB" if peak else f"{'-':>12}"
        print(f"{name:20} {total:10.1f}s {median:10.2f}s {memory}  {note}")
    if nb_note:
        print(f"{'nbgrader autograde':20} {nb_note}")
    base = rows[0][1]
    for name, total, *_ in rows[1:]:
        if name != "compute floor":
            print(f"grader batch vs {name}: {total / base:.1f}x the throughput")
    print(f"batch CPU per submission: {batch_cpu / floor_cpu['cpu']:.1f}x the compute floor "
          f"({batch_cpu:.2f} s vs {floor_cpu['cpu']:.3f} s)")
    print("\n".join(cpu_lines))
    if marginal is not None:
        print(f"marginal batch CPU per submission: {marginal / floor_cpu['cpu']:.1f}x the compute floor "
              f"({marginal:.2f} s vs {floor_cpu['cpu']:.3f} s)")
    if args.skip_confinement:
        return 0
    print("confinement (trivial job, median):")
    print("\n".join(confinement_cost(getattr(args, "repeats", 5))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
