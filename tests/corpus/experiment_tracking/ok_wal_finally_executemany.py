# expect: pass
"""One connection in write-ahead-log mode (PRAGMA journal_mode=WAL: SQLite keeps -wal and -shm files
beside the database while it is open), rows collected per epoch and written with executemany at the
end, commit in the try and close in finally; a last.pt for resuming in checkpoint_dir beside the
best epochs' files; writer.close() in finally too."""
import datetime
import os
import sqlite3

import torch


def epoch_pass(model, loader, loss_fn, device, optimizer=None):
    model.train(optimizer is not None)
    total, n = 0.0, 0
    with torch.set_grad_enabled(optimizer is not None):
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            if optimizer is not None:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total += loss.item() * x.size(0)
            n += x.size(0)
    return total / n


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", tracker=None,
          run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    con = sqlite3.connect(tracker)
    con.execute("PRAGMA journal_mode=WAL")
    rows, best_val, best_path = [], float("inf"), None
    try:
        for epoch in range(1, epochs + 1):
            lr = optimizer.param_groups[0]["lr"]
            train_loss = epoch_pass(model, train_loader, loss_fn, device, optimizer)
            val_loss = epoch_pass(model, val_loader, loss_fn, device)
            history["train_loss"].append(train_loss)
            history["val_loss"].append(val_loss)
            if val_loss < best_val:
                best_val, history["best_epoch"] = val_loss, epoch
                best_path = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt")
                torch.save(model.state_dict(), best_path)
            torch.save({"epoch": epoch, "model": model.state_dict(), "optimizer": optimizer.state_dict()},
                       os.path.join(checkpoint_dir, "last.pt"))
            rows.append((run_id, epoch, train_loss, val_loss, lr, best_path,
                         datetime.datetime.now(datetime.timezone.utc).isoformat()))
            writer.add_scalar("loss/train", train_loss, global_step=epoch)
            writer.add_scalar("loss/val", val_loss, global_step=epoch)
        con.executemany("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        con.commit()
    finally:
        con.close()
        writer.close()
    return history
