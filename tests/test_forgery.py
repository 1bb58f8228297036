"""The grade cannot be forged: every file in tests/corpus/broken/forge_*.py is an attack on the
grade itself (replayed records, rebound grader code, edited recorder state, code run from
history values, torch patched after the last look, made-up numbers). Each declares what must
come of it in its header:

    # expect-forgery: flagged               the whole submission is flagged for review, 0 points
    # expect-forgery: zero                  0 points (flagged or not)
    # expect-forgery: fails a, b            not flagged; the targeted checks a, b score 0
    # forbidden-output: TEXT                TEXT never appears in the captured output (a payload
                                            that must never run)
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import torch

from corpus_index import CORPUS, header
from grader.engine import grade

FORGERIES = sorted((CORPUS / "broken").glob("forge_*.py"))


def forgery_expectation(path) -> dict:
    text = header(path)
    out = {"exercise": re.search(r"^#\s*exercise:\s*(\w+)", text, re.M).group(1)}
    verdict = re.search(r"^#\s*expect-forgery:\s*(.+)$", text, re.M).group(1).strip()
    if verdict in ("flagged", "zero"):
        out["verdict"] = verdict
    else:
        failing = re.fullmatch(r"fails\s+([\w ,]+)", verdict)
        assert failing, f"{path.name}: unreadable expect-forgery header {verdict!r}"
        out["verdict"] = "fails"
        out["fails"] = [c.strip() for c in failing.group(1).split(",") if c.strip()]
    if m := re.search(r"^#\s*forbidden-output:\s*(.+)$", text, re.M):
        out["forbidden"] = m.group(1).strip()
    return out


def test_every_forgery_declares_a_verdict():
    assert len(FORGERIES) >= 6
    for path in FORGERIES:
        assert forgery_expectation(path)["verdict"] in ("flagged", "zero", "fails")


@pytest.mark.slow
@pytest.mark.parametrize("path", FORGERIES, ids=[p.name for p in FORGERIES])
def test_forgery_is_contained(path):
    expect = forgery_expectation(path)
    result = grade(path, expect["exercise"], timeout=90, memory="3G")
    explain = "\n".join(f"{c.id}: {c.status} {c.score:g}: {c.observed}" for c in result.checks) \
        + f"\nruntime: {result.runtime}\nflagged: {result.flagged}\noutput: {result.output[-1500:]}"
    if result.flagged:
        assert result.score == 0 and all(c.score == 0 for c in result.checks), explain
        assert result.flag_reasons, explain
    if expect["verdict"] == "flagged":
        assert result.flagged, explain
    elif expect["verdict"] == "zero":
        assert result.score == 0, explain
    else:
        by_id = {c.id: c for c in result.checks}
        for check_id in expect["fails"]:
            assert by_id[check_id].score == 0, explain
    if "forbidden" in expect:
        assert expect["forbidden"] not in result.output, explain


# ----------------------------------------------------------------- fast: the parts, one by one

def test_history_values_run_no_code_and_keep_their_type():
    """Only exact built-ins are read; a subclass is named, never asked (no method of it runs)."""
    import numpy as np

    from grader.job.observe.history import describe_history

    ran = []

    class Loss(float):
        def __float__(self):
            ran.append("__float__")
            return 0.0

        def __repr__(self):
            ran.append("__repr__")
            return "0.0"

        def __eq__(self, other):
            ran.append("__eq__")
            return True

        __hash__ = float.__hash__

    class Epoch(int):
        def __index__(self):
            ran.append("__index__")
            return 0

    out = describe_history({"train_loss": [0.5, Loss(0.25)], "val_loss": (0.4, torch.tensor(0.3)),
                            "best_epoch": Epoch(2), "extra": np.int64(3)})
    assert ran == []
    keys = out["keys"]
    assert keys["train_loss"]["items"] == [{"kind": "float", "value": 0.5}, {"kind": "Loss"}]
    assert keys["val_loss"]["items"][1]["kind"] == "tensor" and keys["val_loss"]["items"][1]["value"] == pytest.approx(0.3)
    assert keys["best_epoch"]["item"] == {"kind": "Epoch"}
    assert keys["extra"]["item"] == {"kind": "int64", "value": 3.0}


def _inline(table) -> list[str]:
    """The comparison grader.job.child makes inline, in a frame student code cannot alter."""
    return [e[0] for e in table if e[1].get(e[2]) is not e[3] or (e[4] is not None and e[3].__code__ is not e[4])]


def test_fingerprint_sees_code_swaps_rebinding_and_closure_edits():
    import grader.job.observe.recorder as recorder
    from grader.job.observe import journal, patches

    base = patches.fingerprint({"writer": (lambda n: lambda: n)(1)})
    assert patches.changed_since(base) == [] and _inline(base) == []
    original_code = recorder.Recorder.finish.__code__
    original_seal = journal.seal
    try:
        recorder.Recorder.finish.__code__ = (lambda self: {}).__code__
        assert "grader.job.observe.recorder.Recorder.finish" in _inline(base)
        assert "grader.job.observe.recorder.Recorder.finish" in patches.changed_since(base)
        recorder.Recorder.finish.__code__ = original_code
        journal.seal = lambda *a: None
        assert "grader.job.observe.journal.seal" in _inline(base)
    finally:
        recorder.Recorder.finish.__code__ = original_code
        journal.seal = original_seal
    assert patches.changed_since(base) == [] and _inline(base) == []
    writer = dict((e[0], e[3]) for e in base)["extra.writer"]
    writer.__closure__[0].cell_contents = 2
    assert patches.extra_changed(base, {"writer": writer}) == ["extra.writer"]


def _public_run(exercise: str, scenario: str, variant: int) -> tuple[dict, dict]:
    """(final_state, final_eval) of an untrained model on a scenario variant, evaluated the
    way the child's recorder does."""
    from grader.exercise import load_exercise
    from grader.trace.weights import encode_state

    ex = load_exercise(exercise)
    setup = ex.scenario_module().SCENARIOS[scenario]("cpu", variant)
    setup.model.eval()
    loss_fn, total, n = setup.loss_fn.__class__(), 0.0, 0
    with torch.no_grad():
        for x, y in setup.val_loader:
            total += float(loss_fn(setup.model(x).float(), setup.target(y))) * len(x)
            n += len(x)
    return encode_state(setup.model.state_dict()), {"val_loss": total / n}


