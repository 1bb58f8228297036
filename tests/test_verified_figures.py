"""The checks that judge validation figures (best_epoch, early_stopping, best_checkpoint) judge
the parent's recomputation from each epoch's streamed weights (Run.recomputed_val, set by
grader.verify.evaluate_runs), and follow the history's own figures only where those weights
explain them: a history and a recorder that agree on made-up figures earn nothing."""
from __future__ import annotations

from trace_builders import history, two_epoch_run

from grader.checks import CheckContext, best_checkpoint, best_epoch, early_stopping
from grader.exercise import load_exercise
from grader.trace.read import averagings, own_val_losses, verified_val_losses
from grader.trace.records import RecomputedVal
from grader.verify import evaluate_runs
from grader.trace.envelope import Load


def _figures(*losses, batches=None, rtol=1e-4):
    """Parent figures at the two_epoch_run's snapshots (forwards 2 and 6)."""
    return [RecomputedVal(forward=f, loss=v, rtol=rtol, batches=(batches or {}).get(i, []))
            for i, (f, v) in enumerate(zip((2, 6), losses))]


def _ctx(run):
    return CheckContext(exercise=load_exercise("early_stopping"), params={}, load=Load(train_found=True),
                        runs={"main": run}, refs={"main": two_epoch_run()}, scenarios=["main"])


def test_honest_figures_are_the_recorders_exactly():
    run = two_epoch_run()
    run.recomputed_val = _figures(3.0 * (1 + 1e-6), 1.5)
    assert verified_val_losses(run) == [3.0, 1.5]   # the in-process figure, where the weights agree
    assert own_val_losses(run) == [3.0, 1.5]
    assert best_epoch.check(_ctx(run)).passed


def test_made_up_figures_agreed_by_history_and_recorder_earn_nothing():
    # the recorder and the history both say epoch 2 is best (3.0 then 1.5); the weights say epoch 1
    run = two_epoch_run()
    run.recomputed_val = _figures(1.0, 2.0, batches={0: [[3, 1.0], [1, 1.0]], 1: [[3, 2.0], [1, 2.0]]})
    assert verified_val_losses(run) == [1.0, 2.0]
    assert own_val_losses(run) is None
    verdict = best_epoch.check(_ctx(run))
    assert not verdict.passed and verdict.details["expected"] == [1]
    run.weights.final_distance = [0.5, 0.0]   # the returned weights are epoch 2's
    assert not best_checkpoint.check(_ctx(run)).passed


def test_a_mis_averaged_history_is_still_followed():
    # the loop averages batch means (3.0 and 1.0 -> 2.0) where the per-sample mean is 2.5
    run = two_epoch_run()
    run.recomputed_val = _figures(2.5, 1.5, batches={0: [[3, 3.0], [1, 1.0]], 1: [[3, 1.5], [1, 1.5]]})
    run.history = history(train_loss=[2.0, 0.5], val_loss=[2.0, 1.5], best_epoch=2)
    assert 2.0 in averagings([[3, 3.0], [1, 1.0]])
    assert own_val_losses(run) == [2.0, 1.5]
    assert best_epoch.check(_ctx(run)).passed


def test_train_mode_validation_is_followed_where_the_parent_cannot_reproduce_it():
    run = two_epoch_run()
    for f in run.forwards:
        if f.role == "val":
            f.any_training = f.training = True
    run.recomputed_val = _figures(1.0, 2.0)   # eval-mode figures: dropout off
    assert own_val_losses(run) == [3.0, 1.5]
    assert best_epoch.check(_ctx(run)).passed   # eval_mode charges the train-mode validation


def test_early_stopping_judges_the_weights_figures():
    # patience 1, budget 5: the weights improve (3.0 -> 1.5), so stopping after epoch 2 is early;
    # the recorder and the history both say 1.0 then 2.0, which would make the stop due
    run = two_epoch_run(val_losses=(1.0, 1.0, 2.0, 2.0))
    run.epochs, run.kwargs = 5, {"patience": 1}
    run.history = history(train_loss=[2.0, 0.5], val_loss=[1.0, 2.0], best_epoch=1)
    assert early_stopping.check(_ctx(run)).passed   # no recomputation: the recorder's word
    run.recomputed_val = _figures(3.0, 1.5)
    verdict = early_stopping.check(_ctx(run))
    assert not verdict.passed and verdict.details["expected"] == 5


def test_an_epoch_without_a_snapshot_has_the_last_weights_figure():
    run = two_epoch_run()
    run.recomputed_val = _figures(3.0)   # no step since epoch 1's snapshot: the same weights
    assert verified_val_losses(run) == [3.0, 3.0]
    run.recomputed_val = [RecomputedVal(forward=2, loss=None, rtol=1e-4)]   # unreadable: flagged elsewhere
    assert verified_val_losses(run) == [3.0, 1.5]


def test_a_diverged_run_agrees_with_its_non_finite_figures():
    run = two_epoch_run(val_losses=(2.0, 6.0, float("nan"), float("nan")))
    run.history = history(train_loss=[2.0, 0.5], val_loss=[3.0, float("nan")], best_epoch=1)
    run.recomputed_val = _figures(3.0, float("nan"))
    assert own_val_losses(run) is not None
    assert best_epoch.check(_ctx(run)).passed


def test_the_parent_drops_figures_a_trace_brings():
    forged = {"type": "run", "scenario": "no such scenario", "status": "ok",
              "recomputed_val": [{"forward": 0, "loss": 1.0, "rtol": 1.0, "batches": []}]}
    evaluate_runs(load_exercise("training_loop"), [forged], 0)
    assert forged["recomputed_val"] == []
