"""Grade a class: discover submissions, skip those already graded, grade the rest in parallel
(one warm launcher per worker), and record each result the moment it exists."""
from __future__ import annotations

import dataclasses
import functools
import os
import queue
import sys
import threading
import traceback
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from grader import __version__
from grader.batch.discover import Submission, discover
from grader.batch.outputs import write_class, write_student
from grader.batch.progress import Progress
from grader.environment import check_environment
from grader.errors import GraderError
from grader.exercise import load_exercise
from grader.gradebook import Gradebook
from grader.late import LatePolicy
from grader.load import file_hash
from grader.options import DEFAULTS
from grader.provenance import grading_key
from grader.result import GradeResult


@dataclass
class Outcome:
    submission: Submission
    result: GradeResult | None = None
    reused: bool = False          # taken from the gradebook: content, exercise, version unchanged
    error: str = ""               # the grader itself failed on this submission (a grader bug)
    report: Path | None = None


@dataclass
class BatchSettings:
    exercise: str
    out: Path
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    device: str = DEFAULTS.device
    timeout: float = DEFAULTS.timeout
    memory: str = DEFAULTS.memory
    force: bool = False
    cache_dir: str | None = None
    student_view: bool = False    # students' files fold hidden checks (grader.reporters.redact)
    allow_unconfined: bool = False  # grade even where submissions cannot be confined (grader.sandbox.confine)
    variant: int | None = None    # the secret scenario variant of the whole batch (drawn by default_warm)
    late_policy: LatePolicy | None = None   # --deadline/--late-penalty (grader.late); None: keep the gradebook's


def default_launcher(confinement: str = "required"):
    """A warm fork server per worker on Linux; elsewhere a fresh interpreter per submission.
    "required": raise grader.sandbox.confine.ConfinementUnavailable where the machine cannot
    confine submissions; "auto": confine where it can (settings.allow_unconfined)."""
    if sys.platform != "linux":
        from grader.sandbox.launch import SpawnLauncher
        return SpawnLauncher(confinement)
    from grader.sandbox.zygote import ZygoteLauncher
    return ZygoteLauncher(confinement=confinement)


def default_warm(settings: BatchSettings, launcher) -> None:
    """Run (or load from the cache) the reference once, before the workers all want it."""
    from grader.engine import resolve_device, scenarios_for
    from grader.variants import choose_variant

    ex = load_exercise(settings.exercise)
    scenarios = list(dict.fromkeys(s for names in scenarios_for(ex, ex.entries()).values() for s in names))
    # one secret variant for the whole batch (grader.variants), so the reference runs once
    worker = reference_worker(launcher)
    try:
        settings.variant, _ = choose_variant(ex, scenarios, resolve_device(settings.device), settings.variant,
                                             cache_dir=settings.cache_dir, launcher=worker or launcher)
    finally:
        if worker is not None:
            worker.close()


def reference_worker(launcher):
    """Where `launcher` is a zygote: a warm worker of the same confinement with the reference in
    view, in which every candidate variant's reference runs (a zygote otherwise starts a fresh
    interpreter per reference job, importing torch and torch._dynamo again: about 3 CPU-s a
    candidate, and a variant may take several draws to validate). It starts only if a reference
    has to run (a cached variant costs nothing); close() it after. None for other launchers."""
    from grader.sandbox.zygote import ZygoteLauncher

    if not isinstance(launcher, ZygoteLauncher):
        return None
    return ZygoteLauncher(confinement=launcher.confinement, with_reference=True)


def default_grade(submission: Submission, settings: BatchSettings, launcher) -> GradeResult:
    from grader.engine import grade
    return grade(str(submission.path), settings.exercise, device=settings.device,
                 timeout=settings.timeout, memory=settings.memory, student=submission.student,
                 cache_dir=settings.cache_dir, launcher=launcher, variant=settings.variant)