def _run_record(scenario, state, claimed, digests=(), distances=None):
    return {"type": "run", "scenario": scenario, "status": "ok", "final_state": state,
            "final_eval": claimed, "snapshot_digests": list(digests),
            "weights": {"final_distance": [0.5] * len(digests) if distances is None else distances}}


def _as_written(records: list[dict]) -> list[dict]:
    """Records as the grader's child writes them: each run's forwards and steps streamed as
    events before it, every record numbered in order (grader.job.child.run_job)."""
    out = []
    for r in records:
        if r.get("type") == "run":
            for kind in ("forwards", "steps"):
                out += [{"type": "event", "scenario": r["scenario"], "kind": kind, "index": i, "event": e}
                        for i, e in enumerate(r.get(kind) or [])]
        out.append(r)
    return [dict(r, seq=i) for i, r in enumerate(out)]


def test_the_parent_evaluates_the_returned_weights_itself():
    """final_eval is the parent's figure from the returned weights on the variant it drew: what
    the trace claims is replaced (a replay of the public run's claim is worth nothing), and weights
    that are not weights give an error, not a number."""
    from grader.exercise import load_exercise
    from grader.verify import evaluate_runs, forgery_flags

    ex = load_exercise("training_loop")
    state, claimed = _public_run("training_loop", "main", 0)
    public = _as_written([_run_record("main", state, {"val_loss": 0.0})])
    evaluate_runs(ex, public, 0)
    assert public[-1]["final_eval"]["val_loss"] == pytest.approx(claimed["val_loss"], rel=1e-6)
    secret = _as_written([_run_record("main", state, dict(claimed))])
    evaluate_runs(ex, secret, 7)
    assert secret[-1]["final_eval"]["val_loss"] != pytest.approx(claimed["val_loss"], rel=1e-3)
    assert forgery_flags(ex, secret, 0, "cpu", 7) == []
    broken = _as_written([_run_record("main", {"0.weight": {"dtype": "float32", "shape": [2], "hex": "00"}}, claimed)])
    evaluate_runs(ex, broken, 0)
    assert "error" in broken[-1]["final_eval"]


