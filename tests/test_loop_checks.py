"""The loop's own obligations on synthetic traces (milliseconds, no sandbox): the epochs run against
the `epochs` argument (contract), every loss from the given loss_fn (uses_arguments), one step per
backward that reached the weights (step_cadence), and one charge per root cause (a check another
check charges keeps its points)."""
from __future__ import annotations

import dataclasses

from grader import checks
from grader.checks import CheckContext, Verdict
from grader.engine import _charged_elsewhere
from grader.exercise import load_exercise
from grader.trace import LoaderPass, LossCall, Run
from grader.trace.production import Backward, Production
from grader.trace.envelope import Load
from trace_builders import fw, history, step, two_epoch_run


def ctx(run: Run, exercise="training_loop", scenarios=("main",), runs=None) -> CheckContext:
    runs = runs or {"main": run}
    return CheckContext(exercise=load_exercise(exercise), params={}, load=Load(train_found=True),
                        runs=runs, refs={n: two_epoch_run() for n in runs}, scenarios=list(scenarios))


def judge(check_id: str, run: Run, **kw) -> Verdict:
    return checks.get(check_id).check(ctx(run, **kw))


def edit(run: Run, **changes) -> Run:
    return dataclasses.replace(run, **changes)


def one_epoch_short() -> Run:
    """two_epoch_run called with epochs=3: it ran two (range(epochs - 1))."""
    return edit(two_epoch_run(), epochs=3)


# ---- contract: the epochs run -----------------------------------------------------------

def test_the_epochs_run_match_the_epochs_argument():
    assert judge("contract", two_epoch_run()).passed
    verdict = judge("contract", one_epoch_short())
    assert not verdict.passed and "ran 2 epochs" in verdict.observed and "epochs=3" in verdict.observed


def test_a_stop_rule_makes_fewer_epochs_legitimate_never_more():
    stopped = edit(one_epoch_short(), kwargs={"patience": 1})
    assert judge("contract", stopped, exercise="early_stopping").passed   # the stop epoch is early_stopping's
    over = edit(two_epoch_run(), epochs=1, kwargs={"patience": 1})
    verdict = judge("contract", over, exercise="early_stopping")
    assert not verdict.passed and "epochs=1" in verdict.observed


def test_each_scenario_is_held_to_its_own_budget():
    runs = {"fires": edit(two_epoch_run(), kwargs={"patience": 1}), "budget": edit(one_epoch_short(), scenario="budget")}
    verdict = checks.get("contract").check(ctx(None, exercise="training_loop", scenarios=("fires", "budget"), runs=runs))
    assert not verdict.passed and "ran 2 epochs" in verdict.observed and "epochs=3" in verdict.observed


# ---- uses_arguments: every loss from the loss_fn passed in --------------------------------

def _with_val_losses_from(run: Run, fn: str) -> Run:
    """The validation phase computes its loss with a functional loss, not the given loss_fn."""
    calls = [c if run.forwards[c.forward].role == "train" else dataclasses.replace(c, fn=fn, given=False)
             for c in run.loss_calls]
    return edit(run, loss_calls=calls)


def test_a_phase_computing_its_loss_with_another_function_is_charged():
    verdict = judge("uses_arguments", _with_val_losses_from(two_epoch_run(), "mse_loss"))
    assert not verdict.passed and "val batch losses" in verdict.observed and "mse_loss" in verdict.observed


def test_a_wrapper_of_the_given_loss_and_an_extra_metric_pass():
    run = two_epoch_run()
    # a metric (F.l1_loss) on the same outputs beside the given loss: the loss still comes from loss_fn
    extra = [LossCall(fn="l1_loss", input="logits", given=False, grad=False, forward=c.forward, value=0.3, n=c.n)
             for c in run.loss_calls if run.forwards[c.forward].role == "val"]
    assert judge("uses_arguments", edit(run, loss_calls=run.loss_calls + extra)).passed
    # a loss on something that is not a model output of the data (a regulariser on the weights)
    other = LossCall(fn="mse_loss", input="other", given=False, grad=True, forward=None, value=0.1)
    assert judge("uses_arguments", edit(run, loss_calls=run.loss_calls + [other])).passed


def test_a_copy_of_the_given_loss_with_another_reduction_is_the_given_loss():
    """copy.copy(loss_fn) with reduction="sum" for validation: the loss passed in, summed."""
    run = _with_val_losses_from(two_epoch_run(), "mse_loss")
    copied = [dataclasses.replace(c, in_copy=True) if not c.given else c for c in run.loss_calls]
    assert judge("uses_arguments", edit(run, loss_calls=copied)).passed


