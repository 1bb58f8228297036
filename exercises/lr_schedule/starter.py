"""Starter: learning-rate schedules (see statement.md)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scheduler=None, interval="epoch"):
    """Train ``model`` for ``epochs`` epochs, stepping ``scheduler`` at its ``interval``.

    Args:
        model: an nn.Module already on ``device`` (it contains Dropout).
        train_loader, val_loader: DataLoaders yielding CPU ``(x, y)`` batches; move them to ``device``.
        loss_fn: nn.MSELoss() with reduction="mean".
        optimizer: a torch.optim optimizer built on ``model.parameters()``.
        epochs: the number of epochs to run.
        device: "cpu", "cuda", ...
        scheduler: a torch.optim.lr_scheduler scheduler built on ``optimizer``.
        interval: "step" (after every optimizer.step()) or "epoch" (once per epoch, after validation;
            ReduceLROnPlateau gets the epoch's validation loss).

    Returns:
        {"train_loss": [...], "val_loss": [...], "lr": [...]}: plain Python floats, one per epoch;
        losses are per-sample averages, lr is the rate each epoch's training started with.
    """
    history = {"train_loss": [], "val_loss": [], "lr": []}
    plateau = isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)

    for epoch in range(epochs):
        # TODO append optimizer.param_groups[0]["lr"] to history["lr"].
        # TODO training phase: model.train(); per batch: move to device, zero_grad, forward, loss,
        #      backward, optimizer.step(), then scheduler.step() if interval == "step";
        #      add loss.item() * batch size to a running sum.
        # TODO validation phase: model.eval() and torch.no_grad(); sum loss.item() * batch size.
        # TODO append sum / len(loader.dataset) for each phase to history.
        # TODO if plateau: scheduler.step(val_loss); elif interval == "epoch": scheduler.step().
        raise NotImplementedError("write the training loop")

    return history