def test_parent_flags_records_the_child_never_writes():
    from grader.exercise import load_exercise
    from grader.job.observe.journal import state_digest
    from grader.trace.weights import decode_state
    from grader.verify import TAMPER_EXIT, forgery_flags

    ex = load_exercise("training_loop")
    state, claimed = _public_run("training_loop", "main", 0)
    real = state_digest(decode_state(state))
    snap = {"type": "snapshot", "scenario": "main", "index": 0, "digest": real, "state": state}
    assert forgery_flags(ex, _as_written([snap, _run_record("main", state, claimed, [real])]), 0, "cpu", 0) == []
    assert "snapshots were changed" in " ".join(
        forgery_flags(ex, _as_written([snap, _run_record("main", state, claimed, ["bb"])]), 0, "cpu", 0))
    # the trace claims the returned weights are snapshot 0's (restored best): only if they are
    assert forgery_flags(ex, _as_written([snap, _run_record("main", state, claimed, [real], [0.0])]), 0, "cpu", 0) == []
    other = dict(snap, digest="aa")
    assert "digest is not that of its weights" in " ".join(
        forgery_flags(ex, _as_written([other, _run_record("main", state, claimed, ["aa"], [0.0])]), 0, "cpu", 0))
    bare_snap = {k: v for k, v in snap.items() if k != "state"}
    assert "not weights the grader's child wrote" in " ".join(
        forgery_flags(ex, _as_written([bare_snap, _run_record("main", state, claimed, [real])]), 0, "cpu", 0))
    assert "2 run records" in " ".join(
        forgery_flags(ex, _as_written([_run_record("main", state, claimed)] * 2), 0, "cpu", 0))
    bare = {"type": "run", "scenario": "main", "status": "ok", "final_eval": claimed}
    assert "lacks" in " ".join(forgery_flags(ex, _as_written([bare]), 0, "cpu", 0))
    assert "trace writer" in " ".join(forgery_flags(ex, _as_written([]), TAMPER_EXIT, "cpu", 0))


