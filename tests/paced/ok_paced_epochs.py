# expect: pass
# A correct loop that is slow because it waits: it pauses after every epoch, as a live plot, a
# log flush to a network drive or a rate-limited experiment tracker does (tests/test_budgets.py).
# 30 epochs x 0.8 s: longer than the 20 s that train() was once allowed whatever --timeout said.
import copy
import time

import torch

PAUSE = 0.8   # seconds after each epoch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_weights = float("inf"), None
    for epoch in range(epochs):
        model.train()
        seen, running = 0, 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.shape[0]
            seen += xb.shape[0]
        history["train_loss"].append(running / seen)

        model.eval()
        seen, running = 0, 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).item() * xb.shape[0]
                seen += xb.shape[0]
        history["val_loss"].append(running / seen)

        if history["val_loss"][-1] < best_val:
            best_val = history["val_loss"][-1]
            best_weights = copy.deepcopy(model.state_dict())
        time.sleep(PAUSE)

    model.load_state_dict(best_weights)
    return history
