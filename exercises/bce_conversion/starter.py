"""Starter: from regression to binary classification (see statement.md)."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    """Train a binary classifier on labels ``(y > threshold)``; restore the best weights.

    Args:
        model: an nn.Module already on ``device`` giving one raw logit per sample, [B, 1].
        train_loader, val_loader: DataLoaders yielding CPU ``(x, y)`` batches with regression
            targets y of shape [B, 1]; move them to ``device``.
        loss_fn: nn.BCEWithLogitsLoss() with reduction="mean" (it takes raw logits).
        optimizer: a torch.optim optimizer built on ``model.parameters()``.
        epochs: the number of epochs to run.
        device: "cpu", "cuda", ...
        threshold: labels are ``(y > threshold).float()``.

    Returns:
        {"train_loss": [...], "val_loss": [...], "val_acc": [...], "best_epoch": int}: plain
        floats, one per epoch (per-sample average losses; accuracy = correct / validation samples,
        predicting 1 where the logit > 0), and the 1-based epoch with the lowest validation loss.
        When this returns, ``model`` holds the weights of that epoch.
    """
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 0}
    best_val = float("inf")
    best_state = None

    for epoch in range(1, epochs + 1):
        # TODO training phase: model.train(), then for each (x, y) in train_loader:
        #      move x and y to device, labels = (y > threshold).float(), clear the gradients,
        #      forward (raw logits), loss, backward, step; add loss.item() * batch size to a sum.
        # TODO validation phase: model.eval() and torch.no_grad(); sum loss.item() * batch size
        #      and count the correct predictions (logits > 0) == labels.
        # TODO append the per-sample averages and correct / len(val_loader.dataset) to history.
        # TODO strictly lower validation loss: remember it, set history["best_epoch"] = epoch
        #      and snapshot copy.deepcopy(model.state_dict()).
        raise NotImplementedError("write the training loop")

    # TODO restore the best weights with model.load_state_dict(...)
    return history
