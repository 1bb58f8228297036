# expect: pass
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 0}
    best, best_state = float("inf"), None
    n_train, n_val = len(train_loader.dataset), len(val_loader.dataset)
    for epoch in range(1, epochs + 1):
        model.train()
        epoch_loss = 0.0
        for x, y in train_loader:
            labels = torch.where(y > threshold, 1.0, 0.0).to(device)
            x = x.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), labels)
            loss.backward()
            optimizer.step()
            epoch_loss += loss.item() * x.size(0)
        history["train_loss"].append(epoch_loss / n_train)

        model.eval()
        epoch_loss, hits = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                labels = torch.where(y > threshold, 1.0, 0.0).to(device)
                logits = model(x.to(device))
                epoch_loss += loss_fn(logits, labels).item() * x.size(0)
                hits += int(((logits > 0) == labels.bool()).sum())
        history["val_loss"].append(epoch_loss / n_val)
        history["val_acc"].append(hits / n_val)
        if history["val_loss"][-1] < best:
            best, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
            history["best_epoch"] = epoch
    model.load_state_dict(best_state)
    return history
