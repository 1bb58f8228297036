# expect-runtime: crash
# exercise: training_loop
import sys

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            if not torch.isfinite(loss) or epoch == 0:
                print("stopping: debugging")
                sys.exit(3)
            loss.backward()
            optimizer.step()
    return history
