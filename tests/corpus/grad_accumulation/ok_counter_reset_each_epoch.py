# expect: pass
"""A micro-batch counter reset every epoch, the loss variable itself divided
(`loss = loss_fn(...) / accum_steps`) and logged multiplied back, the last batch found by a
look-ahead flag, a per-epoch helper returning floats."""
import torch


def one_epoch(model, loader, loss_fn, optimizer, device, accum_steps):
    model.train()
    micro, seen, running = 0, 0, 0.0
    last_index = len(loader) - 1
    for idx, (xb, yb) in enumerate(loader):
        xb, yb = xb.to(device), yb.to(device)
        loss = loss_fn(model(xb), yb) / accum_steps
        loss.backward()
        micro += 1
        running += loss.item() * accum_steps * xb.size(0)
        seen += xb.size(0)
        is_last = idx == last_index
        if micro == accum_steps or is_last:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
            micro = 0
    return running / seen


def evaluate(model, loader, loss_fn, device):
    model.train(False)
    seen, running = 0, 0.0
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            running += float(loss_fn(model(xb), yb)) * xb.size(0)
            seen += xb.size(0)
    return running / seen


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    optimizer.zero_grad(set_to_none=True)
    for _ in range(epochs):
        history["train_loss"].append(one_epoch(model, train_loader, loss_fn, optimizer, device, accum_steps))
        history["val_loss"].append(evaluate(model, val_loader, loss_fn, device))
    return history
