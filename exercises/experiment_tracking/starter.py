"""Starter: experiment tracking (see statement.md)."""
import datetime
import os
import sqlite3

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    """Train ``model`` for ``epochs`` epochs, recording the run in ``tracker`` and ``writer``.

    Args:
        model: an nn.Module already on ``device`` (it contains Dropout).
        train_loader, val_loader: DataLoaders yielding CPU ``(x, y)`` batches; move them to ``device``.
        loss_fn: nn.MSELoss() with reduction="mean".
        optimizer: a torch.optim optimizer built on ``model.parameters()``.
        epochs: the number of epochs to run.
        device: "cpu", "cuda", ...
        tracker: path of an SQLite file holding the training_history table.
        run_id: the run's id. checkpoint_dir: an existing folder for checkpoint files.
        writer: a SummaryWriter-like object (add_scalar, add_scalars, flush, close).

    Returns:
        {"train_loss": [...], "val_loss": [...], "best_epoch": int}: plain Python floats, one per
        epoch, each a per-sample average; best_epoch is 1-based.
    """
    history = {"train_loss": [], "val_loss": []}
    best_val, best_epoch, best_path = float("inf"), 0, None
    con = sqlite3.connect(tracker)

    for epoch in range(1, epochs + 1):
        # TODO read lr = optimizer.param_groups[0]["lr"]; train (model.train(), zero_grad, forward,
        #      loss, backward, step per batch) and validate (model.eval(), torch.no_grad()).
        # TODO append the per-sample mean losses to history.
        # TODO if val_loss < best_val: remember it and the epoch, torch.save(model.state_dict(), path)
        #      with path = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt"), best_path = path.
        # TODO con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)",
        #      (run_id, epoch, train_loss, val_loss, lr, best_path, timestamp)); con.commit()
        # TODO writer.add_scalar("loss/train", train_loss, epoch); writer.add_scalar("loss/val", val_loss, epoch)
        raise NotImplementedError("write the training loop")

    con.close()
    writer.close()
    history["best_epoch"] = best_epoch
    return history
