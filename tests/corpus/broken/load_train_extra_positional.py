# expect-runtime: ok
# exercise: training_loop
# train() wants a scheduler the training_loop contract does not pass.
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, scheduler, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_loader:
            optimizer.zero_grad()
            loss_fn(model(xb.to(device)), yb.to(device)).backward()
            optimizer.step()
        scheduler.step()
    return history
