"""Starter: gradient accumulation (see statement.md)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    """Train ``model`` for ``epochs`` epochs, one optimizer step per ``accum_steps`` micro-batches.

    Args:
        model: an nn.Module already on ``device`` (it contains Dropout).
        train_loader, val_loader: DataLoaders yielding CPU ``(x, y)`` batches; move them to ``device``.
            Each training batch is one micro-batch.
        loss_fn: nn.MSELoss() with reduction="mean".
        optimizer: a torch.optim optimizer built on ``model.parameters()``.
        epochs: the number of epochs to run.
        device: "cpu", "cuda", ...
        accum_steps: micro-batches per optimizer step; the epoch's last, shorter group is stepped too.

    Returns:
        {"train_loss": [...], "val_loss": [...]}: plain Python floats, one per epoch, each a
        per-sample average (of the undivided loss) over the whole epoch.
    """
    history = {"train_loss": [], "val_loss": []}

    for epoch in range(epochs):
        # TODO training phase: model.train(); optimizer.zero_grad() once before the batches.
        #      for i, (x, y) in enumerate(train_loader): move x and y to device, forward, loss,
        #      (loss / accum_steps).backward(), add loss.item() * batch size to a running sum;
        #      after micro-batch i, if (i + 1) % accum_steps == 0 or it is the epoch's last one:
        #      optimizer.step() then optimizer.zero_grad().
        # TODO validation phase: model.eval() and torch.no_grad(); sum loss.item() * batch size.
        # TODO append sum / len(loader.dataset) for each phase to history.
        raise NotImplementedError("write the training loop")

    return history
