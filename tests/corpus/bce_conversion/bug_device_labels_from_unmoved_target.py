# expect-fail: device
# expect-line: 16
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": None}
    best_loss, best_state = float("inf"), None

    for epoch in range(1, epochs + 1):
        model.train()
        total, n = 0.0, 0
        for xb, yb in train_loader:
            labels = (yb > threshold).float()
            xb = xb.to(device)
            optimizer.zero_grad()
            logits = model(xb)
            loss = loss_fn(logits, labels)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
            n += len(xb)
        history["train_loss"].append(total / n)

        model.eval()
        total, n, correct = 0.0, 0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                labels = (yb > threshold).float()
                logits = model(xb)
                total += loss_fn(logits, labels).item() * len(xb)
                correct += ((logits > 0).float() == labels).sum().item()
                n += len(xb)
        history["val_loss"].append(total / n)
        history["val_acc"].append(correct / n)

        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            history["best_epoch"] = epoch
            best_state = copy.deepcopy(model.state_dict())
        print(f"epoch {epoch}: loss {total / n:.4f} acc {correct / n:.3f}")

    model.load_state_dict(best_state)
    return history
