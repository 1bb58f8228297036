"""Pure trace arithmetic the checks rely on."""
from grader.checks.epochs import (best_epochs, close, epochs, epochs_label, expected_stop, pass_accuracy,
                                  pass_loss)


def _run():
    # epoch 1: train pass 0 (2 batches: 4 + 2 samples), val pass 1 (3 + 1); a val pass before
    # training (pass 2 would be epoch 2's) is ignored; train pass 3 without steps is evaluation
    forwards = [
        {"pass": 0, "batch": 0, "n": 4, "loss": 1.0, "matches_batch": True},
        {"pass": 0, "batch": 1, "n": 2, "loss": 4.0, "matches_batch": True},
        {"pass": 1, "batch": 0, "n": 3, "loss": 2.0, "correct": 3, "matches_batch": True},
        {"pass": 1, "batch": 0, "n": 3, "loss": 9.0, "correct": 0, "matches_batch": True},  # 2nd forward, ignored
        {"pass": 1, "batch": 1, "n": 1, "loss": 6.0, "correct": 0, "matches_batch": True},
    ]
    passes = [{"role": "train", "batches": [4, 2], "complete": True, "steps": 2},
              {"role": "val", "batches": [3, 1], "complete": True, "steps": 0},
              {"role": "train", "batches": [4, 2], "complete": True, "steps": 0}]
    return {"passes": passes, "forwards": forwards}


def test_epochs_are_opened_by_passes_that_step():
    es = epochs(_run())
    assert len(es) == 1 and es[0].train_pass == 0 and es[0].val_passes == [1]


def test_per_sample_and_per_batch_means_differ_on_a_short_last_batch():
    run = _run()
    assert pass_loss(run, 0) == (4 * 1.0 + 2 * 4.0) / 6
    assert pass_loss(run, 0, weighted=False) == 2.5
    assert pass_accuracy(run, 1) == 3 / 4
    assert pass_accuracy(run, 1, weighted=False) == 0.5


def test_expected_stop_counts_patience_consecutive_non_improvements():
    losses = [5, 4, 4, 4.5, 3.9, 4, 4, 4]
    assert expected_stop(losses, patience=3, budget=8) == 8      # 3 bad epochs end exactly at 8
    assert expected_stop(losses, patience=2, budget=8) == 4      # equal is not an improvement
    assert expected_stop(losses, patience=4, budget=8) == 8      # never fires: the budget


def test_best_epochs_are_one_based_and_keep_ties():
    assert best_epochs([3.0, 1.0, 2.0, 1.0]) == [2, 4]
    assert best_epochs([None, 2.0]) == [2]


def test_close_is_relative_with_a_floor():
    assert close(1.0, 1.00005) and not close(1.0, 1.001)
    assert close(0.0, 5e-7) and not close(None, 1.0)


def test_epochs_label_compresses_ranges():
    assert epochs_label([2, 3, 4, 9]) == "epochs 2-4, 9"
    assert epochs_label([7]) == "epoch 7"
