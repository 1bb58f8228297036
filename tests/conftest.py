"""Session-wide machinery for the slow tests, so the suite scales with the corpus.

- One warm launcher for the session (per xdist worker): `session_launcher` is a fork server for
  submission jobs and one with the reference in view for reference jobs, and it answers a job it
  has already run (the same job, limits and all) from memory: the corpus test and the self-check
  test of one file share one sandbox run of it.
- A fixed, seeded set of secret scenario variants per run: `--variant-seed N` or
  LOOPGRADER_TEST_SEED=N picks them (else the UTC date, YYYYMMDD); the seed is in pytest's header and
  in every corpus failure, so `LOOPGRADER_TEST_SEED=N python -m pytest tests/test_corpus.py -k NAME`
  reproduces one.
- Reference runs come from the grader's own signed cache ($LOOPGRADER_CACHE or
  ~/.cache/loopgrader, reused across runs while its key holds); a file lock keeps parallel workers
  from running the same reference twice.
- Under pytest-xdist (`-n auto --dist loadgroup`) every test of one corpus file is in the file's
  xdist group, so they run one after another on the same worker and share its gradings; without
  xdist they are put next to each other in the run order for the same reason.
"""
from __future__ import annotations

import fcntl
import json
import os
import pickle
import random
import time
import zlib
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path

import pytest

from corpus_index import CORPUS_GROUP

SEED_ENV = "LOOPGRADER_TEST_SEED"
SECRET_VARIANTS = 2      # secret variants per exercise in one run; each correct file is graded on one
MEMO_JOBS = 8            # sandbox outcomes a worker keeps (a file's tests run back to back)


def pytest_addoption(parser):
    parser.addoption("--variant-seed", type=int, default=None, metavar="N",
                     help=f"seed of the secret scenario variants the corpus is graded on "
                          f"(default: ${SEED_ENV}, else today's UTC date YYYYMMDD; printed in the header)")


def pytest_configure(config):
    seed = config.getoption("--variant-seed")
    if seed is None:
        # the day's date unless told: one set of variants (and of cached reference runs) for every
        # run of the day, another set the next day
        seed = int(os.environ.get(SEED_ENV) or time.strftime("%Y%m%d", time.gmtime()))
    # xdist's workers start after this, from this environment: they all take the same seed
    os.environ[SEED_ENV] = str(seed)


def variant_seed() -> int:
    return int(os.environ[SEED_ENV])


def pytest_report_header(config):
    seed = variant_seed()
    return (f"loopgrader: secret scenario variants from seed {seed} "
            f"(reproduce: {SEED_ENV}={seed} python -m pytest ...)")


def pytest_collection_modifyitems(config, items):
    """Without xdist, the tests of one corpus file run back to back (as loadgroup does)."""
    first: dict[str, int] = {}
    order = []
    for index, item in enumerate(items):
        mark = item.get_closest_marker("xdist_group")
        name = (mark.kwargs.get("name") or (mark.args[0] if mark.args else "")) if mark else ""
        key = first.setdefault(name, index) if name.startswith(CORPUS_GROUP) else index
        order.append((key, index, item))
    items[:] = [item for _, _, item in sorted(order, key=lambda t: (t[0], t[1]))]


class SessionLauncher:
    """The launcher contract (grader.sandbox.launch.SpawnLauncher) over two warm fork servers,
    with the outcomes of the last MEMO_JOBS submission jobs kept: a job's outcome is a function
    of the job, so running the identical job twice only costs time. Reference jobs are never
    kept here (the grader's signed disk cache holds their runs)."""

    def __init__(self):
        from grader.sandbox.zygote import ZygoteLauncher

        self.submissions = ZygoteLauncher()
        self.references = ZygoteLauncher(with_reference=True)
        self.memo: OrderedDict[str, bytes] = OrderedDict()
        self.runs = self.reused = 0

    @property
    def confined(self) -> bool:
        return self.submissions.confined

    def run(self, job: dict, *, timeout: float, memory_bytes: int, output_limit: int):
        if job.get("kind") == "reference":
            return self.references.run(job, timeout=timeout, memory_bytes=memory_bytes, output_limit=output_limit)
        key = json.dumps([job, timeout, memory_bytes, output_limit], sort_keys=True)
        kept = self.memo.get(key)
        if kept is None:
            outcome = self.submissions.run(job, timeout=timeout, memory_bytes=memory_bytes,
                                           output_limit=output_limit)
            self.runs += 1
            # kept as bytes: every caller gets its own copy (unpickling is faster than deepcopy)
            kept = self.memo[key] = pickle.dumps(outcome)
            while len(self.memo) > MEMO_JOBS:
                self.memo.popitem(last=False)
        else:
            self.reused += 1
            self.memo.move_to_end(key)
        return pickle.loads(kept)

    def close(self) -> None:
        self.submissions.close()
        self.references.close()


@pytest.fixture(scope="session")
def session_launcher():
    launcher = SessionLauncher()
    yield launcher
    launcher.close()


