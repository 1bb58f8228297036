# expect-fail: contract
# expect-line: 31
import copy

import numpy as np
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    states = []
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * len(x)
        history["val_loss"].append(total / len(val_loader.dataset))
        states.append(copy.deepcopy(model.state_dict()))
    history["best_epoch"] = np.argmin(history["val_loss"]) + 1
    model.load_state_dict(states[history["best_epoch"] - 1])
    return history
