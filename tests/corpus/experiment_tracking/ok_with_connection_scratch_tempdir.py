# expect: pass
"""`with sqlite3.connect(tracker) as con:` around the whole loop (commits on leaving the block; the
connection is never closed explicitly and goes away with train()'s frame), con.execute per epoch,
the best weights kept in a scratch tempfile.TemporaryDirectory that is removed before returning,
and the best checkpoint copied from there into checkpoint_dir."""
import os
import shutil
import sqlite3
import tempfile
import time

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", tracker=None,
          run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_epoch, best_path = float("inf"), 0, None
    with tempfile.TemporaryDirectory() as scratch, sqlite3.connect(tracker) as con:
        for epoch in range(1, epochs + 1):
            lr = optimizer.param_groups[0]["lr"]
            model.train()
            total = 0.0
            for x, y in train_loader:
                x, y = x.to(device), y.to(device)
                loss = loss_fn(model(x), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += loss.item() * len(x)
            train_loss = total / len(train_loader.dataset)
            model.eval()
            total = 0.0
            with torch.no_grad():
                for x, y in val_loader:
                    x, y = x.to(device), y.to(device)
                    total += loss_fn(model(x), y).item() * len(x)
            val_loss = total / len(val_loader.dataset)
            history["train_loss"].append(train_loss)
            history["val_loss"].append(val_loss)
            if val_loss < best_val:
                best_val, best_epoch = val_loss, epoch
                staged = os.path.join(scratch, "best.pt")
                torch.save(model.state_dict(), staged)
                best_path = os.path.join(checkpoint_dir, f"epoch_{epoch}.pt")
                shutil.copyfile(staged, best_path)
            con.execute("INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (run_id, epoch, train_loss, val_loss, lr, best_path,
                         time.strftime("%Y-%m-%dT%H:%M:%S%z")))
            writer.add_scalar("loss/train", train_loss, epoch)
            writer.add_scalar("loss/val", val_loss, epoch)
    writer.close()
    history["best_epoch"] = best_epoch
    return history
