# expect-runtime: crash
# exercise: training_loop
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb.t()), yb)  # a shape error: Linear(2, ...) gets [2, batch]
            loss.backward()
            optimizer.step()
    return history
