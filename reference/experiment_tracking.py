"""Reference for the ``experiment_tracking`` exercise (seed 002's table, seed 001's TensorBoard).

Each epoch: one row in the tracker's ``training_history`` table (run id, 1-based epoch, the
epoch's train/val losses as floats, the learning rate, the path of the best checkpoint so far,
a timestamp), one ``add_scalar`` per loss with ``global_step=epoch``; a checkpoint file whenever
the validation loss improves. The connection is committed and closed, the writer closed.
"""
from __future__ import annotations

import datetime
import os
import sqlite3

import torch

from reference._loop import BestCheckpoint, evaluate, train_one_epoch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", tracker=None,
          run_id="run", checkpoint_dir=".", writer=None):
    """Train and track the run; returns per-epoch losses and the best epoch."""
    history = {"train_loss": [], "val_loss": []}
    best = BestCheckpoint(keep_weights=False)
    best_path = None
    con = sqlite3.connect(tracker)
    try:
        for epoch in range(1, epochs + 1):
            lr = optimizer.param_groups[0]["lr"]
            train_loss = train_one_epoch(model, train_loader, loss_fn, optimizer, device)
            val_loss, _ = evaluate(model, val_loader, loss_fn, device)
            history["train_loss"].append(train_loss)
            history["val_loss"].append(val_loss)
            if best.update(model, val_loss, epoch):
                best_path = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt")
                torch.save(model.state_dict(), best_path)
            con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (run_id, epoch, train_loss, val_loss, lr, best_path,
                         datetime.datetime.now(datetime.timezone.utc).isoformat()))
            con.commit()
            writer.add_scalar("loss/train", train_loss, epoch)
            writer.add_scalar("loss/val", val_loss, epoch)
    finally:
        con.close()
        writer.close()
    history["best_epoch"] = best.epoch
    return history
