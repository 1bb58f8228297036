# expect-fail: best_epoch, best_checkpoint
# expect-line: 36
"""Keeps the most accurate epoch."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 1}
    best_acc, best_state = -1.0, None
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
        total, correct = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                labels = (y > threshold).float()
                logits = model(x)
                total += loss_fn(logits, labels).item() * len(x)
                correct += ((logits > 0).float() == labels).sum().item()
        history["val_loss"].append(total / len(val_loader.dataset))
        acc = correct / len(val_loader.dataset)
        history["val_acc"].append(acc)
        if acc > best_acc:
            best_acc, history["best_epoch"] = acc, epoch
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
