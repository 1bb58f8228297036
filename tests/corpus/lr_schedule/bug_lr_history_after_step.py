# expect-fail: lr_history
# expect-line: 37
"""Logs the learning rate of each epoch."""
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            if interval == "step":
                scheduler.step()
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
        if isinstance(scheduler, ReduceLROnPlateau):
            scheduler.step(val_loss)
        elif interval == "epoch":
            scheduler.step()
        history["lr"].append(optimizer.param_groups[0]["lr"])
    return history
