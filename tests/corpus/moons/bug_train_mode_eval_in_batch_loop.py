# expect-fail: train_mode
# expect-line: 21
# may-fail: reference_match
"""Tracks training accuracy batch by batch."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "train_acc": []}
    for epoch in range(epochs):
        model.train()
        total, correct, n = 0.0, 0, 0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
            n += len(y)
            model.eval()
            with torch.no_grad():
                correct += (model(x).argmax(dim=1) == y).sum().item()
        history["train_loss"].append(total / n)
        history["train_acc"].append(correct / n)

        model.eval()
        total, correct = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                logits = model(x)
                total += loss_fn(logits, y).item() * len(y)
                correct += (logits.argmax(dim=1) == y).sum().item()
        history["val_loss"].append(total / len(val_loader.dataset))
        history["val_acc"].append(correct / len(val_loader.dataset))
    return history
