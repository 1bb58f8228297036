# expect-runtime: load_error
# exercise: training_loop
# The loop is there, under another name.
import torch


def fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_loader:
            optimizer.zero_grad()
            loss_fn(model(xb.to(device)), yb.to(device)).backward()
            optimizer.step()
    return history


def evaluate(model, loader, loss_fn):
    with torch.no_grad():
        return sum(loss_fn(model(x), y).item() for x, y in loader)
