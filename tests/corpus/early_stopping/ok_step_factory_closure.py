# expect: pass
import copy

import torch


def make_train_step(model, loss_fn, optimizer):
    def train_step(x, y):
        model.train()
        yhat = model(x)
        loss = loss_fn(yhat, y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        return loss.item()
    return train_step


def make_val_step(model, loss_fn):
    def val_step(x, y):
        model.eval()
        return loss_fn(model(x), y).item()
    return val_step


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    train_step = make_train_step(model, loss_fn, optimizer)
    val_step = make_val_step(model, loss_fn)
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best, snapshot, since = float("inf"), None, 0
    for epoch in range(epochs):
        losses = []
        for x, y in train_loader:
            losses.append((train_step(x.to(device), y.to(device)), len(x)))
        history["train_loss"].append(sum(l * n for l, n in losses) / sum(n for _, n in losses))
        with torch.no_grad():
            losses = [(val_step(x.to(device), y.to(device)), len(x)) for x, y in val_loader]
        val = sum(l * n for l, n in losses) / sum(n for _, n in losses)
        history["val_loss"].append(val)
        if val < best:
            best, snapshot, since = val, copy.deepcopy(model.state_dict()), 0
            history["best_epoch"] = epoch + 1
        else:
            since += 1
            if since >= patience:
                break
    model.load_state_dict(snapshot)
    return history
