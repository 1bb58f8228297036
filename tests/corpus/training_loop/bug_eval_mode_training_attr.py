# expect-fail: eval_mode
# expect-line: 25
"""Switches to evaluation by setting model.training."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = float("inf"), None
    for epoch in range(epochs):
        model.training = True
        model.train()
        total, n = 0.0, 0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
            n += len(x)
        history["train_loss"].append(total / n)
        model.training = False
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
