# expect: pass
# source style: PyTorch "Training with PyTorch" tutorial loop (`epoch_number`, avg_loss/avg_vloss, `writer.add_scalars(..., epoch_number + 1)`, `writer.flush()`) + sqlite3 autocommit (`isolation_level=None`)
"""The tutorial's per-epoch shape with the statement's tags; the tracker opened in autocommit mode
(`isolation_level=None`, each INSERT durable at once) and closed in `finally`; the best model saved
as in the tutorial (`model_path`) only on strict improvement; `writer.flush()` each epoch, no close."""
import os
import sqlite3
from datetime import datetime, timezone

import torch


def train_one_epoch(model, loader, loss_fn, optimizer, device):
    running_loss = 0.0
    for i, data in enumerate(loader):
        inputs, labels = data
        inputs, labels = inputs.to(device), labels.to(device)
        optimizer.zero_grad()
        outputs = model(inputs)
        loss = loss_fn(outputs, labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item() * inputs.size(0)
    return running_loss / len(loader.dataset)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          tracker=None, run_id="run", checkpoint_dir=".", writer=None):
    history = {"train_loss": [], "val_loss": []}
    con = sqlite3.connect(tracker, isolation_level=None)
    try:
        epoch_number = 0
        best_vloss = 1_000_000.
        model_path = None
        for epoch in range(epochs):
            model.train(True)
            avg_loss = train_one_epoch(model, train_loader, loss_fn, optimizer, device)

            running_vloss = 0.0
            model.eval()
            with torch.no_grad():
                for i, vdata in enumerate(val_loader):
                    vinputs, vlabels = vdata
                    vinputs, vlabels = vinputs.to(device), vlabels.to(device)
                    voutputs = model(vinputs)
                    running_vloss += loss_fn(voutputs, vlabels).item() * vinputs.size(0)
            avg_vloss = running_vloss / len(val_loader.dataset)
            history["train_loss"].append(avg_loss)
            history["val_loss"].append(avg_vloss)

            writer.add_scalars("loss", {"train": avg_loss, "val": avg_vloss}, epoch_number + 1)
            writer.flush()

            if avg_vloss < best_vloss:
                best_vloss = avg_vloss
                history["best_epoch"] = epoch_number + 1
                model_path = os.path.join(checkpoint_dir, "epoch_{}.pt".format(epoch_number + 1))
                torch.save(model.state_dict(), model_path)
            con.execute("INSERT INTO training_history (run_id, epoch_number, train_loss, val_loss, learning_rate, "
                        "checkpoint_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (run_id, epoch_number + 1, avg_loss, avg_vloss, optimizer.param_groups[0]["lr"], model_path,
                         datetime.now(timezone.utc).isoformat()))
            epoch_number += 1
    finally:
        con.close()
    return history
