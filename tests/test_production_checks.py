"""The production-loop checks (accum_cadence, accum_scaling) on small synthetic traces, and the
production observer on a few in-process micro-batches (milliseconds to a second; no sandbox)."""
from __future__ import annotations

import dataclasses

import pytest
import torch

from grader import checks
from grader.checks import CheckContext, Verdict
from grader.exercise import load_exercise
from grader.job.observe.recorder import Recorder
from grader.trace import LoaderPass, Run, read_run, to_dict
from grader.trace.envelope import Load
from grader.trace.production import (AutocastForward, Backward, Production, ProductionStep, ScalarCall,
                                     SchedulerCall, TrackerRow, read_production)
from exercises.regression import regression_setup
from trace_builders import history, two_epoch_run

N = 3   # accum_steps in these traces; epochs of 7 batches: groups 3, 3, 1


def ctx(run: Run, exercise="grad_accumulation") -> CheckContext:
    return CheckContext(exercise=load_exercise(exercise), params={}, load=Load(train_found=True),
                        runs={"main": run}, refs={"main": run}, scenarios=["main"])


def judge(check_id: str, run: Run, exercise="grad_accumulation") -> Verdict:
    return checks.get(check_id).check(ctx(run, exercise))


def accum_run(groups_per_epoch=((3, 3, 1), (3, 3, 1)), scale=1 / N, ratio=1 / N, residual=0.0,
              leak_into=None, batches=7) -> Run:
    """Epochs of `batches` train batches (train passes 0, 2, ...; val passes between). Each epoch
    steps once per group in groups_per_epoch; `leak_into` (epoch index) makes that epoch's first
    step also hold the previous epoch's last backward."""
    passes, backwards, steps = [], [], []
    last_of_prev = None
    for e, groups in enumerate(groups_per_epoch):
        tp = len(passes)
        passes += [LoaderPass(role="train", batches=[32] * (batches - 1) + [8], complete=True),
                   LoaderPass(role="val", batches=[16, 16, 16, 2], complete=True)]
        batch = 0
        for k, g in enumerate(groups):
            live = [last_of_prev] if (leak_into == e and k == 0 and last_of_prev is not None) else []
            for _ in range(g):
                backwards.append(Backward(train_pass=tp, batch=batch, loss_scale=scale, cleared_before=not live))
                live.append(len(backwards) - 1)
                batch += 1
            steps.append(ProductionStep(train_pass=tp, batch=batch - 1, live=live, ratio=ratio, residual=residual,
                                        grad_norm=1.0, lr=0.05))
        if batch < batches:   # the epoch's last micro-batches were never stepped
            backwards.append(Backward(train_pass=tp, batch=batch, loss_scale=scale))
            last_of_prev = len(backwards) - 1
    return Run(scenario="main", status="ok", epochs=len(groups_per_epoch), kwargs={"accum_steps": N},
               passes=passes, production=Production(backwards=backwards, steps=steps, accum_steps=N))


# ---- accum_cadence -----------------------------------------------------------------------

def test_cadence_passes_groups_of_n_with_the_short_last_group_stepped():
    verdict = judge("accum_cadence", accum_run())
    assert verdict.passed, verdict.observed


def test_cadence_passes_an_epoch_that_divides_evenly():
    verdict = judge("accum_cadence", accum_run(groups_per_epoch=((3, 3), (3, 3)), batches=6))
    assert verdict.passed, verdict.observed


def test_cadence_fails_a_first_step_after_one_micro_batch():
    verdict = judge("accum_cadence", accum_run(groups_per_epoch=((1, 3, 3), (1, 3, 3))))
    assert not verdict.passed
    assert "1, 3, 3" in verdict.observed and "3, 3, 1" in verdict.observed and "epochs 1-2" in verdict.observed


def test_cadence_fails_a_last_group_left_to_leak_into_the_next_epoch():
    verdict = judge("accum_cadence", accum_run(groups_per_epoch=((3, 3), (3, 3)), leak_into=1))
    assert not verdict.passed
    assert "epoch 1" in verdict.observed and verdict.details["leaked_steps"] == 1


def test_cadence_fails_clearing_between_micro_batches():
    verdict = judge("accum_cadence", accum_run(groups_per_epoch=((1, 1, 1), (1, 1, 1))))
    assert not verdict.passed and "1, 1, 1" in verdict.observed


def test_cadence_says_so_when_nothing_was_observed():
    verdict = judge("accum_cadence", Run(scenario="main", status="ok", kwargs={"accum_steps": N}))
    assert not verdict.passed and "not observed" in verdict.observed


# ---- accum_scaling -----------------------------------------------------------------------

def test_scaling_passes_gradients_that_are_the_group_mean():
    verdict = judge("accum_scaling", accum_run())
    assert verdict.passed, verdict.observed


def test_scaling_passes_grads_divided_in_place_after_undivided_backwards():
    # loss.backward() undivided (scale 1), then p.grad /= N: .grad is still 1/N x the sum
    verdict = judge("accum_scaling", accum_run(scale=1.0, ratio=1 / N))
    assert verdict.passed, verdict.observed


def test_scaling_fails_undivided_losses_and_names_the_factor():
    verdict = judge("accum_scaling", accum_run(scale=1.0, ratio=1.0))
    assert not verdict.passed
    assert "1 x the sum" in verdict.observed and "epoch 1" in verdict.observed and "expected 1/3" in verdict.observed and "multiplied by 1 before backward" in verdict.observed


def test_scaling_fails_division_by_the_number_of_batches():
    verdict = judge("accum_scaling", accum_run(scale=1 / 7, ratio=1 / 7))
    assert not verdict.passed and "1/7 x the sum" in verdict.observed


def test_scaling_fails_micro_batches_scaled_unequally():
    verdict = judge("accum_scaling", accum_run(residual=0.2))
    assert not verdict.passed and "unequally" in verdict.observed


