# expect-fail: weighted_average
# expect-line: 31
"""Validation loss read after the batch loop."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 1}
    best_loss, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            labels = (y > threshold).float()
            optimizer.zero_grad()
            loss = loss_fn(model(x), labels)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        correct = 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                labels = (y > threshold).float()
                logits = model(x)
                val_loss = loss_fn(logits, labels).item()
                correct += ((logits > 0).float() == labels).sum().item()
        history["val_loss"].append(val_loss)
        history["val_acc"].append(correct / len(val_loader.dataset))
        if val_loss < best_loss:
            best_loss, history["best_epoch"] = val_loss, epoch
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
