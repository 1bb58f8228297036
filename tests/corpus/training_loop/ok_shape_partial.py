# expect: pass
# The loop takes extra options; train is a functools.partial fixing them.
import copy
from functools import partial

import torch


def _train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", *,
           log_every=1, restore_best=False):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * len(xb)
        history["val_loss"].append(total / len(val_loader.dataset))
        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            best_state = copy.deepcopy(model.state_dict())
        if epoch % log_every == 0:
            print(f"{epoch}: {history['train_loss'][-1]:.4f} {history['val_loss'][-1]:.4f}")
    if restore_best:
        model.load_state_dict(best_state)
    return history


train = partial(_train, log_every=10, restore_best=True)
