# expect-fail: best_checkpoint
# expect-line: 38
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss = None
    best_model = None
    for epoch in range(epochs):
        model.train()
        n, s = 0, 0.0
        for features, target in train_loader:
            features, target = features.to(device), target.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(features), target)
            loss.backward()
            optimizer.step()
            s += loss.item() * len(target)
            n += len(target)
        history["train_loss"].append(s / n)

        model.eval()
        n, s = 0, 0.0
        with torch.no_grad():
            for features, target in val_loader:
                features, target = features.to(device), target.to(device)
                s += loss_fn(model(features), target).item() * len(target)
                n += len(target)
        history["val_loss"].append(s / n)

        if best_loss is None or s / n < best_loss:
            best_loss = s / n
            best_model = copy.deepcopy(model)

    model = best_model
    return history
