# expect: pass
"""A scheduler step helper that takes the validation loss as a 0-dim tensor (passed as
`metrics=`), epoch schedules stepped before validation, zero_grad after the update."""
import torch
from torch.optim import lr_scheduler


def step_scheduler(scheduler, interval, when, val_loss=None):
    is_plateau = isinstance(scheduler, lr_scheduler.ReduceLROnPlateau)
    if is_plateau and when == "validated":
        scheduler.step(metrics=val_loss)
    elif not is_plateau and interval == when:
        scheduler.step()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    optimizer.zero_grad()
    for _ in range(epochs):
        current = optimizer.param_groups[0]["lr"]
        model.train()
        total = torch.zeros(())
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            step_scheduler(scheduler, interval, "step")
            total += loss.detach().cpu() * len(x)
        step_scheduler(scheduler, interval, "epoch")
        history["lr"].append(current)
        history["train_loss"].append(total.item() / len(train_loader.dataset))

        model.eval()
        total = torch.zeros((), device=device)
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y) * len(x)
        val_loss = total / len(val_loader.dataset)
        history["val_loss"].append(val_loss.item())
        step_scheduler(scheduler, interval, "validated", val_loss)
    return history