def test_scaling_says_so_when_nothing_was_observed():
    verdict = judge("accum_scaling", Run(scenario="main", status="ok", kwargs={"accum_steps": N}))
    assert not verdict.passed and "not observed" in verdict.observed


# ---- never raising, and the record as data -----------------------------------------------

def _odd_runs() -> dict[str, Run]:
    good = accum_run()
    return {
        "empty": Run(scenario="main", status="ok"),
        "no steps": dataclasses.replace(good, production=Production(accum_steps=N)),
        "odd live": dataclasses.replace(good, production=Production(
            backwards=[], steps=[ProductionStep(train_pass=None, live=[5, -1], grad_norm=1.0)], accum_steps=N)),
        "odd kwargs": dataclasses.replace(good, kwargs={"accum_steps": "3"}, production=None),
        "zero": dataclasses.replace(good, kwargs={"accum_steps": 0},
                                    production=dataclasses.replace(good.production, accum_steps=None)),
        "no passes": dataclasses.replace(good, passes=[]),
        "odd scheduler": dataclasses.replace(good, history=None, production=Production(
            steps=[ProductionStep(train_pass=7, lr=None)], scheduler="X", interval="step", schedule=[],
            scheduler_calls=[SchedulerCall(train_pass=None, metric=None)])),
        "plateau on empty": dataclasses.replace(Run(scenario="main", status="ok"), production=Production(scheduler="R")),
        "odd amp": dataclasses.replace(good, production=Production(
            backwards=[Backward(train_pass=None, loss_scale=None)], max_norm=0.0, amp_dtype="x", injected=3,
            steps=[ProductionStep(train_pass=None, live=[0], finite=True, unscaled_norm=1.0, ratio=0.0)],
            autocast=[AutocastForward(forward=99, enabled=True, dtype="x")])),
        "amp injected last": dataclasses.replace(good, production=Production(
            backwards=[Backward(train_pass=0, loss_scale=8.0)], injected=0, max_norm=1.0)),
        "odd tracking": dataclasses.replace(good, history=None, production=Production(
            tracker_rows=[TrackerRow(epoch_number=None, checkpoint="loaded")],
            scalar_calls=[ScalarCall(method="add_scalar", tag=None, step=None)])),
        "empty tracking": dataclasses.replace(good, production=Production(tracker_rows=[], tracker_error=None)),
    }


@pytest.mark.parametrize("name", list(_odd_runs()))
@pytest.mark.parametrize("check_id", checks.PRODUCTION)
def test_no_production_check_raises_on_odd_traces(check_id, name):
    verdict = judge(check_id, _odd_runs()[name])
    assert isinstance(verdict, Verdict) and verdict.observed


def test_the_production_record_round_trips_and_tolerates_junk():
    run = accum_run()
    assert read_run(to_dict(run)).production == run.production
    assert read_production(None) is None
    assert read_production({"backwards": [{"train_pass": 0, "from_the_future": 1}, "junk"]}).backwards == [
        Backward(train_pass=0)]


# ---- the observer, in process --------------------------------------------------------------

def _observe(loop) -> Production:
    """Run `loop(setup)` for one epoch of the grad_accumulation data under a Recorder."""
    setup = regression_setup("cpu", epochs=1, seed=5, kwargs={"accum_steps": N})
    recorder = Recorder(setup, "cpu", set())
    recorder.attach()
    try:
        loop(setup)
    finally:
        recorder.detach()
    return read_production(recorder.records()["production"])


def _epoch(setup, divide=True, step_last=True, clear_each_batch=False, divide_grads=False):
    model, opt = setup.model, setup.optimizer
    model.train()
    n = len(setup.train_loader)
    opt.zero_grad()
    for i, (x, y) in enumerate(setup.train_loader):
        if clear_each_batch:
            opt.zero_grad()
        loss = setup.loss_fn(model(x), y)
        (loss / N if divide else loss).backward()
        if (i + 1) % N == 0 or (step_last and i + 1 == n):
            if divide_grads:
                for p in model.parameters():
                    p.grad /= N
            opt.step()
            opt.zero_grad()


def test_observer_sees_groups_loss_scales_and_the_group_mean():
    prod = _observe(_epoch)
    assert [len(s.live) for s in prod.steps] == [3, 3, 1]
    assert all(b.loss_scale == pytest.approx(1 / N) for b in prod.backwards)
    assert all(s.ratio == pytest.approx(1 / N, rel=1e-4) and s.residual < 1e-4 for s in prod.steps)
    assert prod.steps[0].lr == pytest.approx(0.03)


def test_observer_sees_grads_divided_in_place():
    prod = _observe(lambda s: _epoch(s, divide=False, divide_grads=True))
    assert all(b.loss_scale == pytest.approx(1.0) for b in prod.backwards)
    assert all(s.ratio == pytest.approx(1 / N, rel=1e-4) for s in prod.steps)


def test_observer_sees_undivided_losses():
    prod = _observe(lambda s: _epoch(s, divide=False))
    assert all(s.ratio == pytest.approx(1.0, rel=1e-4) for s in prod.steps)


def test_observer_drops_backwards_cleared_before_a_step():
    prod = _observe(lambda s: _epoch(s, clear_each_batch=True))
    assert [len(s.live) for s in prod.steps] == [1, 1, 1]


def test_observer_counts_micro_batches_summed_into_one_backward():
    def group_loss(setup):
        model, opt = setup.model, setup.optimizer
        n, total = len(setup.train_loader), 0.0
        for i, (x, y) in enumerate(setup.train_loader):
            total = total + setup.loss_fn(model(x), y) / N
            if (i + 1) % N == 0 or i + 1 == n:
                opt.zero_grad()
                total.backward()
                opt.step()
                total = 0.0
    prod = _observe(group_loss)
    assert [len(s.live) for s in prod.steps] == [3, 3, 1]
    assert all(s.ratio == pytest.approx(1 / N, rel=1e-4) and s.residual < 1e-4 for s in prod.steps)


