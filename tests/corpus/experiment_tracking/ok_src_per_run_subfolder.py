# expect: pass
# source style: production run layouts (`Path(checkpoint_dir) / run_id / f"epoch_{epoch}.pt"`, `mkdir(parents=True, exist_ok=True)`), `add_scalar(..., new_style=True)`
"""Checkpoints under a per-run subfolder of checkpoint_dir, created with `mkdir(parents=True,
exist_ok=True)`; rows committed each epoch, closed in `finally`; `new_style=True` scalars."""
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    run_dir = Path(checkpoint_dir) / run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    history = {"train_loss": [], "val_loss": []}
    best_val, best_path = float("inf"), None
    con = sqlite3.connect(tracker)
    try:
        for epoch in range(1, epochs + 1):
            model.train()
            t = 0.0
            for x, y in train_loader:
                x, y = x.to(device), y.to(device)
                optimizer.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
                t += loss.item() * x.size(0)
            model.eval()
            v = 0.0
            with torch.no_grad():
                for x, y in val_loader:
                    x, y = x.to(device), y.to(device)
                    v += loss_fn(model(x), y).item() * x.size(0)
            train_loss, val_loss = t / len(train_loader.dataset), v / len(val_loader.dataset)
            history["train_loss"].append(train_loss)
            history["val_loss"].append(val_loss)
            if val_loss < best_val:
                best_val, history["best_epoch"] = val_loss, epoch
                best_path = run_dir / f"epoch_{epoch}.pt"
                torch.save(model.state_dict(), best_path)
            con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (run_id, epoch, train_loss, val_loss, optimizer.param_groups[0]["lr"],
                         best_path.as_posix(), datetime.now(timezone.utc).isoformat(timespec="milliseconds")))
            con.commit()
            writer.add_scalar("loss/train", train_loss, epoch, new_style=True)
            writer.add_scalar("loss/val", val_loss, epoch, new_style=True)
    finally:
        con.close()
    writer.flush()
    writer.close()
    return history
