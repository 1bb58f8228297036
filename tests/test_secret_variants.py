"""Secret scenario variants (grader.variants): a job cannot know or derive the variant it is graded
on, so traces recorded in advance are useless. Fast: the parts (seeds from a key, the variant's
tensors as the job's only view of it). Slow: the replay attack (tests/corpus/broken/
forge_replay_variants.py) armed with genuine traces of every variant its author could derive,
graded by `grade`, `batch` and the Gradescope runner."""
from __future__ import annotations

import base64
import hashlib
import importlib
import json
import pickle
import shutil
import zlib
from pathlib import Path

import pytest
import torch

from corpus_index import CORPUS, EXERCISES
from exercises.common import load_variant_state, variant_seed, variant_state
from grader.exercise import load_exercise
from grader.reference_runs import derived_epochs, reference_runs, variant_job_fields
from grader.variants import SecretVariant, fresh_variant, problems, secret_variant, variant_key

ATTACK = CORPUS / "broken" / "forge_replay_variants.py"
CORRECT = CORPUS / "early_stopping" / "ok_bad_epochs_counter.py"
DERIVABLE = (0, 1)   # the public variant and a probe variant: what reading the code lets anyone build


def _tensors(setup) -> list[torch.Tensor]:
    out = list(setup.model.state_dict().values())
    for loader in (setup.train_loader, setup.val_loader):
        for _ in range(2):   # two passes: the shuffled order of each epoch
            for batch in loader:
                out += list(batch)
    return out


def _same(a, b) -> bool:
    ta, tb = _tensors(a), _tensors(b)
    return len(ta) == len(tb) and all(torch.equal(x, y) for x, y in zip(ta, tb))


# ----------------------------------------------------------------- fast

def test_a_secret_variant_depends_on_the_key_not_only_on_its_label(tmp_path):
    one, other = variant_key(tmp_path / "a"), variant_key(tmp_path / "b")
    v = fresh_variant(one)
    assert 0 < v < 2 ** 63 and fresh_variant(one) != v              # drawn from 63 bits
    assert variant_seed(7, v) == variant_seed(7, secret_variant(one, int(v)))   # reproducible with the key
    assert variant_seed(7, v) != variant_seed(7, secret_variant(other, int(v)))  # another key: other data
    assert variant_seed(7, v) != variant_seed(7, int(v))            # the label alone derives nothing
    assert variant_seed(7, 0) == 7                                   # the public variant
    assert (tmp_path / "a" / ".loopgrader-key").stat().st_mode & 0o077 == 0


def test_a_secret_variant_pickles_with_its_secret_for_the_graders_own_workers(tmp_path):
    v = fresh_variant(variant_key(tmp_path))
    again = pickle.loads(pickle.dumps(v))
    assert again == v and again.secret == v.secret and json.loads(json.dumps({"v": v}))["v"] == int(v)


@pytest.mark.parametrize("exercise", EXERCISES)
def test_the_public_objects_loaded_with_a_variants_tensors_are_that_variant(exercise, tmp_path):
    """What the job builds (the public scenario, then the tensors the parent sent) is exactly what
    the parent builds for the secret variant: the reference, the submission and the parent's
    recomputation all see the same data and initial weights."""
    v = fresh_variant(variant_key(tmp_path))
    scenarios = importlib.import_module(f"exercises.{exercise}.scenario").SCENARIOS
    for name, build in scenarios.items():
        state = json.loads(json.dumps(variant_state(build("cpu", v))))   # as the job file carries it
        assert _same(load_variant_state(build("cpu", 0), state), build("cpu", v)), name
        assert not _same(build("cpu", 0), build("cpu", v)), name


def test_a_job_holds_the_variants_tensors_never_its_label_or_seeds(tmp_path):
    ex = load_exercise("early_stopping")
    v = fresh_variant(variant_key(tmp_path))
    fields = variant_job_fields(ex, ["fires", "budget"], v)
    text = json.dumps(fields)
    seeds = [variant_seed(s, v) for s in (2, 12, 22)]   # data, split, initial weights
    for secret in [str(int(v)), v.secret.hex(), *map(str, seeds)]:
        assert secret not in text
    assert set(fields) == {"variant_state"} and variant_job_fields(ex, ["fires"], 0) == {}
    # the shuffle order is the loader's own (a one-way value of the secret, like the data)
    assert fields["variant_state"]["fires"]["shuffle"] == variant_seed(12, v) + 1


def _ran(epochs: int) -> dict:
    """A reference run record as far as derived_epochs reads it: one validation loss per epoch."""
    return {"history": {"keys": {"val_loss": {"items": [{"value": 1.0}] * epochs}}}}


