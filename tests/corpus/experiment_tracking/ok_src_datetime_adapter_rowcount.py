# expect: pass
# source style: blog-post SQLite trackers storing `datetime.now()` objects directly (the default adapter), `cursor.lastrowid` printed, `con.total_changes` checked
"""A cursor per insert, `datetime.now()` passed as the parameter (sqlite3's default datetime adapter,
deprecated since Python 3.12 but still storing an ISO timestamp), the checkpoint path a plain str,
commit per epoch, `con.total_changes` compared with the epochs at the end, close in `finally`;
the writer flushed per epoch and closed at the end."""
import os
import sqlite3
import warnings
from datetime import datetime

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    best_val, ckpt = float("inf"), ""
    con = sqlite3.connect(tracker)
    try:
        cur = con.cursor()
        for epoch in range(epochs):
            model.train()
            tl = 0.0
            for x, y in train_loader:
                x, y = x.to(device), y.to(device)
                optimizer.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
                tl += loss.item() * x.size(0)
            tl /= len(train_loader.dataset)
            model.eval()
            vl = 0.0
            with torch.no_grad():
                for x, y in val_loader:
                    x, y = x.to(device), y.to(device)
                    vl += loss_fn(model(x), y).item() * x.size(0)
            vl /= len(val_loader.dataset)
            history["train_loss"].append(tl)
            history["val_loss"].append(vl)
            if vl < best_val:
                best_val = vl
                history["best_epoch"] = epoch + 1
                ckpt = os.path.join(checkpoint_dir, f"epoch_{epoch + 1}.pt")
                torch.save(model.state_dict(), ckpt)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                cur.execute("INSERT INTO training_history VALUES (?,?,?,?,?,?,?)",
                            (run_id, epoch + 1, tl, vl, optimizer.param_groups[0]["lr"], ckpt, datetime.now()))
            con.commit()
            print(f"row {cur.lastrowid}: epoch {epoch + 1} train {tl:.4f} val {vl:.4f}")
            writer.add_scalar("loss/train", tl, epoch + 1)
            writer.add_scalar("loss/val", vl, epoch + 1)
            writer.flush()
        assert con.total_changes >= epochs
    finally:
        con.close()
    writer.close()
    return history
