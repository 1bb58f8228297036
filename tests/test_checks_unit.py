"""Every check on small synthetic typed traces (milliseconds, no sandbox): each one passes a
correct run, fails its own mistake with a statement about the run, and never raises on empty,
partial or odd traces. Also the trace's version check and the root cause."""
from __future__ import annotations

import dataclasses

import pytest

from grader import checks
from grader.checks import CheckContext, Verdict
from grader.checks.root_cause import NO_STEP, NO_TRAINING_FORWARD, NO_VALIDATION, root_cause
from grader.exercise import load_exercise
from grader.trace import (TRACE_VERSION, Forward, HistoryItem, LoaderPass, LossCall, Run, TraceVersionError, Weights,
                          read_run, to_dict)
from grader.trace.envelope import Load
from trace_builders import fw, history, step, two_epoch_run


def ctx(run: Run, exercise="bce_conversion", ref: Run | None = None, params=None, load=None) -> CheckContext:
    return CheckContext(exercise=load_exercise(exercise), params=params or {}, load=load or Load(train_found=True),
                        runs={"main": run}, refs={"main": ref or two_epoch_run()}, scenarios=["main"])


def judge(check_id: str, run: Run, **kw) -> Verdict:
    return checks.get(check_id).check(ctx(run, **kw))


def edit(run: Run, **changes) -> Run:
    return dataclasses.replace(run, **changes)


# ---- each check: passes the correct run, fails its own mistake --------------------------

def test_the_correct_synthetic_run_passes_every_check():
    run = two_epoch_run()
    for check_id in checks.BUILTIN:
        kw = {"params": {"max_val_loss": 1.0}} if check_id == "convergence" else {}
        if check_id == "early_stopping":
            run_es = edit(run, kwargs={"patience": 1})
            assert judge(check_id, run_es, exercise="early_stopping").passed
            continue
        if check_id == "logits":
            continue   # needs a classification loss (below)
        verdict = judge(check_id, run, **kw)
        assert verdict.passed, (check_id, verdict.observed)


def test_contract_wants_a_plain_int_best_epoch():
    run = edit(two_epoch_run(), history=history(train_loss=[1.0, 0.5], val_loss=[3.0, 1.5], val_acc=[0.7, 1.0],
                                               best_epoch=HistoryItem(kind="int64", value=2.0)))
    verdict = judge("contract", run)
    assert not verdict.passed and "int64" in verdict.observed and "json.dumps" in verdict.observed


def test_contract_counts_entries_against_the_epochs_that_ran():
    run = edit(two_epoch_run(), history=history(train_loss=[1.0, 0.5, 0.2], val_loss=[3.0, 1.5], val_acc=[0.7, 1.0],
                                               best_epoch=2))
    verdict = judge("contract", run)
    assert not verdict.passed and "3 entries but 2 epochs" in verdict.observed


def test_contract_refuses_numpy_scalars_json_cannot_write_but_not_float64():
    f32 = [HistoryItem(kind="float32", value=1.0), HistoryItem(kind="float32", value=0.5)]
    run = edit(two_epoch_run(), history=history(train_loss=f32, val_loss=[3.0, 1.5], val_acc=[0.7, 1.0], best_epoch=2))
    verdict = judge("contract", run)
    assert not verdict.passed and "numpy float32" in verdict.observed and "json.dumps" in verdict.observed
    # numpy.float64 is a float subclass (json writes it): accepted, as plain floats are
    f64 = [HistoryItem(kind="float64", value=1.0), HistoryItem(kind="float64", value=0.5)]
    run = edit(two_epoch_run(), history=history(train_loss=f64, val_loss=[3.0, 1.5], val_acc=[0.7, 1.0], best_epoch=2))
    assert judge("contract", run).passed


def test_zero_grad_fails_stale_gradients_and_says_where():
    run = two_epoch_run()
    run.steps[1] = step(0, batch=1, residual=0.5)
    verdict = judge("zero_grad", run)
    assert not verdict.passed and "epoch 1, batch 2" in verdict.observed


def test_zero_grad_leaves_a_second_step_without_backward_alone():
    run = two_epoch_run()
    run.steps.insert(1, step(0, batch=0, residual=1.0, fresh_norm=0.0))
    assert judge("zero_grad", run).passed