def _line(outcome: Outcome) -> str:
    if outcome.error:
        return f"{outcome.submission.student}: GRADER ERROR {outcome.error.splitlines()[-1]}"
    r = outcome.result
    status = r.runtime.get("status", "")
    tail = " (unchanged, not regraded)" if outcome.reused else f" ({status}, {r.timings.get('total', 0):.1f} s)"
    return f"{r.student}: {r.score:g}/{r.max_score:g}{tail}"


def run_batch(root: str | Path, settings: BatchSettings, *,
              grade: Callable = default_grade, launcher_factory: Callable = default_launcher,
              warm: Callable = default_warm, preflight: Callable | None = None,
              progress: Progress | None = None, pool: Callable | None = None,
              select: Callable[[Submission], bool] | None = None) -> list[Outcome]:
    """Grade every submission under `root`; returns one Outcome per student, in student order.

    Results go to the gradebook and the student's files as each one finishes, so stopping
    the batch (Ctrl-C, kill) keeps everything graded so far; a rerun regrades only what
    changed (settings.force regrades everything). A GraderError (a broken environment or
    reference) stops the batch: nobody's grade is recorded from a grader that cannot grade.
    `pool` grades the rest and yields Outcomes as they finish (default local_pool; a
    grader.batch.dask_pool.DaskPool grades them on a Dask cluster). `select` keeps only some
    submissions (grader.batch.shard: one shard of a job array)."""
    from grader.engine import resolve_device

    load_exercise(settings.exercise)   # raises UnknownExercise before any work
    if launcher_factory is default_launcher:   # refuse to run unconfined unless told to, before any work
        from grader.sandbox.confine import require_confinement
        if settings.allow_unconfined:
            launcher_factory = functools.partial(default_launcher, "auto")
        else:
            require_confinement()
    (preflight or check_environment)()   # raises GraderError before any file is written
    # "auto" -> "cuda" or "cpu": the gradebook records (and resumes by) the device used
    settings = dataclasses.replace(settings, device=resolve_device(settings.device))
    out = Path(settings.out)
    out.mkdir(parents=True, exist_ok=True)
    submissions = [s for s in discover(root) if select is None or select(s)]
    progress = progress or Progress(len(submissions))
    progress.total = len(submissions)
    outcomes: dict[str, Outcome] = {}
    todo: list[Submission] = []

    with Gradebook(out / "gradebook.db") as gradebook:
        # kept with the gradebook: every later view (a rerun, grader review, merge) charges the same
        if settings.late_policy is not None:
            gradebook.set_late_policy(load_exercise(settings.exercise).name, settings.late_policy)
        for sub in submissions:
            if sub.problem:     # the class page and grades.csv show it too
                progress.note(f"{sub.student}: INPUT PROBLEM: {sub.problem}")
            elif sub.ignored:
                progress.note(f"{sub.student}: grading {sub.path.name}; ignored "
                              + ", ".join(p.name for p in sub.ignored))
            previous = None if settings.force else _previous(gradebook, sub, settings)
            if previous is not None and previous.intake != sub.intake().to_dict():
                previous = None   # same file, but how it was found changed (a new draft beside it)
            if previous is None:
                todo.append(sub)
                continue
            outcome = Outcome(sub, previous, reused=True)
            try:    # one student's report failing is that student's problem, never the class's
                outcome.report = write_student(out, gradebook.final(previous), ignored=_ignored(sub, root),
                                               student_facing=settings.student_view)
            except Exception:
                outcome.error = "writing the report failed: " + traceback.format_exc()
            outcomes[sub.student] = outcome
            progress.step(_line(outcome))

        try:
            _grade_all(todo, settings, grade, warm, launcher_factory, out, gradebook, root,
                       outcomes, progress, pool)
        finally:
            write_class(out, gradebook)
            progress.close()
    return [outcomes[s.student] for s in submissions if s.student in outcomes]


def _previous(gradebook: Gradebook, sub: Submission, settings: BatchSettings) -> GradeResult | None:
    """The recorded result for this very content and grading key (source, environment, options)."""
    try:
        content = file_hash(sub.path)
    except OSError:
        return None   # grade() reports the unreadable file
    # results are recorded under the exercise's name (settings.exercise may be a folder's path)
    return gradebook.find(student=sub.student, exercise=load_exercise(settings.exercise).name, submission_hash=content,
                          grader_version=__version__, device=settings.device,
                          grading_key=_grading_key(settings))


