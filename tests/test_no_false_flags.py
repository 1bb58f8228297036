"""A flag accuses a student of tampering, so only evidence honest code cannot produce may raise
one. Honest runs that used to be flagged: validation under autocast (bfloat16/float16 figures
compared with a float32 recomputation), a run whose weights went NaN (the NaN's bits lost on the
way through JSON, so its digest no longer matched), a float64 model (its weights rounded to
float32 by the parent). Fast: the verification on hand-built traces; slow: every honest file of
the corpus graded, and a course exercise whose stale-gradient loop diverges."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from corpus_index import CORPUS, EXERCISES, corpus_group, expectation, submissions
from grader.exercise import load_exercise
from grader.trace.weights import decode_state, encode_state, state_digest
from grader.verify import forgery_flags

SGD_EXERCISE = Path(__file__).parent / "exercises" / "sgd_momentum"


def _through_json(records: list[dict]) -> list[dict]:
    """As the parent reads the trace: every record written as JSON and read back, numbered."""
    return [dict(json.loads(json.dumps(r)), seq=i) for i, r in enumerate(records)]


def _sweep_records(exercise, state: dict, out_dtype: str | None, variant: int = 0, autocast=None) -> list[dict]:
    """One epoch as the child writes it: a training forward, the weights snapshotted at the first
    validation forward, then one eval-mode sweep of the whole validation set in two batches whose
    losses are computed from `state` on `variant`'s data (under CPU autocast to `autocast`)."""
    from torch.func import functional_call

    setup = exercise.scenario_module().SCENARIOS["main"]("cpu", variant)
    x, y = setup.val_loader.dataset.tensors[:2]
    setup.model.eval()
    floating = next(t.dtype for t in state.values() if t.is_floating_point())
    forwards = [{"role": "train", "n": 32, "any_training": True, "loss": 1.0, "isum": 0}]
    for rows in (slice(0, len(x) // 2), slice(len(x) // 2, len(x))):
        with torch.no_grad(), torch.autocast("cpu", dtype=autocast or torch.bfloat16, enabled=autocast is not None):
            out = functional_call(setup.model, state, (x[rows].to(floating),))
        loss = float(setup.loss_fn(out.float(), setup.target(y[rows])))
        idx = range(len(x))[rows]
        forwards.append({"role": "val", "n": len(idx), "any_training": False, "loss": loss,
                         "isum": sum(idx), "out_dtype": out_dtype})
    digest = state_digest(state)
    snapshot = {"type": "snapshot", "scenario": "main", "index": 0, "digest": digest, "state": encode_state(state)}
    run = {"type": "run", "scenario": "main", "status": "ok", "final_state": encode_state(state),
           "snapshot_digests": [digest], "forwards": forwards, "steps": [],
           "weights": {"final_distance": [0.0], "snapshot_forwards": [1]}}
    events = [{"type": "event", "scenario": "main", "kind": "forwards", "index": i, "event": f}
              for i, f in enumerate(forwards)]
    return _through_json([snapshot, *events, run])


def _model_state(dtype=torch.float32) -> dict:
    setup = load_exercise("training_loop").scenario_module().SCENARIOS["main"]("cpu", 0)
    return {k: v.detach().to(dtype).clone() for k, v in setup.model.state_dict().items()}


def test_weights_cross_the_trace_bit_for_bit():
    """NaN sign and payload, infinities, float64 and bfloat16 come back exactly."""
    nan_neg = torch.tensor([0x7FC00000 | (1 << 31)], dtype=torch.int64).to(torch.int32).view(torch.float32)
    state = {"a": torch.cat([nan_neg, torch.tensor([float("inf"), -0.0, 1e-45])]),
             "b": torch.randn(3, 2, dtype=torch.float64), "c": torch.randn(4).bfloat16(),
             "d": torch.tensor([[float("nan")]], dtype=torch.float16)}
    back = decode_state(json.loads(json.dumps(encode_state(state))))
    for k, t in state.items():
        assert back[k].dtype == t.dtype and back[k].shape == t.shape
        width = {8: torch.int64, 4: torch.int32, 2: torch.int16}[t.element_size()]
        assert torch.equal(back[k].view(width), t.view(width)), k
    assert state_digest(back) == state_digest(state)
    with pytest.raises(ValueError):
        decode_state({"a": {"dtype": "float32", "shape": [2], "hex": "0000"}})


def test_a_diverged_run_is_never_a_flag():
    """NaN weights (negative NaN, as 0 * inf gives on x86) and NaN losses: nothing to recompute,
    nothing to accuse; the checks that need the figures fail on their own."""
    ex = load_exercise("training_loop")
    state = _model_state()
    state["0.weight"][0, 0] = torch.tensor(0.0) * torch.tensor(float("inf"))
    assert state["0.weight"][0, 0].view(torch.int32) < 0          # the sign bit is set
    records = _sweep_records(ex, state, "float32")
    assert all(math.isnan(f["loss"]) for f in records[-1]["forwards"][1:])
    assert forgery_flags(ex, records, 0, "cpu", 0) == []


@pytest.mark.parametrize("low", [torch.bfloat16, torch.float16], ids=["bf16", "fp16"])
def test_validation_under_autocast_is_compared_in_its_precision(low):
    ex = load_exercise("training_loop")
    name = str(low).removeprefix("torch.")
    honest = _sweep_records(ex, _model_state(), name, autocast=low)
    assert forgery_flags(ex, honest, 0, "cpu", 0) == []
    # the same figures replayed on another variant's data are still not believed
    flags = forgery_flags(ex, honest, 0, "cpu", 7)
    assert flags and "validation loss" in flags[0]


def test_a_float64_model_keeps_its_precision():
    ex = load_exercise("training_loop")
    state = _model_state(torch.float64)
    state["0.bias"] += 1e-12          # a difference float32 cannot hold
    records = _sweep_records(ex, state, "float64")
    assert decode_state(records[0]["state"])["0.bias"].dtype == torch.float64
    assert forgery_flags(ex, records, 0, "cpu", 0) == []


# ------------------------------------------------------------------ slow: graded in the sandbox

def _honest(path: Path) -> bool:
    """Correct files and one-bug files; not the integrity bug files, whose one bug is patching torch."""
    expect = expectation(path)
    return bool(expect.get("pass")) or ("fail" in expect and "integrity" not in expect["fail"])


HONEST = [pytest.param(ex, p, id=f"{ex}/{p.name}", marks=pytest.mark.xdist_group(corpus_group(ex, p)))
          for ex in EXERCISES for p in submissions(ex) if _honest(p)]


def _gradings(request, exercise: str, path: Path) -> list:
    """(variant, result) of the file as tests/test_corpus.py grades it: through the session's
    shared gradings where tests/conftest.py provides them (one sandbox run for both tests), on the
    public variant and, for a correct file, the run's secret one; else a plain grade, public."""
    try:
        shared = request.getfixturevalue("corpus_grades")
    except pytest.FixtureLookupError:
        from grader.engine import grade

        return [(0, grade(path, exercise, variant=0))]
    variants = [0] + ([shared.secret_variant(exercise, path)] if expectation(path).get("pass") else [])
    return [(v, shared.grade(path, exercise, v)) for v in variants]


@pytest.mark.slow
@pytest.mark.parametrize("exercise,path", HONEST)
def test_no_honest_corpus_file_is_flagged(exercise, path, request):
    for variant, result in _gradings(request, exercise, path):
        assert not result.flagged, f"variant {variant}: {result.flag_reasons}"


@pytest.mark.slow
def test_a_diverging_sgd_momentum_loop_is_charged_not_flagged():
    """A course exercise with SGD and momentum: the loop that never clears its gradients diverges to
    NaN within a few epochs. Its checks fail; the submission is not accused of tampering."""
    from grader.engine import grade

    bug = CORPUS / "sgd_momentum" / "bug_zero_grad_missing.py"
    result = grade(bug, str(SGD_EXERCISE), variant=0)
    assert not result.flagged, result.flag_reasons
    by_id = {c.id: c for c in result.checks}
    for check_id in expectation(bug)["fail"]:
        assert by_id[check_id].score == 0, check_id
    assert by_id["integrity"].score == by_id["integrity"].max_score
    correct = grade(CORPUS / "sgd_momentum" / "ok_basic.py", str(SGD_EXERCISE), variant=0)
    assert not correct.flagged and correct.score == correct.max_score, [
        (c.id, c.observed) for c in correct.checks if c.score < c.max_score]
