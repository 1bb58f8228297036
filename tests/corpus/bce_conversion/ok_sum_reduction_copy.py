# expect: pass
"""Validation sums with a shallow copy of the given loss set to reduction="sum" (divided once
by the dataset size), labels with torch.where, accuracy with logits.gt(0).eq(labels.bool()),
copy.deepcopy(model) checkpoint."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    summed = copy.copy(loss_fn)
    summed.reduction = "sum"
    n_val = len(val_loader.dataset)
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": None}
    best_model, best_loss = None, None
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x = x.to(device)
            labels = torch.where(y > threshold, 1.0, 0.0).to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), labels)
            loss.backward()
            optimizer.step()
            total += loss.item() * labels.numel()
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        total, correct = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x = x.to(device)
                labels = torch.where(y > threshold, 1.0, 0.0).to(device)
                logits = model(x)
                total += summed(logits, labels).item()
                correct += logits.gt(0).eq(labels.bool()).sum().item()
        history["val_loss"].append(total / n_val)
        history["val_acc"].append(correct / n_val)
        if best_loss is None or history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            history["best_epoch"] = epoch
            best_model = copy.deepcopy(model)
    model.load_state_dict(best_model.state_dict())
    return history