def test_same_loss_tells_a_copy_from_a_loss_with_other_settings():
    import copy

    import torch

    from grader.job.observe.recorder import same_loss

    given = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))
    summed = copy.copy(given)
    summed.reduction = "sum"
    assert same_loss(summed, given) and same_loss(copy.deepcopy(given), given)
    assert not same_loss(torch.nn.BCEWithLogitsLoss(), given)                  # pos_weight dropped
    assert not same_loss(torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor([2.0])), given)
    assert not same_loss(torch.nn.MSELoss(), torch.nn.L1Loss())
    smoothed = torch.nn.CrossEntropyLoss(label_smoothing=0.1)
    assert not same_loss(torch.nn.CrossEntropyLoss(), smoothed)
    assert same_loss(torch.nn.CrossEntropyLoss(label_smoothing=0.1, reduction="sum"), smoothed)


# ---- step_cadence ---------------------------------------------------------------------------

def _steps(run: Run, steps) -> Run:
    return edit(run, steps=steps)


def _batched_steps(run: Run) -> list:
    """two_epoch_run's steps with the loader pass and batch they ran in."""
    return [dataclasses.replace(s, loader_pass=s.train_pass, batch=s.batch) for s in run.steps]


def test_one_step_per_backward_passes():
    run = two_epoch_run()
    assert judge("step_cadence", _steps(run, _batched_steps(run))).passed


def test_a_second_step_on_the_same_batch_is_named():
    run = two_epoch_run()
    steps = []
    for s in _batched_steps(run):
        steps += [s, dataclasses.replace(s, backwards=0, fresh_norm=0.0, residual=1.0)]
    verdict = judge("step_cadence", _steps(run, steps))
    assert not verdict.passed and "twice" in verdict.observed and verdict.details["repeated_steps"] == 4


def test_a_step_after_a_backward_that_never_reached_the_weights_is_named():
    run = two_epoch_run()
    steps = [dataclasses.replace(s, backwards=0, grad_norm=0.0, fresh_norm=0.0) for s in _batched_steps(run)]
    verdict = judge("step_cadence", _steps(run, steps))
    assert not verdict.passed and "detached" in verdict.observed and verdict.details["gradless_steps"] == 3
    # only the first step before any backward (step() before backward(): zero_grad's to charge)
    first_only = [dataclasses.replace(steps[0], backwards=0)] + _batched_steps(run)[1:]
    assert judge("step_cadence", _steps(run, first_only)).passed


def test_one_step_per_epoch_after_the_batch_loop_is_named():
    forwards, steps, passes = [], [], []
    for epoch in range(2):
        passes.append(LoaderPass(role="train", batches=[2, 2, 2], complete=True))
        for b in range(3):
            forwards.append(fw([2 * b, 2 * b + 1], "train", train_pass=len(passes) - 1, loader_pass=len(passes) - 1, batch=b))
        steps.append(dataclasses.replace(step(len(passes) - 1), backwards=3))
    run = edit(two_epoch_run(), passes=passes, forwards=forwards, steps=steps)
    verdict = judge("step_cadence", run)
    assert not verdict.passed and "1 time(s) for 3 training batches" in verdict.observed
    # accumulation on purpose (accum_steps) is accum_cadence's to judge
    assert judge("step_cadence", edit(run, kwargs={"accum_steps": 3})).passed


def test_updates_a_grad_scaler_skipped_on_overflow_are_not_a_step_left_out():
    """float16 gradients, or gradients never cleared, overflow often: scaler.step skips those
    updates and scaler.update() backs the scale off. Those batches had no update to make."""
    forwards, steps, passes, backwards = [], [], [], []
    scale = 65536.0
    passes.append(LoaderPass(role="train", batches=[2] * 6, complete=True))
    for b in range(6):
        forwards.append(fw([2 * b, 2 * b + 1], "train", train_pass=0, loader_pass=0, batch=b))
        backwards.append(Backward(train_pass=0, batch=b, loss_scale=scale))
        if b < 4:
            scale /= 2                    # overflowed: skipped, and the scale backs off
        else:
            steps.append(dataclasses.replace(step(0), backwards=1))
    backwards.append(Backward(train_pass=0, batch=None, loss_scale=scale))
    run = edit(two_epoch_run(), passes=passes, forwards=forwards, steps=steps,
               production=Production(backwards=backwards))
    assert judge("step_cadence", run).passed
    # the same two steps for six batches with a steady scale: the step is outside the batch loop
    steady = [dataclasses.replace(b, loss_scale=65536.0) for b in backwards]
    verdict = judge("step_cadence", edit(run, production=Production(backwards=steady)))
    assert not verdict.passed and "2 time(s) for 6 training batches" in verdict.observed