def _grading_key(settings: BatchSettings) -> str:
    return grading_key(settings.exercise, device=settings.device, timeout=settings.timeout,
                       memory=settings.memory)


def _ignored(sub: Submission, root) -> list[str]:
    base = Path(root)
    return [str(p.relative_to(base)) if base.is_dir() else p.name for p in sub.ignored]


def _grade_all(todo, settings, grade, warm, launcher_factory, out, gradebook, root, outcomes,
               progress, pool=None):
    if not todo:
        return

    def take(outcome: Outcome) -> None:
        """Record a finished grade: gradebook first (the expensive part is now safe), then files."""
        if outcome.result is not None:
            outcome.result.student = outcome.submission.student
            outcome.result.intake = outcome.submission.intake().to_dict()   # LMS ids, input problems
            try:    # one student's recording or report failing is that student's problem only
                gradebook.record(outcome.result, lms_id=outcome.submission.lms_id,
                                 grading_key=_grading_key(settings))
                # as it counts: a reviewer's decision on this content, then the late policy
                outcome.report = write_student(out, gradebook.final(outcome.result),
                                               student_facing=settings.student_view,
                                               ignored=_ignored(outcome.submission, root))
            except Exception:
                outcome.error = "recording the grade or writing the report failed: " + traceback.format_exc()
        outcomes[outcome.submission.student] = outcome
        progress.step(_line(outcome))

    # the pool grades; this thread alone writes, so each result is written exactly once
    finished = (pool or local_pool)(todo, settings, grade=grade, warm=warm,
                                    launcher_factory=launcher_factory)
    try:
        for outcome in finished:
            take(outcome)
    finally:
        finished.close()


def local_pool(todo, settings, *, grade, warm, launcher_factory) -> Iterator[Outcome]:
    """Grade `todo` on threads of this process, one warm launcher per thread; yield each Outcome
    as it finishes. A GraderError (or Ctrl-C) is raised after the grades already finished are
    yielded. grader.batch.dask_pool.DaskPool is the same function on a Dask cluster."""
    workers = max(1, min(settings.jobs, len(todo)))
    launchers: queue.Queue = queue.Queue()
    made = [launcher_factory() for _ in range(workers)]
    for launcher in made:
        launchers.put(launcher)
    starting = [threading.Thread(target=_start, args=(launcher,), daemon=True) for launcher in made[1:]]
    for thread in starting:   # the other workers warm up while the first checks the reference
        thread.start()
    try:
        warm(settings, made[0])
    except BaseException:
        _close(made)
        raise

    def work(sub: Submission) -> Outcome:
        launcher = launchers.get()
        try:
            return Outcome(sub, grade(sub, settings, launcher))
        except GraderError:
            raise          # the environment, not this student: stop the batch (run_batch's caller)
        except Exception:
            return Outcome(sub, error=traceback.format_exc())
        finally:
            launchers.put(launcher)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="grade")
    pending = {pool.submit(work, sub) for sub in todo}
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            stop = None
            for future in done:
                if future.exception() is not None:   # e.g. KeyboardInterrupt: keep the others first
                    stop = stop or future.exception()
                else:
                    yield future.result()
            if stop is not None:
                raise stop
    except GeneratorExit:
        raise              # the caller stopped taking: nothing more may be yielded
    except BaseException:
        for future in pending:     # grades that finished while we were stopping
            if future.done() and not future.cancelled() and future.exception() is None:
                yield future.result()
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        _close(made)
        pool.shutdown(wait=True)


def _start(launcher) -> None:
    start = getattr(launcher, "start", None)
    if start:
        try:
            start()
        except Exception:
            pass   # run() starts it again and reports what goes wrong


def _close(launchers) -> None:
    """Stop the workers' launchers; a job still running in one is killed."""
    for launcher in launchers:
        close = getattr(launcher, "close", None)
        if close:
            close()
