"""Starter: the complete training loop (see statement.md)."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    """Train ``model`` for ``epochs`` epochs, validating after each, and restore the best weights.

    Args:
        model: an nn.Module already on ``device`` (it contains Dropout).
        train_loader, val_loader: DataLoaders yielding CPU ``(x, y)`` batches; move them to ``device``.
        loss_fn: nn.MSELoss() with reduction="mean".
        optimizer: a torch.optim optimizer built on ``model.parameters()``.
        epochs: the number of epochs to run.
        device: "cpu", "cuda", ...

    Returns:
        {"train_loss": [...], "val_loss": [...]}: plain Python floats, one per epoch, each a
        per-sample average over the whole epoch. When this returns, ``model`` holds the weights of
        the epoch with the lowest validation loss.
    """
    history = {"train_loss": [], "val_loss": []}
    best_val = float("inf")
    best_state = None

    for epoch in range(1, epochs + 1):
        # TODO training phase: model.train(), then for each (x, y) in train_loader:
        #      move x and y to device, clear the gradients, forward, loss, backward, step,
        #      and add loss.item() * batch size to a running sum.
        # TODO validation phase: model.eval() and torch.no_grad(); sum loss.item() * batch size.
        # TODO append sum / len(loader.dataset) for each phase to history.
        # TODO if the validation loss is strictly lower than best_val, remember it and
        #      snapshot the weights with copy.deepcopy(model.state_dict()).
        raise NotImplementedError("write the training loop")

    # TODO restore the best weights with model.load_state_dict(...)
    return history
