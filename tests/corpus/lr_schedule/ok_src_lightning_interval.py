# expect: pass
# source style: PyTorch Lightning's lr_scheduler_config (`{"scheduler": s, "interval": ..., "monitor": "val_loss"}`) driven by hand
"""A Lightning-like scheduler config dict: `interval == "step"` stepped after each optimizer step,
epoch schedulers at the epoch end; the plateau one detected with isinstance and stepped with
`scheduler.step(metrics=val_loss)`; lrs recorded from every param group before training."""
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scheduler=None, interval="epoch"):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    config = {"scheduler": scheduler, "interval": interval, "frequency": 1, "monitor": "val_loss"}
    for epoch in range(epochs):
        lrs = []
        for g in optimizer.param_groups:
            lrs.append(g["lr"])
        history["lr"].append(float(lrs[0]))

        model.train()
        running = 0.0
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            if config["scheduler"] is not None and config["interval"] == "step":
                config["scheduler"].step()
            running += loss.item() * len(x)
        history["train_loss"].append(running / len(train_loader.dataset))

        model.eval()
        running = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                running += loss_fn(model(x), y).item() * len(x)
        val_loss = running / len(val_loader.dataset)
        history["val_loss"].append(val_loss)
        metrics = {"val_loss": val_loss, "train_loss": history["train_loss"][-1]}

        if config["scheduler"] is not None and config["interval"] == "epoch":
            if isinstance(config["scheduler"], torch.optim.lr_scheduler.ReduceLROnPlateau):
                config["scheduler"].step(metrics=metrics[config["monitor"]])
            else:
                config["scheduler"].step()
    return history
