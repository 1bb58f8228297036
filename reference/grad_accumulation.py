"""Reference for the ``grad_accumulation`` exercise (seed 002).

One optimizer step per ``accum_steps`` micro-batches; every micro-batch loss is divided by
``accum_steps`` before its backward; the final, shorter group of an epoch is stepped too (so
nothing carries into the next epoch); gradients are cleared after every step. The logged
training loss is the undivided per-sample mean, as in every other exercise.
"""
from __future__ import annotations

from reference._loop import evaluate


def train_one_epoch(model, loader, loss_fn, optimizer, device, accum_steps: int) -> float:
    model.train()
    running, n_batches = 0.0, len(loader)
    optimizer.zero_grad()
    for i, (xb, yb) in enumerate(loader):
        xb, yb = xb.to(device), yb.to(device)
        loss = loss_fn(model(xb), yb)
        (loss / accum_steps).backward()
        running += loss.item() * xb.size(0)
        if (i + 1) % accum_steps == 0 or i + 1 == n_batches:
            optimizer.step()
            optimizer.zero_grad()
    return running / len(loader.dataset)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=4):
    """Train with gradient accumulation; returns per-epoch train and validation losses."""
    history = {"train_loss": [], "val_loss": []}
    for _ in range(epochs):
        history["train_loss"].append(train_one_epoch(model, train_loader, loss_fn, optimizer, device, accum_steps))
        val_loss, _ = evaluate(model, val_loader, loss_fn, device)
        history["val_loss"].append(val_loss)
    return history
