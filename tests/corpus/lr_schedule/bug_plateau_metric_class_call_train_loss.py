# expect-fail: plateau_metric
# expect-line: 36
# may-fail: reference_match
"""ReduceLROnPlateau stepped through its class on the epoch's loss."""
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for epoch in range(epochs):
        history["lr"].append(optimizer.param_groups[0]["lr"])
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
        train_loss = total / len(train_loader.dataset)
        history["train_loss"].append(train_loss)

        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * x.size(0)
        history["val_loss"].append(total / len(val_loader.dataset))
        if isinstance(scheduler, ReduceLROnPlateau):
            ReduceLROnPlateau.step(scheduler, metrics=train_loss)
        elif interval == "epoch":
            scheduler.step()
    return history
