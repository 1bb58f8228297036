# expect-fail: item_logging
# expect-line: 31
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 0}
    best_loss, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            labels = (yb > threshold).float()
            optimizer.zero_grad()
            loss = loss_fn(model(xb), labels)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        val_total, correct = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                labels = (yb > threshold).float()
                logits = model(xb)
                val_total += loss_fn(logits, labels) * len(xb)
                correct += ((logits > 0).float() == labels).sum()
        val_loss = val_total / len(val_loader.dataset)
        history["val_loss"].append(val_loss)
        history["val_acc"].append(correct / len(val_loader.dataset))

        if val_loss < best_loss:
            best_loss, history["best_epoch"] = val_loss, epoch
            best_state = copy.deepcopy(model.state_dict())

    model.load_state_dict(best_state)
    return history
