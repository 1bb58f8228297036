# expect: pass
"""The best epoch restored with load_state_dict(..., assign=True): the model takes the snapshot's
tensors as its parameters (new Parameter objects) instead of copying into its own."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model.forward(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model.forward(x), y).item() * len(x)
        history["val_loss"].append(total / len(val_loader.dataset))
        if history["val_loss"][-1] < best:
            best, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state, assign=True)
    return history