def test_zero_grad_names_the_epoch_of_materialised_steps():
    run = two_epoch_run(materialised=True)
    run.steps[3] = step(2, residual=0.5)
    verdict = judge("zero_grad", run)
    assert not verdict.passed and "epoch 2" in verdict.observed


def test_train_mode_fails_a_training_forward_in_eval_mode():
    run = two_epoch_run()
    run.forwards[4] = dataclasses.replace(run.forwards[4], training=False)
    verdict = judge("train_mode", run)
    assert not verdict.passed and "epoch 2" in verdict.observed


def test_eval_mode_and_no_grad_judge_validation_forwards():
    run = two_epoch_run()
    run.forwards[2] = dataclasses.replace(run.forwards[2], any_training=True, grad=True)
    assert not judge("eval_mode", run).passed
    assert not judge("no_grad", run).passed


def test_weighted_average_recognises_the_batch_mean():
    run = edit(two_epoch_run(), history=history(train_loss=[2.5, 0.5], val_loss=[3.0, 1.5], val_acc=[0.75, 1.0],
                                               best_epoch=2))
    verdict = judge("weighted_average", run)
    assert not verdict.passed and "plain mean of the 2 batches" in verdict.observed


def test_weighted_average_judges_against_the_students_own_loss_values():
    """Softmax before the loss changes what the loss returns: averaging those values right passes."""
    run = two_epoch_run()
    for c in run.loss_calls:
        c.value = c.value + 0.25          # the student's loss differs from the grader's recomputation
    run = edit(run, history=history(train_loss=[2.25, 0.75], val_loss=[3.25, 1.75], val_acc=[0.75, 1.0], best_epoch=2))
    assert judge("weighted_average", run).passed


def test_weighted_average_does_not_judge_losses_that_went_nan():
    """Weights that went NaN (an overflowed step applied) make every loss NaN: how they were
    averaged cannot be seen, so the check says so instead of 'nan differs from nan'."""
    nan = float("nan")
    run = two_epoch_run()
    for c in run.loss_calls:
        c.value = nan
    run.forwards[:] = [dataclasses.replace(f, loss=nan) for f in run.forwards]
    run = edit(run, history=history(train_loss=[nan, nan], val_loss=[nan, nan], val_acc=[0.5, 0.5], best_epoch=1))
    verdict = judge("weighted_average", run)
    assert not verdict.passed and not verdict.judged and "not finite" in verdict.observed


def test_item_logging_fails_tensors_in_history():
    run = edit(two_epoch_run(), history=history(train_loss=[HistoryItem(kind="tensor", value=2.0, graph=True), 0.5],
                                               val_loss=[3.0, 1.5]))
    verdict = judge("item_logging", run)
    assert not verdict.passed and "autograd graph" in verdict.observed


def test_best_checkpoint_fails_a_model_holding_another_epoch():
    run = edit(two_epoch_run(), weights=Weights(snapshot_forwards=[2, 6], final_distance=[0.0, 0.5],
                                                initial_distance=1.0, snapshot_gaps=[0.5]))
    verdict = judge("best_checkpoint", run)
    assert not verdict.passed and "holds the weights of epoch 1" in verdict.observed
    assert "should hold the weights of epoch 2, the epoch with the lowest validation loss" in verdict.observed


def test_best_epoch_hints_at_zero_based_counting():
    run = edit(two_epoch_run(), history=history(train_loss=[2.0, 0.5], val_loss=[3.0, 1.5], best_epoch=1))
    verdict = judge("best_epoch", run)
    assert not verdict.passed and "counted from 0" in verdict.observed


def test_early_stopping_quotes_the_students_own_history():
    run = edit(two_epoch_run(), kwargs={"patience": 1}, epochs=5)
    verdict = judge("early_stopping", run, exercise="early_stopping")
    assert not verdict.passed and "last improved at epoch 2" in verdict.observed
    assert "all 5 epochs should run" in verdict.observed
    worse = edit(run, history=history(train_loss=[2.0, 0.5], val_loss=[1.0, 2.0]), epochs=2)
    late = dataclasses.replace(worse, kwargs={"patience": 1})
    verdict = judge("early_stopping", late, exercise="early_stopping")
    assert verdict.passed   # own history: epoch 2 is worse, the stop is due at 2, and 2 ran


