# expect: pass
"""Helpers per phase; the epoch scheduler is stepped at the end of the training phase (before
validation), the plateau one with the validation loss as a keyword; the rate is read from the
param groups as a list."""
import torch


def fit_epoch(model, loader, loss_fn, optimizer, device, scheduler, per_step):
    model.train()
    seen, total = 0, 0.0
    for batch in loader:
        xb, yb = (t.to(device) for t in batch)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        if per_step:
            scheduler.step()
        total += loss.item() * len(xb)
        seen += len(xb)
    return total / seen


@torch.no_grad()
def validate(model, loader, loss_fn, device):
    model.eval()
    seen, total = 0, 0.0
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        total += loss_fn(model(xb), yb).item() * len(xb)
        seen += len(xb)
    return total / seen


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    plateau = type(scheduler).__name__ == "ReduceLROnPlateau"
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for _ in range(epochs):
        history["lr"].append([g["lr"] for g in optimizer.param_groups][0])
        history["train_loss"].append(fit_epoch(model, train_loader, loss_fn, optimizer, device, scheduler,
                                               per_step=interval == "step"))
        if interval == "epoch" and not plateau:
            scheduler.step()
        val_loss = validate(model, val_loader, loss_fn, device)
        history["val_loss"].append(val_loss)
        if plateau:
            scheduler.step(metrics=val_loss)
    return history
