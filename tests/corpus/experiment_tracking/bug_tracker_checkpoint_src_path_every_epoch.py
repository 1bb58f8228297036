# expect-fail: tracker_checkpoint
# expect-line: 44
# source style: tutorial trackers that store `f"epoch_{epoch}.pt"` in every row (the current epoch's name) while saving only on improvement
"""The file is saved only when the validation loss improves, but each row records this epoch's
file name: after a non-improving epoch the row points at a checkpoint that was never written."""
import os
import sqlite3
from datetime import datetime, timezone

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_epoch = float("inf"), 0
    con = sqlite3.connect(tracker)
    try:
        for epoch in range(1, epochs + 1):
            model.train()
            tot = 0.0
            for x, y in train_loader:
                x, y = x.to(device), y.to(device)
                optimizer.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
                tot += loss.item() * x.size(0)
            train_loss = tot / len(train_loader.dataset)
            model.eval()
            tot = 0.0
            with torch.no_grad():
                for x, y in val_loader:
                    x, y = x.to(device), y.to(device)
                    tot += loss_fn(model(x), y).item() * x.size(0)
            val_loss = tot / len(val_loader.dataset)
            history["train_loss"].append(train_loss)
            history["val_loss"].append(val_loss)
            ckpt = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt")
            if val_loss < best_val:
                best_val, best_epoch = val_loss, epoch
                torch.save(model.state_dict(), ckpt)
            con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (run_id, epoch, train_loss, val_loss, optimizer.param_groups[0]["lr"], ckpt,
                         datetime.now(timezone.utc).isoformat()))
            con.commit()
            writer.add_scalar("loss/train", train_loss, epoch)
            writer.add_scalar("loss/val", val_loss, epoch)
    finally:
        con.close()
    writer.close()
    history["best_epoch"] = best_epoch
    return history