def test_a_budget_derived_from_another_scenarios_run_reaches_the_job(tmp_path):
    """early_stopping's `budget` on a secret variant: one epoch short of where `fires` (the same
    data, weights and draws) stopped, so the stop is never due inside it, by construction rather
    than by redrawing variants; the job's objects get that budget with the tensors."""
    ex = load_exercise("early_stopping")
    v = fresh_variant(variant_key(tmp_path))
    epochs = derived_epochs(ex, ["fires", "budget"], {"fires": _ran(19)}, v)
    assert epochs == {"budget": 18}
    assert derived_epochs(ex, ["fires", "budget"], {"fires": _ran(19)}, 0) == {}   # public: as written
    assert derived_epochs(ex, ["fires"], {"fires": _ran(19)}, v) == {}
    # the source is fetched when the caller has not got it
    assert derived_epochs(ex, ["budget"], {}, v, fetch=lambda name: _ran(7)) == {"budget": 6}
    fields = variant_job_fields(ex, ["fires", "budget"], v, epochs)
    state = json.loads(json.dumps(fields["variant_state"]["budget"]))
    build = importlib.import_module("exercises.early_stopping.scenario").SCENARIOS["budget"]
    assert load_variant_state(build("cpu", 0), state).epochs == 18
    assert "epochs" not in fields["variant_state"]["fires"]
    for bad in (0, -3, 2.5, "18", True, 10**9):
        with pytest.raises(ValueError):
            load_variant_state(build("cpu", 0), dict(state, epochs=bad))


@pytest.mark.slow
def test_drawn_early_stopping_variants_stop_where_each_scenario_needs(tmp_path):
    """Two fresh secret variants: `budget` never stops early and its best epoch is 1..patience-1
    before its last; `fires` stops (grader.variants.problems names no budget problem)."""
    ex = load_exercise("early_stopping")
    key = variant_key(tmp_path)
    for _ in range(2):
        v = fresh_variant(key)
        refs = reference_runs(ex, ["fires", "budget"], "cpu", cache_dir=tmp_path, variant=v)
        # what the derived budget decides: budget's stop not firing, not due at its last epoch,
        # a best epoch before its last; and fires still stopping inside its own budget (whether an
        # improvement follows a bad epoch before fires' stop is the variant's draw, not this rule's)
        decided = [p for p in problems(ex, refs)
                   if p.startswith("budget:") or "does not fire inside the budget" in p]
        assert not decided, decided


def test_a_variant_not_drawn_leaves_nothing_in_the_cache(tmp_path, monkeypatch):
    """Rejected candidates are forgotten (drawn afresh per grading: never read again)."""
    import grader.variants as variants

    ex = load_exercise("training_loop")
    forgotten, drawn = [], []

    def runs(exercise, scenarios, device, *, variant, **kwargs):
        drawn.append(variant)
        return {"bad" if len(drawn) < 3 else "good": {}}

    monkeypatch.setattr(variants, "reference_runs", runs)
    monkeypatch.setattr(variants, "problems", lambda exercise, refs: ["x"] if "bad" in refs else [])
    monkeypatch.setattr(variants, "forget_variant", lambda e, s, d, v, **k: forgotten.append(v))
    variant, _ = variants.choose_variant(ex, ["main"], "cpu", None, cache_dir=tmp_path)
    assert isinstance(variant, SecretVariant) and variant == drawn[-1] and forgotten == drawn[:2]


# ----------------------------------------------------------------- slow: the replay attack

class _Capturing:
    """A launcher that keeps the submission job's records (the attacker's offline recording)."""

    def __init__(self):
        from grader.sandbox.launch import SpawnLauncher
        self.inner, self.records = SpawnLauncher(), []

    def run(self, job, **kwargs):
        outcome = self.inner.run(job, **kwargs)
        if job["kind"] == "submission":
            self.records = outcome.records
        return outcome


def _replayable(records: list[dict]) -> dict[str, list[dict]]:
    """scenario -> the records the child wrote for it after its "start", its run record last."""
    out, current = {}, None
    for record in records:
        record = {k: v for k, v in record.items() if k != "seq"}
        if record.get("type") == "start":
            current = out.setdefault(record["scenario"], [])
        elif record.get("type") in ("done", "boot", "load"):
            current = None
        elif current is not None:
            current.append(record)
    return out


def _fingerprint(exercise: str, variant: int) -> str:
    module = load_exercise(exercise).scenario_module()
    setup = module.SCENARIOS[module.PRIMARY]("cpu", variant)
    return hashlib.sha256(setup.train_loader.dataset.tensors[0].numpy().tobytes()).hexdigest()