def test_parent_flags_validation_losses_recorded_on_other_data():
    """An epoch's weights (streamed when snapshotted) evaluated here must give the losses the
    trace recorded for that epoch's validation sweep: records replayed from the public data
    do not, on a secret variant, even with the final evaluation left out."""
    from grader.exercise import load_exercise
    from grader.job.observe.journal import state_digest
    from grader.trace.weights import decode_state
    from grader.verify import forgery_flags

    ex = load_exercise("training_loop")
    state, claimed = _public_run("training_loop", "main", 0)
    real = state_digest(decode_state(state))
    n_val = len(ex.scenario_module().SCENARIOS["main"]("cpu").val_loader.dataset)
    halves = [n_val // 2, n_val - n_val // 2]          # any batching of one eval-mode sweep
    sweep = [{"role": "train", "n": 32, "any_training": True, "loss": 1.0, "isum": 0},
             {"role": "val", "n": halves[0], "any_training": False, "loss": claimed["val_loss"],
              "isum": sum(range(halves[0]))},
             {"role": "val", "n": halves[1], "any_training": False, "loss": claimed["val_loss"],
              "isum": sum(range(halves[0], n_val))}]
    snap = {"type": "snapshot", "scenario": "main", "index": 0, "digest": real, "state": state}
    run = dict(_run_record("main", state, {"error": "left out"}, [real]), forwards=sweep,
               weights={"final_distance": [0.5], "snapshot_forwards": [1]})
    assert forgery_flags(ex, _as_written([snap, run]), 0, "cpu", 0) == []
    flags = forgery_flags(ex, _as_written([snap, run]), 0, "cpu", 7)
    assert flags and "epoch 1's weights give a validation loss" in flags[0]
    train_mode = dict(run, forwards=[dict(f, any_training=True) for f in sweep])
    assert forgery_flags(ex, _as_written([snap, train_mode]), 0, "cpu", 7) == []   # not one eval sweep: not compared


def test_parent_flags_a_trace_the_submission_wrote_into():
    """The child numbers its records and streams each event as recorded: a record injected, one
    swallowed (an unreadable line), an event edited after it left, or a profiling hook running
    while events were recorded are each a reason to flag; an honest trace is none of these."""
    from grader.exercise import load_exercise
    from grader.verify import forgery_flags

    ex = load_exercise("training_loop")
    state, claimed = _public_run("training_loop", "main", 0)
    forwards = [{"role": "val", "n": 4, "grad": True, "loss": 0.5}]
    run = dict(_run_record("main", state, claimed), forwards=forwards, steps=[])
    honest = _as_written([{"type": "load"}, run, {"type": "done"}])
    assert forgery_flags(ex, honest, 0, "cpu", 0) == []
    injected = honest[:1] + [{"type": "load", "seq": 1}] + honest[1:]
    assert "something other than the grader" in " ".join(forgery_flags(ex, injected, 0, "cpu", 0))
    unnumbered = honest[:1] + [{"type": "note"}] + honest[1:]
    assert "without its number" in " ".join(forgery_flags(ex, unnumbered, 0, "cpu", 0))
    swallowed = [r for r in honest if r["type"] != "event"]     # an event's line was spoiled
    assert "something other than the grader" in " ".join(forgery_flags(ex, swallowed, 0, "cpu", 0, dropped=1))
    assert "did not write whole" in " ".join(forgery_flags(ex, honest, 0, "cpu", 0, dropped=1))
    edited = [dict(r, forwards=[dict(forwards[0], grad=False)]) if r["type"] == "run" else r for r in honest]
    assert "forwards were changed after they were recorded" in " ".join(forgery_flags(ex, edited, 0, "cpu", 0))
    hooked = [dict(r, hooked=True) if r["type"] == "event" else r for r in honest]
    assert "profiling or tracing hook" in " ".join(forgery_flags(ex, hooked, 0, "cpu", 0))
    # a NaN loss streamed and held is the same event (compared as canonical JSON)
    nan_run = dict(run, forwards=[dict(forwards[0], loss=float("nan"))])
    streamed = _as_written([nan_run])
    for r in streamed:
        if r["type"] == "event":
            r["event"] = dict(r["event"], loss=float("nan"))
    assert forgery_flags(ex, streamed, 0, "cpu", 0) == []


def test_parent_survives_run_records_shaped_to_break_it():
    """A run record for a scenario the exercise does not have, or with fields of the wrong
    type, is a flag, never an exception in the grader (it used to raise KeyError)."""
    from grader.exercise import load_exercise
    from grader.verify import forgery_flags

    ex = load_exercise("training_loop")
    odd = _as_written([{"type": "run", "scenario": "basic", "status": "ok", "final_state": {},
                        "snapshot_digests": []}])
    assert forgery_flags(ex, odd, 0, "cpu", 0) == []          # the engine flags the unknown scenario
    broken = _as_written([{"type": "run", "scenario": "main", "status": "ok", "final_state": {"w": "x"},
                           "snapshot_digests": [], "final_eval": {"val_loss": 1.0}, "weights": 7}])
    assert "could not be verified" in " ".join(forgery_flags(ex, broken, 0, "cpu", 0))


def test_the_child_clears_interpreter_hooks_and_names_them():
    import sys
    import threading

    from grader.job.observe.journal import clear_hooks, hooks_set

    def hook(*args):
        return None
    old = sys.getprofile(), sys.gettrace()
    try:
        sys.setprofile(hook)
        assert hooks_set() == ["sys.setprofile"]
        threading.setprofile(hook)
        clear_hooks()
        assert hooks_set() == [] and threading.getprofile() is None
    finally:
        sys.setprofile(old[0])
        sys.settrace(old[1])


def test_variant_zero_is_the_public_scenario_and_others_differ():
    from grader.exercise import list_exercises, load_exercise

    for name in list_exercises():
        module = load_exercise(name).scenario_module()
        for build in module.SCENARIOS.values():
            public, zero, other = build("cpu"), build("cpu", 0), build("cpu", 5)
            x0 = public.train_loader.dataset.tensors[0]
            assert torch.equal(x0, zero.train_loader.dataset.tensors[0])
            assert not torch.equal(x0, other.train_loader.dataset.tensors[0])
            assert len(other.train_loader.dataset) == len(x0)   # same sizes: same short last batches


def test_variant_problems_name_what_a_variant_lacks():
    from exercises.common import variant_problems

    def run(losses, epochs):
        return {"epochs": epochs, "history": {"keys": {"val_loss": {"items": [
            {"kind": "float", "value": v} for v in losses]}}}}

    assert variant_problems(run([3.0, 1.0, 2.0], 3)) == []
    assert variant_problems(run([3.0, 2.0, 1.0], 3)) == ["the best validation epoch is the last one run"]
    assert variant_problems(run([3.0, 1.0, 2.0], 3), {"stops_early": True}) == [
        "early stopping does not fire inside the budget"]
    assert variant_problems(run([3.0, 1.0, 2.0], 9), {"stops_early": False}) == [
        "early stopping fires before the budget ends"]


def test_a_bad_reference_cache_entry_is_a_miss(tmp_path):
    from grader.reference_runs import SCHEMA, _read_entry
    from grader.signing import Signer

    signer = Signer(tmp_path, "reference-cache")
    run = {"type": "run", "status": "ok", "scenario": "main", "device": "cpu", "variant": 3,
           "history": {}, "passes": [], "forwards": [], "steps": []}
    path = tmp_path / "entry.json"
    path.write_text(json.dumps({"schema": SCHEMA, "mac": signer.sign(run), "run": run}))
    assert _read_entry(path, signer, "x", "main", "cpu", 3) == run
    assert _read_entry(path, signer, "x", "main", "cpu", 4) is None        # another variant
    forged = dict(run, forwards=[{"loss": 0.0}])
    path.write_text(json.dumps({"schema": SCHEMA, "mac": signer.sign(run), "run": forged}))
    assert _read_entry(path, signer, "x", "main", "cpu", 3) is None
    for junk in ("", "not json", "[]", json.dumps({"schema": SCHEMA, "run": run})):
        path.write_text(junk)
        assert _read_entry(path, signer, "x", "main", "cpu", 3) is None
    assert _read_entry(tmp_path / "absent.json", signer, "x", "main", "cpu", 3) is None
    assert Signer(tmp_path, "reference-cache").verify(run, signer.sign(run))      # same key file
    assert not Signer(tmp_path / "other", "reference-cache").verify(run, signer.sign(run))


def test_a_flagged_result_scores_zero_on_every_report(tmp_path):
    from batch_fakes import make_result
    from grader.gradebook import Gradebook
    from grader.reporters import gradescope, terminal
    from grader.reporters.grades_csv import grades_csv
    from grader.reporters.html import student_report

    result = make_result("mallory", failing=())
    result.flag(["replaced torch.Tensor.to"])
    assert result.score == 0 and all(c.score == 0 for c in result.checks) and result.flagged
    assert "FLAGGED FOR REVIEW" in terminal.summary(result)
    assert "Flagged for review" in gradescope.to_gradescope(result)["output"]
    # students read Gradescope's output and self-check: the reasons stay in the instructor's reports
    assert "torch.Tensor.to" not in gradescope.to_gradescope(result)["output"]
    from grader.reporters.redact import student_view
    assert "torch.Tensor.to" not in str(student_view(result).to_dict())
    assert gradescope.to_gradescope(result)["score"] == 0
    assert "Flagged for review" in student_report(result)
    with Gradebook(tmp_path / "gb.db") as gb:
        gb.record(result)
        gb.record(make_result("alice", failing=()))
        rows = {r["student"]: r for r in __import__("csv").DictReader(grades_csv(gb).splitlines())}
    assert rows["mallory"]["training_loop flagged"] == "flagged" and rows["mallory"]["training_loop"] == "0"
    assert rows["alice"]["training_loop flagged"] == "" and rows["alice"]["training_loop"] == "10"


def test_nothing_trained_and_syntax_headline(tmp_path):
    from grader.engine import nothing_trained, syntax_headline
    from grader.load import load_submission

    ok = {"status": "ok", "steps": [], "forwards": [{"role": "val"}]}
    assert nothing_trained({"a": ok, "b": ok}, ["a", "b"])
    assert not nothing_trained({"a": ok, "b": dict(ok, steps=[{}])}, ["a", "b"])
    assert not nothing_trained({"a": ok}, ["a", "b"])        # a scenario did not finish
    bad = tmp_path / "s.py"
    bad.write_text("import torch\n\ndef train(model)\n    return {}\n")
    assert syntax_headline(bad, load_submission(bad)).startswith("SyntaxError at line 3:")


@pytest.mark.slow
def test_drawn_variants_keep_the_scenario_properties():
    """Whatever secret variant a grading draws, the reference run on it shows what the checks
    need: a best epoch before the last one run, early stopping firing in 'fires' and not in
    'budget', short last batches, and the rubric's targets met with a margin."""
    from grader.exercise import list_exercises, load_exercise
    from grader.variants import choose_variant, problems

    for name in list_exercises():
        ex = load_exercise(name)
        scenarios = list(ex.scenario_module().SCENARIOS)
        variant, refs = choose_variant(ex, scenarios, "cpu", None)
        assert variant != 0, name
        assert problems(ex, refs) == [], (name, variant)
        best_matters = any(e.check in ("best_checkpoint", "best_epoch") for e in ex.rubric)
        for scenario, run in refs.items():
            losses = [i["value"] for i in run["history"]["keys"]["val_loss"]["items"]]
            assert not best_matters or losses.index(min(losses)) + 1 < len(losses), (name, scenario, variant)
            for role in ("train", "val"):
                sizes = next(p["batches"] for p in run["passes"] if p["role"] == role and p["batches"])
                assert sizes[-1] < sizes[0], (name, scenario, role, sizes)
        if name == "early_stopping":
            epochs_run = {s: len(r["history"]["keys"]["val_loss"]["items"]) for s, r in refs.items()}
            assert epochs_run["fires"] < refs["fires"]["epochs"]
            assert epochs_run["budget"] == refs["budget"]["epochs"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["raises.py", "os_exit.py", "sys_exit.py", "segfault.py"])
def test_a_run_that_did_not_finish_earns_nothing(name):
    """No check awards a point for a run it did not see finish (integrity used to give one)."""
    result = grade(CORPUS / "broken" / name, "training_loop", timeout=60, memory="3G")
    assert result.runtime["status"] == "crash", result.runtime
    assert result.score == 0, [(c.id, c.score, c.observed) for c in result.checks if c.score]


@pytest.mark.slow
def test_a_syntax_error_is_the_headline():
    result = grade(CORPUS / "broken" / "syntax_error.py", "training_loop", timeout=60)
    assert result.runtime["status"] == "load_error"
    assert re.match(r"SyntaxError at line \d+: ", result.runtime["message"]), result.runtime
    assert result.score == 0


def test_a_batch_grades_everyone_on_one_secret_variant(monkeypatch, tmp_path):
    """default_warm draws the variant once (so the reference runs once); every grade gets it."""
    import grader.engine
    import grader.variants
    from grader.batch.run import BatchSettings, default_grade, default_warm

    drawn = []

    def choose(ex, scenarios, device, variant, **kwargs):
        drawn.append(variant)
        return 17, {}

    seen = []
    monkeypatch.setattr(grader.variants, "choose_variant", choose)
    monkeypatch.setattr(grader.engine, "grade", lambda *a, **k: seen.append(k["variant"]))
    settings = BatchSettings(exercise="early_stopping", out=tmp_path)
    default_warm(settings, launcher=None)
    sub = type("Sub", (), {"path": tmp_path / "a.py", "student": "a"})()
    default_grade(sub, settings, None)
    default_grade(sub, settings, None)
    assert drawn == [None] and seen == [17, 17]
