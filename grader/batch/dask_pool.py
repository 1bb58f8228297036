"""Grade a batch on a Dask cluster: the same job as grader.batch.run.local_pool ("grade these
submissions, yield each Outcome as it finishes"), with Dask workers in place of threads.

Guarantees:
  - one task per submission, keyed by its content hash and the grading key (plus the student,
    since a report names the file it graded), collected with `as_completed`;
  - workers only grade and return the GradeResult (a plain dataclass); the client (run_batch's
    thread) alone writes reports, results.json, grades.csv and the gradebook, so a task Dask runs
    twice (a lost worker, a stolen task) is still written exactly once;
  - each worker thread keeps one warm launcher (a ZygoteLauncher on Linux) for the whole batch,
    made by LauncherPlugin and closed when the plugin is torn down;
  - a submission whose grading kills its worker is retried on another worker at most
    `retries` times (the scheduler's `allowed-failures`), then becomes a grader-side failure for
    that student (Outcome.error: nothing recorded, so a rerun tries again) while every other
    result is written.

  - a LocalCluster it starts serves Dask's dashboard where bokeh is installed (its link is
    printed; `pip install bokeh`), and is shut down cleanly: its workers are asked to close with
    time to finish (WORKER_CLOSE_S: a loaded machine exits a torch-importing worker slowly),
    never killed after Dask's default 4 s.

dask[distributed] is optional (`pip install loopgrader[dask]`): importing this module without it
raises DaskMissing.
"""
from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import sys
import threading
import traceback
from dataclasses import dataclass
from typing import Callable, Iterator

try:
    import dask
    from distributed import Client, LocalCluster, WorkerPlugin, as_completed, get_worker
    from distributed.scheduler import KilledWorker
except ImportError as exc:   # the optional extra is not installed
    raise ImportError("--scheduler needs Dask: pip install 'loopgrader[dask]'") from exc

from grader.batch.discover import Submission
from grader.batch.run import BatchSettings, Outcome, _grading_key
from grader.errors import GraderError
from grader.sandbox.confine import ConfinementUnavailable
from grader.load import file_hash
from grader.result import GradeResult

PLUGIN = "loopgrader-launchers"
DEFAULT_RETRIES = 2      # a submission may take down this many workers before it is given up
WORKER_CLOSE_S = 60      # how long a LocalCluster's worker may take to exit before it is killed


def dashboard_address() -> str | None:
    """Where a LocalCluster serves its dashboard: any free port where bokeh is installed (Dask
    needs it for the dashboard), else none (Dask would only warn)."""
    return ":0" if importlib.util.find_spec("bokeh") is not None else None


def dashboard_line(link: str | None) -> str:
    """The line printed when the cluster is up."""
    if link:
        return f"Dask dashboard: {link}"
    return "Dask dashboard: off (pip install bokeh to watch the workers)"


class LauncherPlugin(WorkerPlugin):
    """One warm launcher per worker thread, made on first use, all closed on teardown."""

    name = PLUGIN

    def __init__(self, launcher_factory: Callable):
        self.launcher_factory = launcher_factory

    def setup(self, worker) -> None:
        # per-process state, made on the worker (never pickled back)
        self._local = threading.local()
        self._made: list = []
        self._lock = threading.Lock()

    def launcher(self):
        """This thread's launcher (the worker runs one task per thread at a time)."""
        launcher = getattr(self._local, "launcher", None)
        if launcher is None:
            launcher = self._local.launcher = self.launcher_factory()
            with self._lock:
                self._made.append(launcher)
        return launcher

    def teardown(self, worker) -> None:
        with self._lock:
            made, self._made = self._made, []
        for launcher in made:
            close = getattr(launcher, "close", None)
            if close:
                close()


@dataclass(frozen=True)
class Graded:
    """What a worker sends back for one submission: the result, or why the grader failed."""
    result: GradeResult | None = None
    error: str = ""


def grade_task(submission: Submission, settings: BatchSettings, grade: Callable) -> Graded:
    """Run on a worker: grade one submission with this thread's warm launcher. A GraderError
    (a broken environment) is raised, and stops the batch; any other failure is this student's
    grader-side error."""
    launcher = get_worker().plugins[PLUGIN].launcher()
    try:
        return Graded(result=grade(submission, settings, launcher))
    except GraderError:
        raise
    except Exception:
        return Graded(error=traceback.format_exc())


def task_key(submission: Submission, settings: BatchSettings) -> str:
    """The task's Dask key: content hash, then what else decides the grade. Two students with
    the same file are two tasks (each report names the student's own file)."""
    try:
        content = file_hash(submission.path)
    except OSError:
        content = "unreadable"   # grade() reports it; the student part keeps the key unique
    rest = hashlib.sha256("\0".join([_grading_key(settings), str(settings.variant),
                                     submission.student]).encode()).hexdigest()[:16]
    return f"grade-{content[:24]}-{rest}"


