# expect: pass
# source style: Keras-callback-like loops that fire `on_epoch_end` from the last batch (`if batch_idx == len(loader) - 1`), `scheduler._last_lr` read as in older tutorials
"""Epoch schedulers (not the plateau one) stepped inside the batch loop at the epoch's last batch,
right after its optimizer step (the epoch's training is over); ReduceLROnPlateau stepped after
validation with the validation loss; the epoch's rate read as `scheduler._last_lr[0]` before
training when the scheduler has one, else from the param group."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scheduler=None, interval="epoch"):
    plateau = isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    history = {"train_loss": [], "val_loss": [], "lr": []}
    last = len(train_loader) - 1
    for epoch in range(epochs):
        last_lr = getattr(scheduler, "_last_lr", None)
        history["lr"].append(float(last_lr[0]) if last_lr else optimizer.param_groups[0]["lr"])
        model.train()
        total = 0.0
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * x.size(0)
            if interval == "step" or (batch_idx == last and not plateau):
                scheduler.step()
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * x.size(0)
        history["val_loss"].append(total / len(val_loader.dataset))
        if plateau:
            scheduler.step(history["val_loss"][-1])
    return history
