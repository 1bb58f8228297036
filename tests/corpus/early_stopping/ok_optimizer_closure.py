# expect: pass
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 1}
    best_loss, best_state, stale = float("inf"), None, 0
    for epoch in range(1, epochs + 1):
        model.train()
        total, n = 0.0, 0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)

            def closure():
                optimizer.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                return loss

            loss = optimizer.step(closure)
            total += loss.item() * x.size(0)
            n += x.size(0)
        history["train_loss"].append(total / n)

        model.eval()
        total, n = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * x.size(0)
                n += x.size(0)
        val_loss = total / n
        history["val_loss"].append(val_loss)
        if val_loss < best_loss:
            best_loss, best_state, stale = val_loss, copy.deepcopy(model.state_dict()), 0
            history["best_epoch"] = epoch
        else:
            stale += 1
        if stale == patience:
            break
    model.load_state_dict(best_state)
    return history
