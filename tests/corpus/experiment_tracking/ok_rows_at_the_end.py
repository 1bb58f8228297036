# expect: pass
"""Rows collected in memory and written in one transaction at the end (contextlib.closing around
the connection, `with con:` commits); add_scalars for both curves; helper functions per phase."""
import contextlib
import os
import sqlite3
import time

import torch


def run_epoch(model, loader, loss_fn, device, optimizer=None):
    training = optimizer is not None
    model.train(training)
    seen, total = 0, 0.0
    with torch.set_grad_enabled(training):
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            if training:
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
            total += loss.item() * len(xb)
            seen += len(xb)
    return total / seen


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", tracker=None,
          run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    rows, best, best_path = [], None, None
    for epoch in range(1, epochs + 1):
        lr = float(optimizer.param_groups[0]["lr"])
        train_loss = run_epoch(model, train_loader, loss_fn, device, optimizer)
        val_loss = run_epoch(model, val_loader, loss_fn, device)
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        if best is None or val_loss < history["val_loss"][best - 1]:
            best = epoch
            best_path = os.path.join(checkpoint_dir, "epoch_%d.pt" % epoch)
            torch.save(model.state_dict(), best_path)
        rows.append((run_id, epoch, train_loss, val_loss, lr, best_path, time.strftime("%Y-%m-%dT%H:%M:%S")))
        writer.add_scalars("loss", {"train": train_loss, "val": val_loss}, global_step=epoch)
    with contextlib.closing(sqlite3.connect(tracker)) as con:
        with con:
            con.executemany("INSERT INTO training_history (run_id, epoch_number, train_loss, val_loss, "
                            "learning_rate, checkpoint_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    writer.flush()
    history["best_epoch"] = best
    return history
