# expect: pass
# source style: sqlite3 docs idioms (named `:placeholders` with dicts, `executemany`, `contextlib.closing`), TensorBoard `add_scalar` with `walltime`, `Path` passed straight to `torch.save`
"""Rows built as dicts and written with named placeholders by one `executemany` at the end inside
`with con:`; the connection opened on `pathlib.Path(tracker)` with `contextlib.closing`; the
checkpoint path a `Path` given to torch.save and stored with `os.fspath`; `created_at` from
`datetime.now(timezone.utc)`; scalars with `walltime=time.time()`, closed at the end."""
import contextlib
import os
import pathlib
import sqlite3
import time
from datetime import datetime, timezone

import torch


@torch.no_grad()
def evaluate(model, loader, loss_fn, device):
    model.eval()
    s = 0.0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        s += loss_fn(model(x), y).item() * x.shape[0]
    return s / len(loader.dataset)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    rows = []
    best_epoch, best_ckpt = None, None
    for epoch in range(epochs):
        step = epoch + 1
        model.train()
        s = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            out = model(x)
            loss = loss_fn(out, y)
            loss.backward()
            optimizer.step()
            s += loss.item() * x.shape[0]
        train_loss = s / len(train_loader.dataset)
        val_loss = evaluate(model, val_loader, loss_fn, device)
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        if best_epoch is None or val_loss < history["val_loss"][best_epoch - 1]:
            best_epoch = step
            best_ckpt = pathlib.Path(checkpoint_dir, f"epoch_{step}.pt")
            torch.save(model.state_dict(), best_ckpt)
        rows.append({"run_id": run_id, "epoch": step, "train": train_loss, "val": val_loss,
                     "lr": optimizer.param_groups[0]["lr"], "ckpt": os.fspath(best_ckpt),
                     "ts": datetime.now(timezone.utc).isoformat()})
        now = time.time()
        writer.add_scalar("loss/train", train_loss, global_step=step, walltime=now)
        writer.add_scalar("loss/val", val_loss, global_step=step, walltime=now)
    with contextlib.closing(sqlite3.connect(pathlib.Path(tracker))) as con:
        with con:
            con.executemany(
                "INSERT INTO training_history VALUES (:run_id, :epoch, :train, :val, :lr, :ckpt, :ts)", rows)
    writer.close()
    history["best_epoch"] = best_epoch
    return history