def parse_scheduler(spec: str) -> tuple[str | None, int]:
    """"local:N" -> (None, N): a LocalCluster of N processes; anything else is an address."""
    if spec.startswith("local:"):
        n = spec.split(":", 1)[1]
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"--scheduler local:N needs a number of workers >= 1, not {spec!r}")
        return None, int(n)
    return spec, 0


class DaskPool:
    """A `pool` for grader.batch.run.run_batch: grades on the cluster at `scheduler`
    ("local:N" starts a LocalCluster of N single-threaded worker processes for this batch)."""

    def __init__(self, scheduler: str, *, retries: int = DEFAULT_RETRIES):
        self.address, self.n_local = parse_scheduler(scheduler)
        self.retries = retries

    def __call__(self, todo: list[Submission], settings: BatchSettings, *, grade: Callable,
                 warm: Callable, launcher_factory: Callable) -> Iterator[Outcome]:
        # the reference (and the batch's variant) once, here, before any worker wants it
        launcher = launcher_factory()
        try:
            warm(settings, launcher)
        finally:
            getattr(launcher, "close", lambda: None)()
        with self._client() as client:
            # a local cluster serves the dashboard only with bokeh here; a remote one, as it is set up
            served = self.address is not None or dashboard_address() is not None
            print(dashboard_line(_dashboard_link(client) if served else None), file=sys.stderr, flush=True)
            client.register_plugin(LauncherPlugin(launcher_factory), name=PLUGIN)
            try:
                yield from self._grade(client, todo, settings, grade)
            finally:
                try:
                    client.unregister_worker_plugin(PLUGIN)   # closes the workers' launchers
                except Exception:
                    pass   # the cluster is going away anyway

    def _client(self):
        if self.address:
            # a scheduler someone else runs: its own allowed-failures setting bounds retries
            return Client(self.address)
        # worker death is retried `retries` times, then the task errs with KilledWorker; a
        # worker holds only the task it runs (saturation 1.0), so a submission that kills its
        # worker never counts a death against a classmate queued behind it
        with dask.config.set({"distributed.scheduler.allowed-failures": self.retries,
                              "distributed.scheduler.worker-saturation": 1.0}):
            cluster = LocalCluster(n_workers=self.n_local, threads_per_worker=1, processes=True,
                                   dashboard_address=dashboard_address())
        return _OwnedClient(cluster)

    def _grade(self, client, todo, settings, grade) -> Iterator[Outcome]:
        by_key = {task_key(sub, settings): sub for sub in todo}
        pending = {key: client.submit(grade_task, sub, settings, grade, key=key, retries=0)
                   for key, sub in by_key.items()}
        finished = as_completed(list(pending.values()))
        try:
            for future in finished:
                if future.status not in ("finished", "error"):
                    # its worker died after computing it: Dask computes it again; wait for that
                    finished.add(future)
                    continue
                outcome = self._outcome(by_key[future.key], future)
                # forget the task once its result is here: a worker lost later does not
                # make the scheduler compute it again
                del pending[future.key]
                future.release()
                yield outcome
        finally:
            client.cancel(list(pending.values()))

    def _outcome(self, sub: Submission, future) -> Outcome:
        if future.status == "finished":
            graded: Graded = future.result()
            return Outcome(sub, graded.result, error=graded.error)
        exc = future.exception()
        if isinstance(exc, (GraderError, ConfinementUnavailable)):
            raise exc   # the worker's environment, not this student: stop the batch
        if isinstance(exc, KilledWorker):
            return Outcome(sub, error=f"grading this submission killed its Dask worker {self.retries + 1} "
                                      f"times; given up (a grader-side failure, not the student's score)\n{exc}")
        return Outcome(sub, error="".join(traceback.format_exception(exc)))


def _dashboard_link(client) -> str | None:
    """The scheduler's dashboard link, or None where it serves none."""
    try:
        info = client.scheduler_info()
        return client.dashboard_link if (info.get("services") or {}).get("dashboard") else None
    except Exception:
        return None


async def _close_workers(nannies, timeout: float) -> None:
    await asyncio.gather(*(nanny.close(timeout=timeout) for nanny in nannies), return_exceptions=True)


class _OwnedClient(Client):
    """A client that closes the LocalCluster it was made for: its workers first, each given
    WORKER_CLOSE_S to exit (Dask's own close kills a worker still alive after 4 s), then the
    cluster."""

    def __init__(self, cluster: LocalCluster):
        self._owned_cluster = cluster
        super().__init__(cluster)

    def __exit__(self, *exc):
        try:
            return super().__exit__(*exc)
        finally:
            cluster = self._owned_cluster
            try:
                cluster.sync(_close_workers, list(cluster.workers.values()), WORKER_CLOSE_S)
            finally:
                cluster.close()

