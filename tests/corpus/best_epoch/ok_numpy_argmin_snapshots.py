# expect: pass
"""Per-batch losses and sizes collected in lists, averaged with np.average(weights=...);
a snapshot of every epoch kept, the best one chosen after the loop with np.argmin (first
minimum on ties) and converted to a plain int."""
import copy

import numpy as np
import torch


def run_batches(model, loader, loss_fn, device, optimizer=None):
    losses, sizes = [], []
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        out = model(x)
        loss = loss_fn(out, y)
        if optimizer is not None:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        losses.append(loss.detach().cpu().numpy())
        sizes.append(len(y))
    return float(np.average(np.array(losses), weights=np.array(sizes)))


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    train_losses, val_losses, snapshots = [], [], []
    for epoch in range(epochs):
        model.train()
        train_losses.append(run_batches(model, train_loader, loss_fn, device, optimizer))
        model.eval()
        with torch.no_grad():
            val_losses.append(run_batches(model, val_loader, loss_fn, device))
        snapshots.append(copy.deepcopy(model.state_dict()))
    best_index = int(np.argmin(val_losses))
    model.load_state_dict(snapshots[best_index])
    return {"train_loss": train_losses, "val_loss": val_losses, "best_epoch": best_index + 1}
