# expect: pass
# source style: PyTorch docs "How to adjust learning rate" (`for epoch ...: train(...); validate(...); scheduler.step()`) with `lr = scheduler.get_last_lr()[0]` recorded first
"""The docs' loop shape: the rate recorded with `scheduler.get_last_lr()[0]` before the epoch trains
(with a fallback to the param group for an old ReduceLROnPlateau without `get_last_lr`),
`scheduler.step()` at the epoch end."""
import torch


def run_epoch(model, loader, loss_fn, device, optimizer=None, on_step=None):
    training = optimizer is not None
    model.train(training)
    total = 0.0
    with torch.set_grad_enabled(training):
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            if training:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                if on_step is not None:
                    on_step()
            total += loss.item() * x.size(0)
    return total / len(loader.dataset)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scheduler=None, interval="epoch"):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    is_plateau = isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    on_step = scheduler.step if interval == "step" and not is_plateau else None
    for epoch in range(epochs):
        try:
            lr = scheduler.get_last_lr()[0]
        except AttributeError:
            lr = optimizer.param_groups[0]["lr"]
        history["lr"].append(float(lr))
        history["train_loss"].append(run_epoch(model, train_loader, loss_fn, device, optimizer, on_step))
        val_loss = run_epoch(model, val_loader, loss_fn, device)
        history["val_loss"].append(val_loss)
        if interval == "epoch":
            if is_plateau:
                scheduler.step(val_loss)
            else:
                scheduler.step()
    return history