def test_logits_fails_probabilities_fed_to_a_logit_loss():
    run = two_epoch_run()
    calls = [dataclasses.replace(c, fn="binary_cross_entropy_with_logits") for c in run.loss_calls]
    assert judge("logits", edit(run, loss_calls=calls)).passed
    calls[0] = dataclasses.replace(calls[0], input="sigmoid")
    verdict = judge("logits", edit(run, loss_calls=calls))
    assert not verdict.passed and "sigmoid" in verdict.observed


def test_accuracy_recognises_the_mean_of_batch_accuracies():
    run = edit(two_epoch_run(), history=history(train_loss=[2.0, 0.5], val_loss=[3.0, 1.5], val_acc=[0.5, 1.0]))
    verdict = judge("accuracy", run)
    assert not verdict.passed and "per-batch" in verdict.observed


def test_device_fails_inputs_or_targets_that_never_reached_the_device():
    run = two_epoch_run()
    run.forwards[0] = dataclasses.replace(run.forwards[0], moved=False, loader_tensor=True)
    assert not judge("device", run).passed
    run.forwards[0] = dataclasses.replace(run.forwards[0], loader_tensor=False)   # built from moved tensors
    assert judge("device", run).passed
    run.forwards[0] = dataclasses.replace(run.forwards[0], device="meta")          # on another device
    assert not judge("device", run).passed
    run = two_epoch_run()
    run.loss_calls[0] = dataclasses.replace(run.loss_calls[0], target_moved=False)
    verdict = judge("device", run)
    assert not verdict.passed and "target" in verdict.observed
    run = two_epoch_run()
    run.loss_calls[0] = dataclasses.replace(run.loss_calls[0], target_moved=None)   # derived: unknown, not charged
    assert judge("device", run).passed


def test_uses_arguments_charges_the_root_cause():
    verdict = judge("uses_arguments", edit(two_epoch_run(), steps=[]))
    assert not verdict.passed and verdict.observed.startswith("The optimizer passed in never stepped")


def test_convergence_compares_with_the_target():
    run = edit(two_epoch_run(), final_eval={"val_loss": 0.5})
    assert not judge("convergence", run, params={"max_val_loss": 0.2}).passed


def test_reference_match_finds_the_first_departing_epoch():
    ref = two_epoch_run(train_losses=(1.0, 4.0, 0.6, 0.6))
    verdict = judge("reference_match", two_epoch_run(), ref=ref)
    assert not verdict.passed and "epoch 2" in verdict.observed


def test_integrity_reads_the_typed_run():
    assert not judge("integrity", edit(two_epoch_run(), tampered=["torch.no_grad"])).passed
    assert not judge("integrity", edit(two_epoch_run(), hooks_intact=False)).passed


# ---- the root cause ----------------------------------------------------------------------

def test_root_cause_is_decided_once_in_order():
    run = two_epoch_run()
    assert root_cause({"main": run}) is None
    no_val = edit(run, forwards=[f for f in run.forwards if f.role != "val"])
    assert root_cause({"main": no_val}).kind == NO_VALIDATION
    assert root_cause({"main": edit(run, steps=[])}).kind == NO_STEP
    no_train = edit(run, forwards=[f for f in run.forwards if f.role != "train"], steps=[])
    assert root_cause({"main": no_train}).kind == NO_TRAINING_FORWARD
    assert root_cause({"main": edit(no_train, status="error")}) is None   # a crash is its own headline


def test_checks_that_depend_on_a_cause_declare_it():
    needs = {c: getattr(checks.get(c), "NEEDS", frozenset()) for c in checks.BUILTIN}
    assert NO_STEP in needs["zero_grad"] and NO_VALIDATION in needs["eval_mode"]
    assert NO_TRAINING_FORWARD in needs["train_mode"]
    assert NO_STEP in needs["convergence"] and NO_VALIDATION not in needs["convergence"]
    assert not needs["uses_arguments"] and not needs["integrity"] and not needs["item_logging"]


# ---- no check ever raises ----------------------------------------------------------------

