# expect-fail: stray_files
# expect-line: 48
"""Tracks the run in SQLite and TensorBoard, and appends a line per epoch to a log in the temp folder."""
import datetime
import tempfile
import os
import sqlite3

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", tracker=None,
          run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_epoch, best_path = float("inf"), 0, None
    con = sqlite3.connect(tracker)
    for epoch in range(1, epochs + 1):
        lr = optimizer.param_groups[0]["lr"]
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
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
            best_val, best_epoch = val_loss, epoch
            best_path = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt")
            torch.save(model.state_dict(), best_path)
        con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (run_id, epoch, train_loss, val_loss, lr, best_path,
                     datetime.datetime.now(datetime.timezone.utc).isoformat()))
        con.commit()
        with open(os.path.join(tempfile.gettempdir(), f"{run_id}.log"), "a") as log:
            log.write(f"{epoch} {train_loss:.6f} {val_loss:.6f}\n")
        writer.add_scalar("loss/train", train_loss, epoch)
        writer.add_scalar("loss/val", val_loss, epoch)
    con.close()
    writer.close()
    history["best_epoch"] = best_epoch
    return history