def test_a_skipped_step_and_closures_are_not_charged():
    run = two_epoch_run()
    steps = _batched_steps(run)
    # a GradScaler skipped one step (overflow): the next step holds two backwards
    skipped = [steps[0], dataclasses.replace(steps[1], backwards=2)] + steps[2:]
    assert judge("step_cadence", _steps(run, skipped)).passed
    closures = [dataclasses.replace(s, closure=True, backwards=0) for s in steps]
    assert judge("step_cadence", _steps(run, closures)).passed


# ---- one root cause, one charge ------------------------------------------------------------

def test_a_check_another_check_charges_keeps_its_points():
    entry = next(e for e in load_exercise("early_stopping").rubric if e.check == "weighted_average")
    result = _charged_elsewhere(entry, "history['val_loss'] has 4 entries for 5 epochs (the contract check charges it)")
    assert result.score == result.max_score == entry.points
    assert result.observed.startswith("Not judged")


def test_an_early_stop_that_never_records_its_last_epoch_costs_only_the_contract():
    run = edit(two_epoch_run(), history=history(train_loss=[1.0], val_loss=[3.0], best_epoch=1), kwargs={"patience": 1})
    assert not judge("contract", run, exercise="early_stopping").passed
    verdict = judge("weighted_average", run, exercise="early_stopping")
    assert not verdict.judged and "contract" in verdict.observed


# ---- variants: every check's situation arises ----------------------------------------------

def _es_run(val_losses, budget, patience=2) -> Run:
    return edit(two_epoch_run(), epochs=budget, kwargs={"patience": patience},
                history=history(train_loss=[1.0] * len(val_losses), val_loss=list(val_losses), best_epoch=1))


def _epochs_of(run: Run, n: int) -> Run:
    """two_epoch_run's trace repeated so that `n` epochs ran (the situations count epochs)."""
    passes, forwards, steps = [], [], []
    for e in range(n):
        base = len(passes)
        passes += [LoaderPass(role="train", batches=[4, 2], complete=True), LoaderPass(role="val", batches=[3, 1], complete=True)]
        forwards += [fw([0, 1, 2, 3], train_pass=base), fw([4, 5], train_pass=base)]
        steps += [step(base), step(base)]
    return edit(run, passes=passes, forwards=forwards, steps=steps)


def test_a_budget_run_whose_stop_falls_on_its_last_epoch_is_no_situation_for_early_stopping():
    from grader.variant_situations import early_stopping
    # best at epoch 2, budget 4, patience 2: the stop is due exactly at epoch 4, the last
    due_at_end = _epochs_of(_es_run([3.0, 1.0, 2.0, 2.5], budget=4), 4)
    assert early_stopping(due_at_end) == ["early stopping is due at the budget's last epoch"]
    assert early_stopping(_epochs_of(_es_run([3.0, 2.0, 2.5, 1.0], budget=4), 4)) == []


def test_a_stop_that_fires_needs_an_improvement_after_a_bad_epoch():
    from grader.variant_situations import early_stopping
    # improvements only, then two bad epochs: a counter that is never reset stops at the same epoch
    plain = _epochs_of(_es_run([3.0, 2.0, 2.5, 2.6], budget=6), 4)
    assert early_stopping(plain) == ["early stopping fires with no improvement after an epoch without one"]
    reset = _epochs_of(_es_run([3.0, 3.5, 2.0, 2.5, 2.6], budget=6), 5)
    assert early_stopping(reset) == []


def test_situations_are_asked_of_every_check_in_the_rubric():
    from grader.trace import to_dict
    from grader.variant_situations import situation_problems
    ex = load_exercise("training_loop")
    primary = ex.scenario_module().PRIMARY
    even = edit(two_epoch_run(), passes=[dataclasses.replace(p, batches=[2, 2]) for p in two_epoch_run().passes])
    found = situation_problems(ex, {primary: to_dict(even)})
    assert any("weighted_average" in p and "train loader" in p for p in found)
    assert situation_problems(ex, {primary: to_dict(two_epoch_run())}) == []
