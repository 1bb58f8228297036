# expect-runtime: any
# exercise: training_loop
# Bounded: up to 64 children that each sleep 1000 s; the parent then trains correctly.
# Whether this ends "ok" (grader reaps the children) or "crash" (fork refused / process
# limit) is the grader's call; the test only requires that the grader survives it
# and leaves no child process behind.
import copy
import os
import time

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    for _ in range(64):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(1000)
            os._exit(0)
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        model.eval()
        running = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val = history["val_loss"][-1]
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
