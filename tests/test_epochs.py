"""Pure trace arithmetic the checks rely on."""
from grader.checks.epochs import (best_epochs, close, epochs, epochs_label, expected_stop, mean_accuracy,
                                  mean_loss, observed_train_losses, observed_val_losses, sweep_forwards)


def fw(pass_, batch, role, rows, loss, correct=None):
    return {"pass": pass_, "batch": batch, "role": role, "n": len(rows), "isum": sum(rows),
            "isq": sum(r * r for r in rows), "loss": loss, "correct": correct}


def _run():
    """Epoch 1 trains on 6 rows (4 + 2) and validates 4 rows (3 + 1), forwarding the first val
    batch twice; then a pass over the train loader without steps (an evaluation), then a
    validation of the whole set in one concatenated forward outside any loader pass."""
    forwards = [
        fw(0, 0, "train", [0, 1, 2, 3], 1.0), fw(0, 1, "train", [4, 5], 4.0),
        fw(1, 0, "val", [0, 1, 2], 2.0, 3), fw(1, 0, "val", [0, 1, 2], 2.0, 3), fw(1, 1, "val", [3], 6.0, 0),
        fw(2, 0, "train", [0, 1, 2, 3], 0.5), fw(2, 1, "train", [4, 5], 0.5),
        fw(None, None, "val", [0, 1, 2, 3], 3.0, 3),
    ]
    passes = [{"role": "train", "batches": [4, 2], "complete": True, "steps": 2},
              {"role": "val", "batches": [3, 1], "complete": True, "steps": 0},
              {"role": "train", "batches": [4, 2], "complete": True, "steps": 0}]
    return {"passes": passes, "forwards": forwards, "sizes": {"train": 6, "val": 4}}


def test_epochs_group_forwards_by_training_pass_and_validation_sweeps():
    (e,) = epochs(_run())
    assert e.train_pass == 0 and e.train == [0, 1]
    assert e.val_groups == [[2, 4], [7]]   # the repeated batch counts once; the big forward is a sweep


def test_per_sample_and_per_batch_means_differ_on_a_short_last_batch():
    run = _run()
    assert observed_train_losses(run) == [(4 * 1.0 + 2 * 4.0) / 6]
    assert observed_val_losses(run) == [(3 * 2.0 + 1 * 6.0) / 4]
    sweep = sweep_forwards(run, epochs(run)[0].val_groups[0])
    assert mean_loss(sweep, weighted=False) == 4.0
    assert mean_accuracy(sweep) == 3 / 4 and mean_accuracy(sweep, weighted=False) == 0.5


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
