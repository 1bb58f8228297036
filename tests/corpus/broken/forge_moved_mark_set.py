# expect-runtime: any
# exercise: training_loop
# expect-forgery: fails device
# forge: batches never sent to the device, each given the mark the grader once set on moved tensors
"""The grader used to mark a tensor that came out of .to(device) with an attribute on the tensor
itself; setting that attribute on a batch made it count as moved. (And, for good measure, on
every attribute name a grader might use.) The batches never go through .to(device)."""
import copy

import torch

MARKS = ("_grader_moved", "_moved", "grader_moved", "_loopgrader_moved")


def mark(t):
    for name in MARKS:
        setattr(t, name, True)
    return t


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    model.to(device)
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = mark(xb), mark(yb)
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
                xb, yb = mark(xb), mark(yb)
                running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