def test_observer_keeps_an_unstepped_group_live_into_the_next_epoch():
    def two_epochs(setup):
        _epoch(setup, step_last=False)
        # no clearing between epochs: the 7th micro-batch's gradient is still in .grad
        model, opt = setup.model, setup.optimizer
        for i, (x, y) in enumerate(setup.train_loader):
            (setup.loss_fn(model(x), y) / N).backward()
            if (i + 1) % N == 0:
                opt.step()
                opt.zero_grad()
    prod = _observe(two_epochs)
    first_of_second = prod.steps[2]
    passes = {prod.backwards[b].train_pass for b in first_of_second.live}
    assert len(first_of_second.live) == 4 and len(passes) == 2


# ---- lr_schedule, lr_history ---------------------------------------------------------------

SCHEDULE = [1.0, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125]


def sched_run(lrs_per_epoch, interval="epoch", calls=None, logged=None) -> Run:
    """Epochs of two optimizer steps at the given learning rates; the schedule halves per call."""
    passes, steps = [], []
    for e, lrs in enumerate(lrs_per_epoch):
        tp = len(passes)
        passes += [LoaderPass(role="train", batches=[4, 2], complete=True), LoaderPass(role="val", batches=[4])]
        steps += [ProductionStep(train_pass=tp, batch=b, live=[], grad_norm=1.0, lr=lr) for b, lr in enumerate(lrs)]
    if calls is None:   # once per epoch, after its steps
        calls = [SchedulerCall(train_pass=2 * e, steps_before=2 * (e + 1)) for e in range(len(lrs_per_epoch))]
    prod = Production(steps=steps, scheduler="StepLR", interval=interval, scheduler_calls=calls, schedule=SCHEDULE)
    hist = history(lr=logged if logged is not None else [lrs[0] for lrs in lrs_per_epoch])
    return Run(scenario="main", status="ok", epochs=len(lrs_per_epoch), kwargs={"interval": interval},
               passes=passes, production=prod, history=hist)


def test_lr_schedule_passes_an_epoch_schedule_stepped_once_per_epoch():
    verdict = judge("lr_schedule", sched_run([[1.0, 1.0], [0.5, 0.5], [0.25, 0.25]]), "lr_schedule")
    assert verdict.passed, verdict.observed


