# expect: pass
"""Calls .forward() on the model and on the loss directly (a habit from reading nn.Module
source), counts samples with x.size(0), keeps the best state on the CPU with .to("cpu", copy=True)."""
import math

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best, best_state = math.inf, None
    for epoch in range(epochs):
        model.train()
        total, seen = 0.0, 0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn.forward(model.forward(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * x.size(0)
            seen += x.size(0)
        history["train_loss"].append(total / seen)

        model.eval()
        total, seen = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn.forward(model.forward(x), y).item() * x.size(0)
                seen += x.size(0)
        val = total / seen
        history["val_loss"].append(val)
        if val < best:
            best = val
            best_state = {k: v.to("cpu", copy=True) for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    return history