@pytest.fixture(scope="module")
def armed_attack(tmp_path_factory) -> Path:
    """The attack with genuine traces of a correct loop on every derivable variant (graded by
    the grader itself, as its author would offline), in the submission file itself."""
    from grader.engine import grade

    table = {}
    for variant in DERIVABLE:
        capture = _Capturing()
        result = grade(str(CORRECT), "early_stopping", launcher=capture, variant=variant)
        assert result.score == result.max_score and not result.flagged, result.runtime
        table[_fingerprint("early_stopping", variant)] = _replayable(capture.records)
    blob = base64.b64encode(zlib.compress(json.dumps(table).encode(), 9)).decode()
    path = tmp_path_factory.mktemp("attack") / "train.py"
    path.write_text(ATTACK.read_text().replace('TABLE = ""', f'TABLE = "{blob}"'))
    return path


def _explain(result) -> str:
    return "\n".join(f"{c.id}: {c.status} {c.score:g}: {c.observed}" for c in result.checks) \
        + f"\nruntime: {result.runtime}\nflagged: {result.flagged}\noutput: {result.output[-800:]}"


@pytest.mark.slow
def test_replay_works_where_the_variant_is_derivable(armed_attack):
    """The control: on the public variant the recorded trace is genuine for the data, and the
    attack takes every point. So a zero on a secret variant comes from the secret alone."""
    from grader.engine import grade

    result = grade(str(armed_attack), "early_stopping", variant=0)
    assert result.score == result.max_score and not result.flagged, _explain(result)


@pytest.mark.slow
def test_grade_gives_replay_no_points(armed_attack):
    from grader.engine import grade

    result = grade(str(armed_attack), "early_stopping")
    assert result.runtime["variant"] not in DERIVABLE
    assert result.score == 0, _explain(result)
    assert "replay: no recorded trace for this data" in result.output, _explain(result)


@pytest.mark.slow
def test_batch_gives_replay_no_points(armed_attack, tmp_path):
    from grader.batch.run import BatchSettings, run_batch

    klass = tmp_path / "class"
    (klass / "mallory").mkdir(parents=True)
    shutil.copyfile(armed_attack, klass / "mallory" / "train.py")
    settings = BatchSettings(exercise="early_stopping", out=tmp_path / "out", jobs=1, cache_dir=str(tmp_path / "cache"))
    [outcome] = run_batch(klass, settings)
    assert not outcome.error and settings.variant not in DERIVABLE
    assert outcome.result.score == 0, _explain(outcome.result)


@pytest.mark.slow
def test_gradescope_runner_gives_replay_no_points(armed_attack, tmp_path, monkeypatch):
    """The zip's secret variants come from a key made for this export, stored beside its traces
    (out of a job's view): the attacker's derivable variants are not among them. The zip's
    runner code (gradescope_run.results) grades here with this checkout's grader, so the job's
    exercise folder is the package's (test_export runs the unpacked zip's own copy)."""
    import grader.bundle.gradescope as gradescope
    from grader.bundle.gradescope_run import results
    from test_export import unpack

    monkeypatch.setattr(gradescope, "SECRET_VARIANTS", 1)   # one is enough to show it (each costs runs)
    zip_path = gradescope.write_zip("early_stopping", tmp_path / "ag.zip")
    root = unpack(zip_path, tmp_path / "autograder")
    config = json.loads((root / "source" / "autograder.json").read_text())
    traces = root / "source" / config["traces"]
    assert (traces / ".loopgrader-key").is_file()
    labels = {p.name.split(".v")[1].split(".")[0] for p in (traces / "early_stopping").glob("*.v*.json")}
    assert labels and not labels & {str(v) for v in DERIVABLE}
    shutil.copyfile(armed_attack, root / "submission" / "train.py")
    data = results(root, config)
    assert data["score"] == 0, json.dumps(data)[:3000]


def test_a_gradescope_zips_key_and_traces_are_out_of_a_jobs_view(tmp_path, monkeypatch):
    """The runner puts loopgrader/ on PYTHONPATH; a job's view binds its grader/ and exercises/
    packages only, never the traces folder beside them that holds the key and the references."""
    import sys

    from grader.sandbox import confine

    source = tmp_path / "autograder" / "source" / "loopgrader"
    for sub in ("grader", "exercises", "traces/early_stopping"):
        (source / sub).mkdir(parents=True)
    key = source / "traces" / ".loopgrader-key"
    key.write_bytes(b"k" * 32)
    monkeypatch.setattr(confine, "_grader_root", lambda: source / "grader")
    monkeypatch.setattr(confine, "_exercises_root", lambda: source / "exercises")
    monkeypatch.setattr(sys, "path", [str(source), *sys.path])
    bound = confine.read_only_paths()
    assert not [p for p in bound if str(key).startswith(p.rstrip("/") + "/")], bound