def _odd_runs() -> dict[str, Run]:
    good = two_epoch_run()
    odd_history = history(train_loss=[None, "x" and HistoryItem(kind="str")], val_loss=[float("nan"), float("inf")],
                          val_acc=[], best_epoch=HistoryItem(kind="NoneType"))
    stray = Forward(role="mixed", n=0, isum=0, isq=0, training=False, any_training=False, grad=False,
                    inference=True, moved=False, device="meta", train_pass=99, loss=None)
    return {
        "empty": Run(scenario="main", status="ok"),
        "no history": edit(good, history=None, weights=None, final_eval=None),
        "not a dict": edit(good, history=dataclasses.replace(good.history, type="list", keys=None)),
        "odd history": edit(good, history=odd_history),
        "odd records": edit(good, forwards=good.forwards + [stray], passes=good.passes + [LoaderPass(role="val")],
                            steps=good.steps + [step(train_pass=None, grad_norm=0.0, fresh_norm=0.0)],
                            loss_calls=good.loss_calls + [LossCall(fn="?", input="unknown", given=True, grad=False,
                                                                   forward=57, value=None)],
                            weights=Weights(snapshot_forwards=[-1, 500], final_distance=[0.0], initial_distance=0.0),
                            sizes={}, kwargs={"patience": None}, final_eval={"error": "boom"}),
        "partial": edit(good, forwards=good.forwards[:3], steps=good.steps[:1], status="error"),
        "signature": Run(scenario="main", status="signature"),
        "no loss values": edit(good, loss_calls=[dataclasses.replace(c, value=None, forward=None) for c in good.loss_calls]),
    }


@pytest.mark.parametrize("name", list(_odd_runs()))
@pytest.mark.parametrize("check_id", checks.BUILTIN)
def test_no_check_raises_on_empty_partial_or_odd_traces(check_id, name):
    run = _odd_runs()[name]
    for exercise in ("early_stopping", "bce_conversion"):
        verdict = checks.get(check_id).check(ctx(run, exercise=exercise, ref=run, load=Load(train_found=True)))
        assert isinstance(verdict, Verdict) and verdict.observed


# ---- the trace as data -------------------------------------------------------------------

def test_a_trace_round_trips_through_plain_data():
    run = two_epoch_run()
    again = read_run(to_dict(run))
    assert again == run


def test_a_trace_from_another_version_is_refused_with_a_clear_message():
    data = to_dict(two_epoch_run())
    data["trace_version"] = TRACE_VERSION - 1
    with pytest.raises(TraceVersionError, match=f"version {TRACE_VERSION - 1}.*reads version {TRACE_VERSION}"):
        read_run(data, "the reference trace 'main'")
    del data["trace_version"]
    with pytest.raises(TraceVersionError, match="older grader"):
        read_run(data)


def test_unknown_fields_are_ignored_on_read():
    data = to_dict(two_epoch_run())
    data["forwards"][0]["from_the_future"] = 1
    assert read_run(data).forwards[0] == two_epoch_run().forwards[0]


def test_a_missing_history_key_is_the_contracts_failure_not_the_others():
    run = edit(two_epoch_run(), history=history(train_losses=[2.0, 0.5]))
    assert not judge("contract", run).passed
    for check_id in ("weighted_average", "accuracy", "best_epoch"):
        verdict = judge(check_id, run)
        assert not verdict.judged and "contract" in verdict.observed, check_id
    assert not judge("item_logging", edit(run, history=None)).judged


def test_a_per_batch_history_is_the_contracts_failure_not_the_averages():
    run = edit(two_epoch_run(), history=history(train_loss=[1.0, 4.0, 0.5, 0.5], val_loss=[3.0, 1.5],
                                               val_acc=[0.75, 1.0], best_epoch=2))
    assert "4 entries but 2 epochs" in judge("contract", run).observed
    verdict = judge("weighted_average", run)
    assert not verdict.judged and "4 entries for 2 epochs" in verdict.observed


def test_reference_match_leaves_a_validation_in_train_mode_to_eval_mode():
    run = two_epoch_run(val_losses=(2.5, 6.0, 1.0, 3.0))      # dropout on: the measurement differs
    run.forwards[2] = dataclasses.replace(run.forwards[2], any_training=True)
    assert judge("reference_match", run).passed
    run.forwards[2] = dataclasses.replace(run.forwards[2], any_training=False)
    assert not judge("reference_match", run).passed
