"""Starter: early stopping with patience (see statement.md)."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    """Train for at most ``epochs`` epochs, stopping after ``patience`` bad epochs in a row.

    Args:
        model: an nn.Module already on ``device`` (it contains Dropout).
        train_loader, val_loader: DataLoaders yielding CPU ``(x, y)`` batches; move them to ``device``.
        loss_fn: nn.MSELoss() with reduction="mean".
        optimizer: a torch.optim optimizer built on ``model.parameters()``.
        epochs: the epoch budget.
        device: "cpu", "cuda", ...
        patience: stop at the ``patience``-th consecutive epoch without a strictly lower
            validation loss (that epoch is still recorded).

    Returns:
        {"train_loss": [...], "val_loss": [...], "best_epoch": int}: per-sample average losses as
        plain floats, one per epoch actually run, and the 1-based epoch with the lowest validation
        loss. Whether or not the stop fired, ``model`` ends with the weights of that epoch.
    """
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_val = float("inf")
    best_state = None
    bad_epochs = 0

    for epoch in range(1, epochs + 1):
        # TODO training phase: model.train(), then for each (x, y) in train_loader:
        #      move x and y to device, clear the gradients, forward, loss, backward, step,
        #      and add loss.item() * batch size to a running sum.
        # TODO validation phase: model.eval() and torch.no_grad(); sum loss.item() * batch size.
        # TODO append sum / len(loader.dataset) for each phase to history.
        # TODO strictly lower validation loss: remember it, set history["best_epoch"] = epoch,
        #      snapshot copy.deepcopy(model.state_dict()) and reset bad_epochs;
        #      otherwise count a bad epoch, and stop (break) once bad_epochs reaches patience.
        raise NotImplementedError("write the training loop")

    # TODO restore the best weights with model.load_state_dict(...), stop or no stop
    return history
