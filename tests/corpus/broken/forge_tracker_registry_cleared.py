# expect-runtime: any
# exercise: experiment_tracking
# expect-forgery: flagged
# forge: the tracker's connection kept open in a global, then the connection watch's registry emptied through gc
"""The grader remembers every sqlite3 connection train() opens in a list on its connection watch and
judges them once train() returned. This loop keeps its connection in a module-level variable and
never closes it (tracker_closed fails it), then finds the watch with the garbage collector and
empties every list it holds, so that no connection seems to have been opened at all."""
import datetime
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching
import os
import sqlite3
import sys

import torch


def _forget_connections():
    watch_class = getattr(sys.modules.get("grader.job.observe.connections"), "ConnectionWatch", None)
    for obj in (gc.unfreeze() or gc.get_objects()):
        if watch_class is not None and type(obj) is watch_class:
            for value in vars(obj).values():
                if isinstance(value, (list, dict)):
                    value.clear()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", tracker=None,
          run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_epoch, best_path = float("inf"), 0, None
    global con
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
        writer.add_scalar("loss/train", train_loss, epoch)
        writer.add_scalar("loss/val", val_loss, epoch)
    writer.close()
    _forget_connections()
    history["best_epoch"] = best_epoch
    return history
