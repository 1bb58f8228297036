"""Pure trace arithmetic the checks rely on (grader.trace.read), on small typed traces."""
import dataclasses

from grader.trace import LoaderPass
from grader.trace.read import (best_epochs, close, epochs, epochs_label, expected_stop, last_improvement,
                               mean_accuracy, mean_loss, mean_student_loss, observed_train_losses,
                               observed_val_losses, sweep_forwards)
from trace_builders import fw, step, two_epoch_run


def test_epochs_group_forwards_by_training_pass_and_validation_sweeps():
    e1, e2 = epochs(two_epoch_run())
    assert (e1.train_pass, e1.train, e1.val, e1.steps) == (0, [0, 1], [2, 3], [0, 1])
    assert (e2.train_pass, e2.train, e2.val_groups) == (2, [4, 5], [[6, 7]])


def test_materialised_batches_still_make_epochs():
    """Forwards and steps after the train pass ended belong to the pass started before them."""
    run = two_epoch_run(materialised=True)
    assert [len(e.train) for e in epochs(run)] == [2, 2]
    assert observed_train_losses(run) == [(4 * 1.0 + 2 * 4.0) / 6, 0.5]


def test_peeks_and_extra_passes_do_not_open_epochs():
    run = two_epoch_run()
    # a peek pass (no steps) before the first epoch, and an evaluation pass over the train set after it
    passes = [LoaderPass(role="train", batches=[4])] + run.passes
    shift = lambda r: dataclasses.replace(r, train_pass=r.train_pass + 1)
    run = dataclasses.replace(run, passes=passes, forwards=[shift(f) for f in run.forwards],
                              steps=[shift(s) for s in run.steps])
    assert [e.train_pass for e in epochs(run)] == [1, 3]


def test_a_single_step_after_the_batch_loop_still_makes_an_epoch():
    run = two_epoch_run()
    run = dataclasses.replace(run, steps=[step(0), step(2)])
    assert [e.steps for e in epochs(run)] == [[0], [1]]


def test_without_any_step_training_forwards_make_the_epochs():
    run = dataclasses.replace(two_epoch_run(), steps=[])
    assert len(epochs(run)) == 2


def test_evaluation_with_grad_on_the_train_set_is_not_training():
    run = two_epoch_run()
    extra = LoaderPass(role="train", batches=[4, 2], complete=True)
    forwards = run.forwards[:4] + [fw([0, 1, 2, 3], train_pass=4), fw([4, 5], train_pass=4)] + run.forwards[4:]
    run = dataclasses.replace(run, passes=run.passes + [extra], forwards=forwards)
    (e1, _) = epochs(run)
    assert e1.train == [0, 1]


def test_a_repeated_batch_counts_once_and_a_whole_set_forward_is_a_sweep():
    run = two_epoch_run()
    forwards = run.forwards[:3] + [fw([0, 1, 2], "val", 2.0, train_pass=0)] + run.forwards[3:4] \
        + [fw([0, 1, 2, 3], "val", 3.0, train_pass=0)] + run.forwards[4:]
    run = dataclasses.replace(run, forwards=forwards, weights=None)
    assert epochs(run)[0].val_groups == [[2, 4], [5]]


def test_per_sample_and_per_batch_means_differ_on_a_short_last_batch():
    run = two_epoch_run()
    assert observed_val_losses(run) == [(3 * 2.0 + 1 * 6.0) / 4, (3 * 1.0 + 3.0) / 4]
    sweep = sweep_forwards(run, epochs(run)[0].val_groups[0])
    assert mean_loss(sweep, weighted=False) == 4.0
    assert mean_accuracy(sweep) == 3 / 4 and mean_accuracy(sweep, weighted=False) == 0.5


def test_student_losses_come_from_the_loss_calls():
    run = two_epoch_run()
    run.loss_calls[0].value = 10.0
    assert mean_student_loss(run, [0, 1]) == (4 * 10.0 + 2 * 4.0) / 6
    run.loss_calls[1].value = None
    assert mean_student_loss(run, [0, 1]) is None


def test_expected_stop_counts_patience_consecutive_non_improvements():
    losses = [5, 4, 4, 4.5, 3.9, 4, 4, 4]
    assert expected_stop(losses, patience=3, budget=8) == 8      # 3 bad epochs end exactly at 8
    assert expected_stop(losses, patience=2, budget=8) == 4      # equal is not an improvement
    assert expected_stop(losses, patience=4, budget=8) == 8      # never fires: the budget
    assert last_improvement(losses, 8) == 5 and last_improvement(losses, 3) == 2


def test_best_epochs_are_one_based_and_keep_ties():
    assert best_epochs([3.0, 1.0, 2.0, 1.0]) == [2, 4]
    assert best_epochs([None, 2.0]) == [2]
    assert best_epochs([]) == []


def test_close_is_relative_with_a_floor():
    assert close(1.0, 1.00005) and not close(1.0, 1.001)
    assert close(0.0, 5e-7) and not close(None, 1.0)


def test_epochs_label_compresses_ranges():
    assert epochs_label([2, 3, 4, 9]) == "epochs 2-4, 9"
    assert epochs_label([7]) == "epoch 7"
