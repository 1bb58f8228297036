# expect: pass
# source style: PyTorch recipe "Saving and loading a general checkpoint" (`torch.save({"epoch": ..., "model_state_dict": ..., "optimizer_state_dict": ..., "loss": ...}, PATH)`)
"""The best epoch saved as the recipe's general checkpoint dict (model and optimizer state dicts,
the epoch and the loss) at `epoch_{epoch}.pt`, so the run can be resumed from it; one row per
epoch committed with `with con:`, `closing()` around the connection; add_scalars, close()."""
import contextlib
import os
import sqlite3
from datetime import datetime, timezone

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    best, PATH = None, None
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
                PATH = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt")
                torch.save({
                    "epoch": epoch,
                    "model_state_dict": model.state_dict(),
                    "optimizer_state_dict": optimizer.state_dict(),
                    "loss": val_loss,
                }, PATH)
            with con:
                con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                            (run_id, epoch, train_loss, val_loss, optimizer.param_groups[0]["lr"], PATH,
                             datetime.now(timezone.utc).isoformat()))
            writer.add_scalars("loss", {"train": train_loss, "val": val_loss}, epoch)
    writer.close()
    history["best_epoch"] = best
    return history
