# expect: pass
# source style: a `MetricsDB` helper object created inside train() that commits per row and closes its connection in `close()`, called from `__del__` too
"""The helper lives only in train()'s frame; `close()` is called explicitly at the end, and
`__del__` would close it anyway; checkpoints and rows as the statement asks."""
import os
import sqlite3
import time

import torch


class MetricsDB:
    def __init__(self, path):
        self._con = sqlite3.connect(path)

    def add(self, *row):
        self._con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        self._con.commit()

    def close(self):
        if self._con is not None:
            self._con.close()
            self._con = None

    def __del__(self):
        self.close()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    db = MetricsDB(tracker)
    history = {"train_loss": [], "val_loss": []}
    best_val, best_path = float("inf"), None
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
            best_path = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt")
            torch.save(model.state_dict(), best_path)
        db.add(run_id, epoch, train_loss, val_loss, optimizer.param_groups[0]["lr"], best_path,
               time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()))
        writer.add_scalar("loss/train", train_loss, epoch)
        writer.add_scalar("loss/val", val_loss, epoch)
    db.close()
    writer.close()
    return history
