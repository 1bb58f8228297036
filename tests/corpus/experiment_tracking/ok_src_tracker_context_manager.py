# expect: pass
# source style: a production `Tracker` class wrapping sqlite3 (`__enter__`/`__exit__`, `with con:` per epoch), pathlib checkpoints, `add_scalars` + `flush` each epoch
"""`with Tracker(path, run_id) as t:` opens the connection, `t.log(...)` inserts one row in a
`with self.con:` transaction, `__exit__` closes it; `datetime.now().isoformat(timespec="seconds")`;
checkpoints at `pathlib.Path(checkpoint_dir) / f"epoch_{epoch}.pt"` stored as `str(...)`; the
writer gets `add_scalars("loss", {...}, epoch)` and a learning-rate scalar, `flush()` every epoch
and `close()` at the end."""
import pathlib
import sqlite3
from datetime import datetime

import torch


class Tracker:
    INSERT = ("INSERT INTO training_history (run_id, epoch_number, train_loss, val_loss, learning_rate, "
              "checkpoint_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")

    def __init__(self, db_path, run_id):
        self.db_path, self.run_id, self.con = db_path, run_id, None

    def __enter__(self):
        self.con = sqlite3.connect(self.db_path)
        return self

    def __exit__(self, exc_type, exc, tb):
        self.con.close()
        self.con = None
        return False

    def log(self, epoch, train_loss, val_loss, lr, checkpoint_path):
        with self.con:  # one transaction per epoch, committed on success
            self.con.execute(self.INSERT, (self.run_id, epoch, train_loss, val_loss, lr, checkpoint_path,
                                           datetime.now().isoformat(timespec="seconds")))


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    ckpt_dir = pathlib.Path(checkpoint_dir)
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_val, best_path = float("inf"), None
    with Tracker(tracker, run_id) as t:
        for epoch in range(1, epochs + 1):
            model.train()
            total = 0.0
            for x, y in train_loader:
                x, y = x.to(device), y.to(device)
                optimizer.zero_grad(set_to_none=True)
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
                total += loss.item() * x.size(0)
            train_loss = total / len(train_loader.dataset)

            model.eval()
            total = 0.0
            with torch.no_grad():
                for x, y in val_loader:
                    x, y = x.to(device), y.to(device)
                    total += loss_fn(model(x), y).item() * x.size(0)
            val_loss = total / len(val_loader.dataset)
            history["train_loss"].append(train_loss)
            history["val_loss"].append(val_loss)

            if val_loss < best_val:
                best_val, history["best_epoch"] = val_loss, epoch
                path = ckpt_dir / f"epoch_{epoch}.pt"
                torch.save(model.state_dict(), path)
                best_path = str(path)
            lr = optimizer.param_groups[0]["lr"]
            t.log(epoch, train_loss, val_loss, lr, best_path)
            writer.add_scalars("loss", {"train": train_loss, "val": val_loss}, epoch)
            writer.add_scalar("lr", lr, epoch)
            writer.flush()
    writer.close()
    return history