@pytest.fixture(scope="session")
def shared_tmp(tmp_path_factory, request) -> Path:
    """A folder every xdist worker of this run sees (the base temp's parent under xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if hasattr(request.config, "workerinput") else base


@contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class CorpusGrades:
    """Gradings of corpus files on the run's variants, through the session launcher.

    variant 0 is the public scenario (bug files, and self-check's recorded traces); each exercise
    gets SECRET_VARIANTS validated secret variants drawn from the run's seed, and each correct file
    is graded on the one its name hashes to."""

    def __init__(self, launcher: SessionLauncher, locks: Path, seed: int, traces: Path):
        from grader.reference_runs import default_cache_dir

        self.launcher, self.locks, self.seed, self.traces = launcher, locks, seed, traces
        self.cache = default_cache_dir()   # as the session began (a test may point it elsewhere)
        self._secret: dict[str, list[int]] = {}
        self._results: OrderedDict[str, bytes] = OrderedDict()   # the last MEMO_JOBS gradings
        self._recorded: dict[str, Path] = {}

    def _scenarios(self, ex) -> list[str]:
        from grader.engine import scenarios_for

        return list(dict.fromkeys(s for names in scenarios_for(ex, ex.entries("all")).values() for s in names))

    def references(self, exercise: str, variant: int) -> dict:
        """The reference runs of `variant` (from the disk cache, else run once for all workers)."""
        from grader.exercise import load_exercise
        from grader.reference_runs import reference_runs

        ex = load_exercise(exercise)
        with _locked(self.locks / f"{exercise}.v{variant}.lock"):
            return reference_runs(ex, self._scenarios(ex), "cpu", cache_dir=self.cache, launcher=self.launcher,
                                  variant=variant)

    def secret_variants(self, exercise: str) -> list[int]:
        """The run's secret variants of `exercise`: labels drawn from the seed, each made a secret
        variant with the reference cache's key (grader.variants), the first SECRET_VARIANTS whose
        reference shows what the checks need (grader.variants.problems)."""
        if exercise not in self._secret:
            from grader.exercise import load_exercise
            from grader.variants import LABEL_BITS, MAX_DRAWS, problems, secret_variant, variant_key

            ex = load_exercise(exercise)
            with _locked(self.locks / "variant-key.lock"):   # created once, not by two workers at once
                key = variant_key(self.cache)
            draws = random.Random(f"{self.seed}:{exercise}")
            tried, chosen = [], []
            while len(tried) < MAX_DRAWS and len(chosen) < SECRET_VARIANTS:
                tried.append(secret_variant(key, draws.randrange(1, 2 ** LABEL_BITS)))
                if not problems(ex, self.references(exercise, tried[-1])):
                    chosen.append(tried[-1])
            self._secret[exercise] = chosen or tried[:1]
        return self._secret[exercise]

    def secret_variant(self, exercise: str, path: Path) -> int:
        chosen = self.secret_variants(exercise)
        return chosen[zlib.crc32(f"{self.seed}:{path.name}".encode()) % len(chosen)]

    def grade(self, path: Path, exercise: str, variant: int):
        """`grader.engine.grade` of `path` on `variant`, graded once: every test of the file's
        xdist group (corpus, self-check, no-false-flags, report lines) gets its own copy of the
        same result (the parent's loading, verification and judging are per grading, not only
        the sandbox job the launcher keeps)."""
        from grader.engine import grade

        key = f"{Path(path).resolve()}\0{exercise}\0{int(variant)}"
        kept = self._results.get(key)
        if kept is None:
            self.references(exercise, variant)
            result = grade(str(Path(path).resolve()), exercise, launcher=self.launcher, variant=variant)
            kept = self._results[key] = pickle.dumps(result)
            while len(self._results) > MEMO_JOBS:
                self._results.popitem(last=False)
        else:
            self._results.move_to_end(key)
        return pickle.loads(kept)

    def recorded_traces(self, exercise: str) -> Path:
        """A student bundle's recorded reference traces of `exercise` (grader.engine.record_reference)."""
        if exercise not in self._recorded:
            from grader.engine import record_reference

            with _locked(self.locks / f"{exercise}.v0.lock"):
                record_reference(exercise, "cpu", self.traces)
            self._recorded[exercise] = self.traces
        return self._recorded[exercise]


@pytest.fixture(scope="session")
def corpus_grades(session_launcher, shared_tmp, tmp_path_factory) -> CorpusGrades:
    return CorpusGrades(session_launcher, shared_tmp / "reference-locks", variant_seed(),
                        tmp_path_factory.mktemp("recorded-traces"))


@pytest.fixture(scope="session", autouse=True)
def seeded_secret_variants(corpus_grades):
    """A grading that draws a secret variant (grader.engine.grade with variant=None, the reference
    from the grader's own cache) draws it from the run's seeded set instead of afresh: the tests
    still grade on a validated secret variant, reproducibly from the printed seed, and the
    reference runs once per variant for the whole run instead of once per such test (each fresh
    draw cost a reference run or more). grader.variants.choose_variant itself is untouched (its own
    tests draw afresh), as are gradings against recorded traces or a cache folder of their own."""
    import grader.engine

    original = grader.engine.choose_variant

    def choose_variant(exercise, scenarios, device, variant, *, reference_dir=None, cache_dir=None,
                       launcher=None):
        if variant is None and reference_dir is None and cache_dir is None and device == "cpu" \
                and exercise.builtin:
            variant = corpus_grades.secret_variants(exercise.name)[0]
        return original(exercise, scenarios, device, variant, reference_dir=reference_dir,
                        cache_dir=cache_dir, launcher=launcher)

    patch = pytest.MonkeyPatch()
    patch.setattr(grader.engine, "choose_variant", choose_variant)
    yield
    patch.undo()
