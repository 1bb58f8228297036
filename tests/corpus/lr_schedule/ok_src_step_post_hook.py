# expect: pass
# source style: `optimizer.register_step_post_hook` (torch >= 2.0) stepping a per-step scheduler, removed with the returned handle
"""For `interval == "step"` the scheduler is stepped by a post-hook on the optimizer (it runs right
after every `optimizer.step()`), and the handle is removed before returning; the epoch schedulers
are stepped after validation (the plateau one with the validation loss)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scheduler=None, interval="epoch"):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    handle = None
    if interval == "step":
        handle = optimizer.register_step_post_hook(lambda opt, args, kwargs: scheduler.step())
    try:
        for epoch in range(epochs):
            history["lr"].append(optimizer.param_groups[0]["lr"])
            model.train()
            total = 0.0
            for x, y in train_loader:
                x, y = x.to(device), y.to(device)
                optimizer.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
                total += loss.item() * len(y)
            history["train_loss"].append(total / len(train_loader.dataset))
            model.eval()
            total = 0.0
            with torch.no_grad():
                for x, y in val_loader:
                    x, y = x.to(device), y.to(device)
                    total += loss_fn(model(x), y).item() * len(y)
            val_loss = total / len(val_loader.dataset)
            history["val_loss"].append(val_loss)
            if interval == "epoch":
                if isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
                    scheduler.step(val_loss)
                else:
                    scheduler.step()
    finally:
        if handle is not None:
            handle.remove()
    return history
