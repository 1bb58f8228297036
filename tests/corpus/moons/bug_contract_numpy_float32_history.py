# expect-fail: contract
# expect-line: 19
"""Accumulates in numpy."""
import numpy as np
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.detach().cpu().numpy() * len(y)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total, correct = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                logits = model(x)
                total += loss_fn(logits, y).cpu().numpy() * len(y)
                correct += int((logits.argmax(1) == y).sum())
        history["val_loss"].append(total / len(val_loader.dataset))
        history["val_acc"].append(correct / len(val_loader.dataset))
    return history