def test_lr_schedule_passes_a_per_step_schedule_stepped_after_every_step():
    calls = [SchedulerCall(train_pass=2 * (k // 2), steps_before=k + 1) for k in range(6)]
    run = sched_run([[1.0, 0.5], [0.25, 0.125], [0.0625, 0.03125]], interval="step", calls=calls)
    assert judge("lr_schedule", run, "lr_schedule").passed


def test_lr_schedule_fails_an_epoch_schedule_stepped_every_batch():
    calls = [SchedulerCall(train_pass=2 * (k // 2), steps_before=k + 1) for k in range(6)]
    run = sched_run([[1.0, 0.5], [0.25, 0.125], [0.0625, 0.03125]], calls=calls)
    verdict = judge("lr_schedule", run, "lr_schedule")
    assert not verdict.passed
    assert "step 2 of epoch 1 ran at a learning rate of 0.5; the schedule gives 1 there" in verdict.observed
    assert "2 per epoch" in verdict.observed


def test_lr_schedule_fails_a_per_step_schedule_stepped_per_epoch():
    run = sched_run([[1.0, 1.0], [0.5, 0.5], [0.25, 0.25]], interval="step")
    verdict = judge("lr_schedule", run, "lr_schedule")
    assert not verdict.passed and "interval='step'" in verdict.observed and "1 per epoch" in verdict.observed


def test_lr_schedule_names_a_scheduler_stepped_before_the_optimizer():
    calls = [SchedulerCall(train_pass=2 * e, steps_before=2 * e) for e in range(3)]
    run = sched_run([[0.5, 0.5], [0.25, 0.25], [0.125, 0.125]], calls=calls)
    verdict = judge("lr_schedule", run, "lr_schedule")
    assert not verdict.passed and "before any optimizer.step()" in verdict.observed


def test_lr_schedule_says_so_without_a_replayed_schedule():
    run = sched_run([[1.0, 1.0]])
    run = dataclasses.replace(run, production=dataclasses.replace(run.production, schedule=None))
    verdict = judge("lr_schedule", run, "lr_schedule")
    assert not verdict.passed and "could not be compared" in verdict.observed


def test_lr_history_passes_the_rate_each_epoch_started_with():
    run = sched_run([[1.0, 0.5], [0.25, 0.125]], interval="step", logged=[1.0, 0.25])
    assert judge("lr_history", run, "lr_schedule").passed


def test_lr_history_fails_the_rate_logged_after_the_scheduler_stepped():
    verdict = judge("lr_history", sched_run([[1.0, 1.0], [0.5, 0.5]], logged=[0.5, 0.25]), "lr_schedule")
    assert not verdict.passed and "epoch 1 is 0.5" in verdict.observed and "ran at a learning rate of 1" in verdict.observed


def test_lr_history_fails_a_missing_or_short_list():
    run = sched_run([[1.0, 1.0], [0.5, 0.5]], logged=[1.0])
    assert "1 entries for 2 epochs" in judge("lr_history", run, "lr_schedule").observed
    no_lr = dataclasses.replace(run, history=history(train_loss=[1.0, 0.5]))
    assert "no 'lr' list" in judge("lr_history", no_lr, "lr_schedule").observed


# ---- plateau_metric ----------------------------------------------------------------------
# two_epoch_run: validation per-sample losses 3.0 and 1.5 (batch means 4.0 and 2.0), training 2.0 and 0.5,
# the first batch of epoch 1's validation 2.0 and its last 6.0; train passes 0 and 2

def plateau_run(*metrics_per_epoch) -> Run:
    calls = [SchedulerCall(train_pass=2 * e, steps_before=2 * (e + 1), metric=m, metric_kind="float")
             for e, ms in enumerate(metrics_per_epoch) for m in ms]
    return dataclasses.replace(two_epoch_run(), production=Production(scheduler="ReduceLROnPlateau",
                                                                       interval="epoch", scheduler_calls=calls))


def test_plateau_metric_passes_the_epochs_validation_loss():
    verdict = judge("plateau_metric", plateau_run([3.0], [1.5]), "lr_schedule")
    assert verdict.passed, verdict.observed


def test_plateau_metric_leaves_a_batch_mean_validation_loss_to_weighted_average():
    assert judge("plateau_metric", plateau_run([4.0], [2.0]), "lr_schedule").passed


def test_plateau_metric_fails_the_training_loss():
    verdict = judge("plateau_metric", plateau_run([2.0], [0.5]), "lr_schedule")
    assert not verdict.passed and "training loss" in verdict.observed and "epochs 1-2" in verdict.observed


def test_plateau_metric_fails_one_batchs_loss():
    verdict = judge("plateau_metric", plateau_run([6.0], [3.0]), "lr_schedule")
    assert not verdict.passed and "one validation batch" in verdict.observed


def test_plateau_metric_fails_two_calls_or_none_in_an_epoch():
    verdict = judge("plateau_metric", plateau_run([3.0, 3.0], [1.5]), "lr_schedule")
    assert not verdict.passed and "called 2 times" in verdict.observed
    verdict = judge("plateau_metric", plateau_run([3.0], []), "lr_schedule")
    assert not verdict.passed and "called 0 times" in verdict.observed


# ---- amp_clip, amp_overflow, amp_autocast --------------------------------------------------

S = 65536.0


def amp_run(applied_norms=(1.0, 1.0, 0.5), true_norms=(10.0, 3.0, 0.5), nonfinite_step=False,
            scales_after=(S / 2,), injected=1) -> Run:
    """One epoch: backwards 0..n, the injected one (index `injected`) skipped unless
    nonfinite_step; steps apply `applied_norms` to true gradients of `true_norms`."""
    backwards = [Backward(train_pass=0, batch=0, loss_scale=S), Backward(train_pass=0, batch=1, loss_scale=S)]
    backwards += [Backward(train_pass=0, batch=2 + k, loss_scale=sc) for k, sc in enumerate(scales_after)]
    steps = [ProductionStep(train_pass=0, live=[0], ratio=applied_norms[0] / true_norms[0], grad_norm=applied_norms[0],
                            unscaled_norm=true_norms[0])]
    if nonfinite_step:
        steps.append(ProductionStep(train_pass=0, live=[1], finite=False, unscaled_norm=2.0))
    steps += [ProductionStep(train_pass=0, live=[2 + k], ratio=a / t, grad_norm=a, unscaled_norm=t)
              for k, (a, t) in enumerate(zip(applied_norms[1:], true_norms[1:]))]
    prod = Production(backwards=backwards, steps=steps, max_norm=1.0, amp_dtype="torch.bfloat16", injected=injected)
    return Run(scenario="main", status="ok", passes=[LoaderPass(role="train", batches=[32] * 4)], production=prod)


def test_amp_clip_passes_true_gradients_clipped_to_max_norm():
    verdict = judge("amp_clip", amp_run(), "amp_clipping")
    assert verdict.passed and "2 of them needed clipping" in verdict.observed


def test_amp_clip_fails_clipping_before_unscaling():
    # clipped while multiplied by S: the applied norm is max_norm / S
    verdict = judge("amp_clip", amp_run(applied_norms=(1 / S, 1 / S, 0.5 / S)), "amp_clipping")
    assert not verdict.passed and "max_norm / S" in verdict.observed and "norm 10 was applied" in verdict.observed


def test_amp_clip_fails_no_clipping():
    verdict = judge("amp_clip", amp_run(applied_norms=(10.0, 3.0, 0.5)), "amp_clipping")
    assert not verdict.passed and "not clipped" in verdict.observed


def test_amp_overflow_passes_a_skipped_update_and_a_lower_scale():
    verdict = judge("amp_overflow", amp_run(), "amp_clipping")
    assert verdict.passed and "65536 to 32768" in verdict.observed


def test_amp_overflow_fails_a_step_on_infinite_gradients():
    verdict = judge("amp_overflow", amp_run(nonfinite_step=True), "amp_clipping")
    assert not verdict.passed and "optimizer.step() ran on it" in verdict.observed and "batch 2" in verdict.observed


def test_amp_overflow_fails_a_scale_that_never_backs_off():
    verdict = judge("amp_overflow", amp_run(scales_after=(S,)), "amp_clipping")
    assert not verdict.passed and "scaler.update()" in verdict.observed


def test_amp_overflow_fails_an_unscaled_loss():
    run = amp_run()
    run.production.backwards = [dataclasses.replace(b, loss_scale=1.0) for b in run.production.backwards]
    verdict = judge("amp_overflow", run, "amp_clipping")
    assert not verdict.passed and "not scaled" in verdict.observed


def test_amp_overflow_says_so_when_no_overflow_was_injected():
    verdict = judge("amp_overflow", amp_run(injected=None), "amp_clipping")
    assert not verdict.passed and "did not happen" in verdict.observed


def test_amp_overflow_fails_a_gradscaler_of_the_students_own():
    # on a GPU the student's own GradScaler() works and backs off too: only the one passed in going unused shows it
    run = amp_run()
    run.production.scaler_used = False
    verdict = judge("amp_overflow", run, "amp_clipping")
    assert not verdict.passed and "never called scale() on the GradScaler passed in" in verdict.observed
    assert "of its own" in verdict.observed
    run.production.backwards = [dataclasses.replace(b, loss_scale=1.0) for b in run.production.backwards]
    assert "disabled" in judge("amp_overflow", run, "amp_clipping").observed


def test_scaler_used_reads_the_passed_scalers_own_state():
    from grader.job.observe.production import scaler_used
    scaler = torch.amp.GradScaler("cpu")
    assert scaler_used(scaler) is False and scaler_used(None) is None
    scaler.scale(torch.ones((), requires_grad=True) * 2)
    assert scaler_used(scaler) is True


def test_scale_checks_do_not_judge_backwards_from_another_loss():
    # F.mse_loss or a loss module of its own: no factor to read, so no story about dividing or unscaling
    run = accum_run()
    run.production.backwards = [dataclasses.replace(b, loss_scale=None) for b in run.production.backwards]
    verdict = judge("accum_scaling", run)
    assert not verdict.judged and "loss_fn passed in" in verdict.observed
    run = amp_run()
    run.production.backwards = [dataclasses.replace(b, loss_scale=None) for b in run.production.backwards]
    for check_id in ("amp_clip", "amp_overflow"):
        verdict = judge(check_id, run, "amp_clipping")
        assert not verdict.judged and "loss_fn passed in" in verdict.observed, check_id


def _autocast_run(enabled=True, dtype="torch.bfloat16", skip=()):
    run = two_epoch_run()
    state = [AutocastForward(forward=i, enabled=enabled if f.role == "train" else False, dtype=dtype)
             for i, f in enumerate(run.forwards) if i not in skip]
    return dataclasses.replace(run, production=Production(amp_dtype="torch.bfloat16", autocast=state))


def test_amp_autocast_passes_training_forwards_under_autocast_and_validation_outside():
    verdict = judge("amp_autocast", _autocast_run(), "amp_clipping")
    assert verdict.passed, verdict.observed
    # what a CPU run cannot see is said, not passed over in silence
    assert "only a GPU run can tell" in verdict.observed
    run = dataclasses.replace(_autocast_run(), device="cuda")
    assert "only a GPU run" not in judge("amp_autocast", run, "amp_clipping").observed


def test_amp_autocast_fails_validation_under_autocast():
    run = two_epoch_run()
    state = [AutocastForward(forward=i, enabled=True, dtype="torch.bfloat16") for i in range(len(run.forwards))]
    run = dataclasses.replace(run, production=Production(amp_dtype="torch.bfloat16", autocast=state))
    verdict = judge("amp_autocast", run, "amp_clipping")
    assert not verdict.passed and "4 of 4 validation forwards" in verdict.observed


def test_amp_autocast_fails_autocast_off():
    verdict = judge("amp_autocast", _autocast_run(enabled=False), "amp_clipping")
    assert not verdict.passed and "autocast was off" in verdict.observed and "4 of 4" in verdict.observed


def test_amp_autocast_fails_another_dtype_or_an_unobserved_forward():
    verdict = judge("amp_autocast", _autocast_run(dtype="torch.float16"), "amp_clipping")
    assert not verdict.passed and "torch.float16, not torch.bfloat16" in verdict.observed
    verdict = judge("amp_autocast", _autocast_run(skip=(0,)), "amp_clipping")
    assert not verdict.passed and "could not be observed" in verdict.observed


def test_inner_autocast_sees_autocast_entered_inside_the_models_forward():
    # `model.forward = torch.autocast(...)(model.forward)`: off at the model's own hooks, on at its layers
    from grader.job.observe.production import ProductionObserver
    obs = ProductionObserver.__new__(ProductionObserver)
    obs.device_type, obs.inner_autocast = "cpu", None
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout(0.1))
    handles = [model.register_forward_pre_hook(obs._reset_inner_autocast)]
    handles += [m.register_forward_pre_hook(obs._on_inner_forward) for m in list(model.modules())[1:]]
    model.forward = torch.autocast(device_type="cpu", dtype=torch.bfloat16)(model.forward)
    model(torch.ones(1, 2))
    assert obs.inner_autocast == (True, "torch.bfloat16")
    del model.forward
    model(torch.ones(1, 2))   # reset at the next forward: a plain one is seen as off
    assert obs.inner_autocast[0] is False
    for h in handles:
        h.remove()


# ---- tracker_rows, writer_scalars, tracker_checkpoint ----------------------------------------

TRAIN, VAL = [2.0, 1.0, 1.5], [3.0, 1.0, 2.0]   # best epoch 2


def tracked_run(rows=None, calls=None, lrs=(0.05, 0.05, 0.05)) -> Run:
    passes, steps = [], []
    for e, lr in enumerate(lrs):
        passes += [LoaderPass(role="train", batches=[4]), LoaderPass(role="val", batches=[4])]
        steps.append(ProductionStep(train_pass=2 * e, live=[], grad_norm=1.0, lr=lr))
    if rows is None:
        rows = [TrackerRow(run_id="r", epoch_number=float(e + 1), epoch_kind="int", train_loss=TRAIN[e], val_loss=VAL[e],
                           learning_rate=0.05, checkpoint_path="/c/epoch_1.pt" if e == 0 else "/c/epoch_2.pt",
                           created_at="2026-01-01T00:00:00", checkpoint="loaded",
                           checkpoint_distance=0.0 if e < 2 else 0.3) for e in range(3)]
    if calls is None:
        calls = [ScalarCall(method="add_scalar", tag=t, value=v[e], kind="float", step=e + 1, step_kind="int")
                 for e in range(3) for t, v in (("loss/train", TRAIN), ("loss/val", VAL))] + [ScalarCall(method="close")]
    prod = Production(steps=steps, run_id="r", tracker_rows=rows, scalar_calls=calls)
    return Run(scenario="main", status="ok", passes=passes, production=prod,
               history=history(train_loss=TRAIN, val_loss=VAL, best_epoch=2))


def tj(check_id, run):
    return judge(check_id, run, "experiment_tracking")


def test_tracking_checks_pass_a_tracked_run():
    for check_id in ("tracker_rows", "writer_scalars", "tracker_checkpoint"):
        verdict = tj(check_id, tracked_run())
        assert verdict.passed, (check_id, verdict.observed)


def test_tracker_rows_fails_uncommitted_zero_based_and_batch_values():
    assert "no committed row" in tj("tracker_rows", tracked_run(rows=[])).observed
    rows = tracked_run().production.tracker_rows
    shifted = [dataclasses.replace(r, epoch_number=r.epoch_number - 1) for r in rows]
    verdict = tj("tracker_rows", tracked_run(rows=shifted))
    assert not verdict.passed and "epoch_number 0, 1, 2" in verdict.observed
    batchy = [dataclasses.replace(rows[0], val_loss=7.0)] + rows[1:]
    verdict = tj("tracker_rows", tracked_run(rows=batchy))
    assert not verdict.passed and "epoch 1" in verdict.observed and "val_loss 7.0" in verdict.observed


def test_tracker_rows_fails_an_unreadable_table_or_a_stale_lr():
    run = tracked_run()
    run.production.tracker_rows, run.production.tracker_error = None, "OperationalError: no such table"
    assert "no such table" in tj("tracker_rows", run).observed
    verdict = tj("tracker_rows", tracked_run(lrs=(0.05, 0.025, 0.025)))
    assert not verdict.passed and "learning_rate" in verdict.observed


def test_writer_scalars_fails_batch_steps_zero_based_steps_tensors_and_no_close():
    calls = tracked_run().production.scalar_calls
    zero = [dataclasses.replace(c, step=c.step - 1) if c.step else c for c in calls]
    assert "global_step 0, 1, 2" in tj("writer_scalars", tracked_run(calls=zero)).observed
    tensors = [dataclasses.replace(c, kind="tensor") if c.tag == "loss/val" else c for c in calls]
    assert "as a tensor" in tj("writer_scalars", tracked_run(calls=tensors)).observed
    assert "neither flushed nor closed" in tj("writer_scalars", tracked_run(calls=calls[:-1])).observed
    wrong = [dataclasses.replace(c, value=9.0) if c.tag == "loss/train" and c.step == 2 else c for c in calls]
    assert "at step 2 was 9.0" in tj("writer_scalars", tracked_run(calls=wrong)).observed


def test_writer_scalars_accepts_add_scalars_and_a_flush():
    calls = [ScalarCall(method="add_scalars", tag=f"loss/{k}", value=v[e], kind="float", step=e + 1, step_kind="int")
             for e in range(3) for k, v in (("train", TRAIN), ("val", VAL))] + [ScalarCall(method="flush")]
    assert tj("writer_scalars", tracked_run(calls=calls)).passed


def test_writer_scalars_judges_add_scalar_and_add_scalars_as_separate_series():
    # both charts each epoch: TensorBoard keeps them apart, so neither counts as a repeat of the other
    calls = tracked_run().production.scalar_calls
    both = calls[:-1] + [ScalarCall(method="add_scalars", tag=f"loss/{k}", value=v[e], kind="float", step=e + 1,
                                    step_kind="int") for e in range(3) for k, v in (("train", TRAIN), ("val", VAL))] \
        + [ScalarCall(method="close")]
    assert tj("writer_scalars", tracked_run(calls=both)).passed
    # a series logged twice per epoch by the same method is still a repeat
    twice = calls[:-1] + calls[:-1] + [ScalarCall(method="close")]
    verdict = tj("writer_scalars", tracked_run(calls=twice))
    assert not verdict.passed and "logged 6 times" in verdict.observed
    # when neither series is the epoch curve, the add_scalar one is reported
    per_batch = [dataclasses.replace(c, step=c.step * 7) if c.step else c for c in both]
    verdict = tj("writer_scalars", tracked_run(calls=per_batch))
    assert not verdict.passed and "global_step 7, 14, 21" in verdict.observed


def test_tracker_checkpoint_fails_other_weights_missing_files_and_no_path():
    rows = tracked_run().production.tracker_rows
    other = [rows[0], dataclasses.replace(rows[1], checkpoint_distance=0.2), rows[2]]
    verdict = tj("tracker_checkpoint", tracked_run(rows=other))
    assert not verdict.passed and "other weights than epoch 2" in verdict.observed
    gone = [rows[0], dataclasses.replace(rows[1], checkpoint="missing"), rows[2]]
    assert "is missing" in tj("tracker_checkpoint", tracked_run(rows=gone)).observed
    none = [rows[0], dataclasses.replace(rows[1], checkpoint="none", checkpoint_path=None), rows[2]]
    assert "no checkpoint path" in tj("tracker_checkpoint", tracked_run(rows=none)).observed


def test_tracker_checkpoint_fails_a_later_row_naming_its_own_epoch_file():
    rows = tracked_run().production.tracker_rows
    own = rows[:2] + [dataclasses.replace(rows[2], checkpoint_path="/c/epoch_3.pt", checkpoint="missing",
                                          checkpoint_distance=None)]
    verdict = tj("tracker_checkpoint", tracked_run(rows=own))
    assert not verdict.passed
    assert "epoch 3 names 'epoch_3.pt' (no such file was written)" in verdict.observed
    assert "epoch 2's 'epoch_2.pt'" in verdict.observed
    # the same file under another folder spelling, or no path at all, is not another file
    spelled = rows[:2] + [dataclasses.replace(rows[2], checkpoint_path="c/./epoch_2.pt")]
    assert tj("tracker_checkpoint", tracked_run(rows=spelled)).passed
    blank = rows[:2] + [dataclasses.replace(rows[2], checkpoint_path=None, checkpoint="none")]
    assert tj("tracker_checkpoint", tracked_run(rows=blank)).passed
    # rows before the best epoch may name superseded (even deleted) checkpoints
    deleted = [dataclasses.replace(rows[0], checkpoint="missing", checkpoint_distance=None)] + rows[1:]
    assert tj("tracker_checkpoint", tracked_run(rows=deleted)).passed


# ---- the tracking observer, in process ------------------------------------------------------

def test_tracking_reader_sees_committed_rows_checkpoints_and_writer_calls(tmp_path):
    import sqlite3
    from exercises.experiment_tracking.writer import RecordingWriter
    from grader.job.observe import tracking
    db = tmp_path / "runs.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE training_history (run_id TEXT, epoch_number INTEGER, train_loss REAL, val_loss REAL, "
                "learning_rate REAL, checkpoint_path TEXT, created_at TEXT)")
    weights = {"w": torch.ones(2)}
    torch.save(weights, tmp_path / "epoch_1.pt")
    con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)", ("r", 1, 1.0, 2.0, 0.1, str(tmp_path / "epoch_1.pt"), "t"))
    con.commit()
    con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)", ("r", 2, 1.0, 2.0, 0.1, "nope.pt", "t"))
    rows, error = tracking.tracker_rows(db, "r", {1: {"w": torch.ones(2) * 1.5}})
    con.close()   # the second row was never committed
    assert error is None and len(rows) == 1
    assert rows[0].checkpoint == "loaded" and rows[0].checkpoint_distance == pytest.approx(0.5)
    writer = RecordingWriter()
    writer.add_scalar("loss/train", torch.tensor(1.5), 1)
    writer.add_scalars("loss", {"val": 2.0}, global_step=1)
    writer.close()
    calls = tracking.scalar_calls(writer)
    assert [(c.tag, c.kind, c.value, c.step) for c in calls[:2]] == [("loss/train", "tensor", 1.5, 1), ("loss/val", "float", 2.0, 1)]
    assert calls[-1].method == "close"


def test_tracking_reader_finds_the_model_in_a_general_checkpoint(tmp_path):
    from grader.job.observe import tracking
    want = {1: {"w": torch.ones(2)}}
    general = {"epoch": 1, "model_state_dict": {"w": torch.ones(2)}, "loss": 0.5,
               "optimizer_state_dict": {"state": {0: {"momentum_buffer": torch.zeros(2)}}, "param_groups": [{"lr": 0.1, "params": [0]}]}}
    torch.save(general, tmp_path / "general.pt")
    assert tracking._checkpoint(tmp_path / "general.pt", want, 1) == ("loaded", 0.0)
    assert tracking._checkpoint(tmp_path / "general.pt", {}, 1) == ("loaded", None)
    # two candidate state_dicts (say, the model and an EMA copy) with the model's keys: no guessing
    torch.save({"model": {"w": torch.ones(2)}, "ema": {"w": torch.zeros(2)}}, tmp_path / "two.pt")
    assert tracking._checkpoint(tmp_path / "two.pt", want, 1)[0] == "unloadable: not a state_dict"
    # a dict with no state_dict inside is still not a checkpoint of the model
    torch.save({"epoch": 1, "loss": 0.5}, tmp_path / "meta.pt")
    assert tracking._checkpoint(tmp_path / "meta.pt", want, 1)[0] == "unloadable: not a state_dict"


# ---- zero_grad on production runs ------------------------------------------------------------

def _clipped_run(live_per_step):
    """two_epoch_run's 4 steps with gradients not a multiple of their backward's (residual 0.3, as
    per-element or per-parameter clipping leaves), and the production observer's live lists."""
    run = two_epoch_run()
    steps = [dataclasses.replace(s, residual=0.3) for s in run.steps]
    prod = Production(steps=[ProductionStep(train_pass=s.train_pass, live=live) for s, live in zip(steps, live_per_step)])
    return dataclasses.replace(run, steps=steps, production=prod)


def test_zero_grad_leaves_unevenly_clipped_fresh_gradients_alone():
    assert judge("zero_grad", _clipped_run([[0], [1], [2], [3]]), "amp_clipping").passed


def test_zero_grad_still_fails_gradients_the_observer_saw_reused():
    verdict = judge("zero_grad", _clipped_run([[0], [0, 1], [0, 1, 2], [0, 1, 2, 3]]), "amp_clipping")
    assert not verdict.passed and "3 of 4" in verdict.observed


def test_zero_grad_fails_never_cleared_gradients_a_scaler_shrank():
    # unscale_ divides the stale part by the scale again each step: the residual is tiny, the reuse is not
    run = _clipped_run([[0], [0, 1], [0, 1, 2], [0, 1, 2, 3]])
    run.steps = [dataclasses.replace(s, residual=1e-5) for s in run.steps]
    verdict = judge("zero_grad", run, "amp_clipping")
    assert not verdict.passed and "never cleared" in verdict.observed


def test_amp_clip_leaves_steps_on_never_cleared_gradients_to_zero_grad():
    run = amp_run(applied_norms=(1.0, 0.2, 0.5))
    run.production.steps[1].live = [0, 2]   # still holds backward 0, which the first step used
    verdict = judge("amp_clip", run, "amp_clipping")
    assert verdict.passed, verdict.observed   # step 1 (0.2 applied for 3 true) is not judged


def test_zero_grad_falls_back_to_the_residual_when_the_steps_do_not_line_up():
    run = _clipped_run([[0], [1], [2], [3]])
    run.production.steps.pop()
    assert not judge("zero_grad", run, "amp_clipping").passed


# ---- the scheduler observer, in process ------------------------------------------------------

def _observe_scheduler(make, calls) -> Production:
    """Run one epoch of SGD steps under a Recorder with the scheduler `make(optimizer)` passed in,
    then `calls(scheduler, val_loss)` (the student's way of stepping it)."""
    setup = regression_setup("cpu", epochs=1, seed=7, lr=0.05)
    setup.kwargs = {"scheduler": make(setup.optimizer), "interval": "epoch"}
    recorder = Recorder(setup, "cpu", set())
    recorder.attach()
    try:
        for x, y in setup.train_loader:
            setup.optimizer.zero_grad()
            setup.loss_fn(setup.model(x), y).backward()
            setup.optimizer.step()
        calls(setup.kwargs["scheduler"], 0.75)
    finally:
        recorder.detach()
    return read_production(recorder.records()["production"])


@pytest.mark.parametrize("how", ["bound", "keyword", "class", "class keyword", "bound method taken"])
def test_observer_sees_plateau_steps_however_they_are_called(how):
    from torch.optim.lr_scheduler import ReduceLROnPlateau
    calls = {"bound": lambda s, v: s.step(v), "keyword": lambda s, v: s.step(metrics=v),
             "class": lambda s, v: ReduceLROnPlateau.step(s, v),
             "class keyword": lambda s, v: type(s).step(s, metrics=torch.tensor(v)),
             "bound method taken": lambda s, v: (lambda f: f(v))(s.step)}[how]
    prod = _observe_scheduler(lambda opt: ReduceLROnPlateau(opt, patience=2), calls)
    assert [(c.metric, c.steps_before) for c in prod.scheduler_calls] == [(0.75, 7)]


def test_observer_sees_an_epoch_scheduler_stepped_through_its_base_class_and_restores_it():
    from torch.optim.lr_scheduler import LRScheduler, StepLR
    original = LRScheduler.__dict__["step"]
    prod = _observe_scheduler(lambda opt: StepLR(opt, step_size=1), lambda s, v: (LRScheduler.step(s), StepLR.step(s)))
    assert [c.metric_kind for c in prod.scheduler_calls] == ["none", "none"]
    assert LRScheduler.__dict__["step"] is original


def test_observer_ignores_other_scheduler_instances():
    import copy
    from torch.optim.lr_scheduler import StepLR
    prod = _observe_scheduler(lambda opt: StepLR(opt, step_size=1), lambda s, v: copy.deepcopy(s).step())
    assert prod.scheduler_calls == []


# ---- amp_clipping with float16 autocast on a CPU -------------------------------------------------

FP16_SCRIPT = r'''
import json, torch
from grader.job.observe import patches
patches.install()
from grader import checks
from grader.checks import CheckContext
from grader.exercise import load_exercise
from grader.job.observe.recorder import Recorder
from grader.trace import read_run
from grader.trace.envelope import Load
from exercises.amp_clipping.scenario import main
from reference.amp_clipping import train as reference

EPOCHS = 3

def observe(loop, dtype):
    s = main("cpu")
    s.epochs = EPOCHS
    s.kwargs["amp_dtype"] = dtype
    r = Recorder(s, "cpu", set())
    r.attach()
    try:
        history = loop(s.model, s.train_loader, s.val_loader, s.loss_fn, s.optimizer, EPOCHS, "cpu", **s.kwargs)
    finally:
        r.detach()
    return read_run(dict(r.records(), scenario="main", status="ok", epochs=EPOCHS, kwargs={}))

def clip_first(model, tl, vl, loss_fn, opt, epochs, device, scaler, max_norm, amp_dtype):
    for _ in range(epochs):
        model.train()
        for x, y in tl:
            opt.zero_grad()
            with torch.autocast("cpu", dtype=amp_dtype):
                loss = loss_fn(model(x.to(device)), y.to(device))
            scaler.scale(loss).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            scaler.step(opt)
            scaler.update()

def judge(run):
    ex = load_exercise("amp_clipping")
    ctx = CheckContext(exercise=ex, params={}, load=Load(train_found=True), runs={"main": run}, refs={"main": run},
                       scenarios=["main"])
    return {c: (lambda v: [v.passed, v.observed])(checks.get(c).check(ctx))
            for c in ("amp_autocast", "amp_clip", "amp_overflow", "zero_grad")}

run = observe(reference, torch.float16)
out = {"float16": judge(run), "clip_first": judge(observe(clip_first, torch.float16)),
       "unstepped": len(run.production.backwards) - len(run.production.steps),
       "scales": sorted({b.loss_scale for b in run.production.backwards})}
print(json.dumps(out))
'''


def _cpu_float16_autocast() -> bool:
    try:
        with torch.autocast("cpu", dtype=torch.float16):
            return torch.nn.Linear(2, 1)(torch.ones(1, 2)).dtype == torch.float16
    except (RuntimeError, TypeError, ValueError):
        return False


@pytest.mark.slow
@pytest.mark.skipif(not _cpu_float16_autocast(), reason="this torch has no float16 autocast on CPU")
def test_amp_checks_hold_with_float16_autocast_on_a_cpu():
    """The CUDA path's dtype (float16), run on a CPU: its real overflows come on top of the injected
    one, and the amp checks still pass the reference loop and catch clipping before unscale_. A fresh
    interpreter: the recorder patches torch process-wide."""
    import json
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", FP16_SCRIPT], cwd=root, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(passed for passed, _ in out["float16"].values()), out["float16"]
    assert "torch.float16" in out["float16"]["amp_autocast"][1]
    passed, observed = out["clip_first"]["amp_clip"]
    assert not passed and "max_norm / S" in observed
    # float16 overflowed for real too: more skipped updates than the injected one, the scale backed off each time
    assert out["unstepped"] > 1 and min(out["scales"]) < 65536 / 2


def test_nan_weights_are_not_a_zero_distance():
    # an applied overflow leaves NaN weights: max(0.0, nan) is 0.0, which read as 'the returned weights
    # are this snapshot' and got an honest NaN run flagged for tampering when the digests differed
    from grader.job.observe.recorder import _max_abs_diff
    nan = {"w": torch.tensor([float("nan"), 1.0])}
    assert _max_abs_diff(nan, {"w": torch.tensor([float("nan"), 2.0])}) == float("inf")
    assert _max_abs_diff({"w": torch.ones(2)}, {"w": torch.ones(2)}) == 0.0
