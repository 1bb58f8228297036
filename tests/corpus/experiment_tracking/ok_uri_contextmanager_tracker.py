# expect: pass
"""The tracker opened as an SQLite URI (`file:...?mode=rw`, uri=True) inside a generator-based
context manager that commits and closes in its finally block; per-epoch helpers; a timestamp from
time.time(); checkpoint paths joined with os.path."""
import os
import sqlite3
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from urllib.parse import quote

import torch


@contextmanager
def open_run_table(path):
    con = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=rw", uri=True)
    try:
        yield con
        con.commit()
    finally:
        con.close()


def fit_epoch(model, loader, loss_fn, optimizer, device):
    model.train()
    total, seen = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += loss.item() * len(y)
        seen += len(y)
    return total / seen


@torch.no_grad()
def validate(model, loader, loss_fn, device):
    model.eval()
    total, seen = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        total += loss_fn(model(x), y).item() * len(y)
        seen += len(y)
    return total / seen


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", tracker=None,
          run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    best_epoch, best_path = 0, None
    with open_run_table(tracker) as con:
        for epoch in range(1, epochs + 1):
            lr = optimizer.param_groups[0]["lr"]
            train_loss = fit_epoch(model, train_loader, loss_fn, optimizer, device)
            val_loss = validate(model, val_loader, loss_fn, device)
            history["train_loss"].append(train_loss)
            history["val_loss"].append(val_loss)
            if best_epoch == 0 or val_loss < history["val_loss"][best_epoch - 1]:
                best_epoch = epoch
                best_path = os.path.join(checkpoint_dir, "epoch_{}.pt".format(epoch))
                torch.save(model.state_dict(), best_path)
            stamp = datetime.fromtimestamp(time.time(), tz=timezone.utc).isoformat()
            con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (run_id, epoch, train_loss, val_loss, lr, best_path, stamp))
            writer.add_scalar("loss/train", train_loss, epoch)
            writer.add_scalar("loss/val", val_loss, epoch)
    writer.close()
    history["best_epoch"] = best_epoch
    return history
