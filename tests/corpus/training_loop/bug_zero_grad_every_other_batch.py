# expect-fail: zero_grad
# expect-line: 18
# may-fail: reference_match, convergence
"""Clears gradients on even batches."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        total, n = 0.0, 0
        for i, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            if i % 2 == 0:
                optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
            n += len(x)
        history["train_loss"].append(total / n)
        model.eval()
        total, n = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * len(x)
                n += len(x)
        history["val_loss"].append(total / n)
        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
