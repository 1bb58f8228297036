# expect: pass
"""Validation loss as numpy's weighted average of the batch losses (a numpy float fed to
ReduceLROnPlateau), plateau detected by class name, the per-step branch in a small callback,
history['lr'] from scheduler.get_last_lr() before the epoch trains."""
import numpy as np
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    plateau = "ReduceLROnPlateau" in type(scheduler).__name__
    after_update = (lambda: scheduler.step()) if interval == "step" and not plateau else (lambda: None)
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for _ in range(epochs):
        history["lr"].append(float(scheduler.get_last_lr()[0]))
        model.train()
        losses, sizes = [], []
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            after_update()
            losses.append(loss.item())
            sizes.append(len(x))
        history["train_loss"].append(float(np.average(losses, weights=sizes)))

        model.eval()
        losses, sizes = [], []
        with torch.inference_mode():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                losses.append(loss_fn(model(x), y).item())
                sizes.append(len(x))
        val_loss = np.average(losses, weights=sizes)
        history["val_loss"].append(float(val_loss))
        if plateau:
            scheduler.step(val_loss)
        elif interval != "step":
            scheduler.step()
    return history
