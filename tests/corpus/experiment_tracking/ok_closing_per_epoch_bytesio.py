# expect: pass
"""A connection per epoch (`with closing(sqlite3.connect(...)) as con, con:` commits and closes),
a cursor for the insert, pathlib paths, the checkpoint serialised into a BytesIO and written with
Path.write_bytes, add_scalars for both curves and a flush at the end."""
import io
import sqlite3
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import torch

INSERT = ("INSERT INTO training_history (run_id, epoch_number, train_loss, val_loss, learning_rate, "
          "checkpoint_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")


def log_row(db, row):
    with closing(sqlite3.connect(db)) as con, con:
        cur = con.cursor()
        cur.execute(INSERT, row)
        cur.close()


def save_checkpoint(model, path: Path):
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    path.write_bytes(buffer.getvalue())


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", tracker=None,
          run_id="run", checkpoint_dir=".", writer=None):
    db, folder = Path(tracker), Path(checkpoint_dir)
    history = {"train_loss": [], "val_loss": []}
    best_val, best_file = None, None
    for epoch in range(1, epochs + 1):
        lr = optimizer.param_groups[0]["lr"]
        model.train()
        loss_sum, count = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            loss_sum += float(loss) * yb.shape[0]
            count += yb.shape[0]
        train_loss = loss_sum / count
        model.eval()
        loss_sum, count = 0.0, 0
        with torch.inference_mode():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                loss_sum += float(loss_fn(model(xb), yb)) * yb.shape[0]
                count += yb.shape[0]
        val_loss = loss_sum / count
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        if best_val is None or val_loss < best_val:
            best_val, history["best_epoch"] = val_loss, epoch
            best_file = folder / f"epoch_{epoch}.pt"
            save_checkpoint(model, best_file)
        log_row(db, (run_id, epoch, train_loss, val_loss, lr, str(best_file), datetime.now(timezone.utc).isoformat()))
        writer.add_scalars("loss", {"train": train_loss, "val": val_loss}, epoch)
    writer.flush()
    return history
