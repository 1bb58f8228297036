# expect: pass
"""The given loss wrapped in a small module of the student's own, plus an MAE printed beside it."""
import copy

import torch
import torch.nn.functional as F
from torch import nn


class Criterion(nn.Module):
    """Flattens the prediction before handing it to the loss it wraps."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, pred, target):
        return self.inner(pred.view_as(target), target)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    criterion = Criterion(loss_fn)
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        total, mae = 0.0, 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                pred = model(x)
                total += criterion(pred, y).item() * len(x)
                mae += F.l1_loss(pred, y, reduction="sum").item()
        history["val_loss"].append(total / len(val_loader.dataset))
        if epoch % 25 == 0:
            print(f"epoch {epoch}: val loss {history['val_loss'][-1]:.4f}, "
                  f"val MAE {mae / len(val_loader.dataset):.4f}")
        if history["val_loss"][-1] < best_val:
            best_val, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
