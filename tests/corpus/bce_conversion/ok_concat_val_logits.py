# expect: pass
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": None}
    best_state, best_val = None, None
    for epoch in range(epochs):
        model.train()
        weighted, count = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            target = (yb > threshold).float()
            optimizer.zero_grad()
            loss = loss_fn(model(xb), target)
            loss.backward()
            optimizer.step()
            weighted += loss.item() * len(xb)
            count += len(xb)
        history["train_loss"].append(weighted / count)

        model.eval()
        all_logits, all_targets = [], []
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                all_logits.append(model(xb))
                all_targets.append((yb > threshold).float())
            logits, targets = torch.cat(all_logits), torch.cat(all_targets)
            val_loss = loss_fn(logits, targets).item()
            val_acc = ((logits > 0).float() == targets).float().mean().item()
        history["val_loss"].append(val_loss)
        history["val_acc"].append(val_acc)
        if best_val is None or val_loss < best_val:
            best_val, best_state = val_loss, copy.deepcopy(model.state_dict())
            history["best_epoch"] = epoch + 1
    model.load_state_dict(best_state)
    return history
