# expect: pass
# source style: production async metric logging (a writer thread owning the sqlite3 connection, fed by a `queue.Queue`, joined before returning)
"""The training thread puts each epoch's row on a queue; a logging thread owns the connection
(opened and closed in that thread, committed per row) and is joined before train() returns.
Scalars go to the writer from the training thread; `writer.close()` at the end."""
import os
import queue
import sqlite3
import threading
from datetime import datetime, timezone

import torch

_STOP = object()


def _logger(db_path, q):
    con = sqlite3.connect(db_path)
    try:
        while True:
            row = q.get()
            if row is _STOP:
                break
            con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)", row)
            con.commit()
    finally:
        con.close()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    q = queue.Queue()
    worker = threading.Thread(target=_logger, args=(tracker, q), daemon=True)
    worker.start()
    history = {"train_loss": [], "val_loss": []}
    best, best_path = None, None
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
            if best is None or val_loss < history["val_loss"][best - 1]:
                best = epoch
                best_path = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt")
                torch.save(model.state_dict(), best_path)
            q.put((run_id, epoch, train_loss, val_loss, optimizer.param_groups[0]["lr"], best_path,
                   datetime.now(timezone.utc).isoformat()))
            writer.add_scalar("loss/train", train_loss, epoch)
            writer.add_scalar("loss/val", val_loss, epoch)
    finally:
        q.put(_STOP)
        worker.join()
    writer.close()
    history["best_epoch"] = best
    return history
