"""Reference for the ``lr_schedule`` exercise (seed 002).

The scheduler passed in is stepped after every optimizer step (``interval="step"``) or once per
epoch after validation (``interval="epoch"``); ReduceLROnPlateau gets that epoch's per-sample
validation loss. ``history["lr"]`` holds the learning rate each epoch's training started with.
"""
from __future__ import annotations

from torch.optim.lr_scheduler import ReduceLROnPlateau

from reference._loop import evaluate


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    """Train with a learning-rate schedule; returns per-epoch losses and learning rates."""
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for _ in range(epochs):
        history["lr"].append(optimizer.param_groups[0]["lr"])
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            if interval == "step":
                scheduler.step()
            running += loss.item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        val_loss, _ = evaluate(model, val_loader, loss_fn, device)
        history["val_loss"].append(val_loss)
        if isinstance(scheduler, ReduceLROnPlateau):
            scheduler.step(val_loss)
        elif interval == "epoch":
            scheduler.step()
    return history
