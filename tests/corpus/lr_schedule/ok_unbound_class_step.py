# expect: pass
"""Schedulers stepped through their classes (ReduceLROnPlateau.step(scheduler, val_loss),
type(scheduler).step(scheduler)), plateau told apart by hasattr(scheduler, "mode"), the rate of
each epoch read at its first batch."""
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    on_plateau = hasattr(scheduler, "mode")
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for i, (x, y) in enumerate(train_loader):
            if i == 0:
                history["lr"].append(optimizer.param_groups[0]["lr"])
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            if interval == "step" and not on_plateau:
                type(scheduler).step(scheduler)
            total += loss.item() * x.size(0)
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * x.size(0)
        val_loss = total / len(val_loader.dataset)
        history["val_loss"].append(val_loss)
        if on_plateau:
            ReduceLROnPlateau.step(scheduler, val_loss)
        elif interval == "epoch":
            type(scheduler).step(scheduler)
    return history
