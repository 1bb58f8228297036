# expect: pass
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_weights = float("inf"), None
    for epoch in range(epochs):
        # move the whole epoch to the device first, then train on it
        batches = [(x.to(device), y.to(device)) for x, y in train_loader]
        model.train()
        total = 0.0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        history["train_loss"].append(total / sum(len(x) for x, _ in batches))

        val_batches = [(x.to(device), y.to(device)) for x, y in val_loader]
        model.eval()
        with torch.no_grad():
            total = sum(loss_fn(model(x), y).item() * len(x) for x, y in val_batches)
        val_loss = total / len(val_loader.dataset)
        history["val_loss"].append(val_loss)
        if val_loss < best_val:
            best_val, best_weights = val_loss, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_weights)
    return history
