# expect: pass
# source style: TensorBoard tutorials that log each curve on its own chart (`add_scalar("loss/train", ...)`) and both on one chart (`add_scalars("loss", {...})`)
"""Each epoch: `add_scalar("loss/train")`, `add_scalar("loss/val")` for separate charts, and
`add_scalars("loss", {"train": ..., "val": ...})` for the overlay (TensorBoard keeps the latter as
tag "loss" in the runs "loss_train"/"loss_val", another series than "loss/train"); `writer.close()`."""
import contextlib
import os
import sqlite3
from datetime import datetime, timezone

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    best, best_path = None, None
    with contextlib.closing(sqlite3.connect(tracker)) as con:
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
            if best is None or val_loss < history["val_loss"][best - 1]:
                best = epoch
                best_path = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt")
                torch.save(model.state_dict(), best_path)
            with con:
                con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (run_id, epoch, train_loss, val_loss, optimizer.param_groups[0]["lr"], best_path,
                             datetime.now(timezone.utc).isoformat()))
            writer.add_scalar("loss/train", train_loss, epoch)
            writer.add_scalar("loss/val", val_loss, epoch)
            writer.add_scalars("loss", {"train": train_loss, "val": val_loss}, epoch)
    writer.close()
    history["best_epoch"] = best
    return history
