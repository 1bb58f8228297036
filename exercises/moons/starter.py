"""Starter: a reusable train() for two moons (see statement.md)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    """Train and validate every epoch; return the curves.

    Args:
        model: an nn.Module already on ``device`` giving 2 raw logits per sample (it contains Dropout).
        train_loader, val_loader: DataLoaders yielding CPU ``(x, y)`` batches, x [B, 2] float32 and
            y [B] int64 class indices; move them to ``device``.
        loss_fn: nn.CrossEntropyLoss() with reduction="mean" (it takes raw logits).
        optimizer: a torch.optim optimizer built on ``model.parameters()``.
        epochs: the number of epochs to run.
        device: "cpu", "cuda", ...

    Returns:
        {"train_loss": [...], "val_loss": [...], "val_acc": [...]}: plain floats, one per epoch:
        per-sample average losses, and accuracy = correct (argmax of the logits) / validation samples.
        The model keeps its final weights.
    """
    history = {"train_loss": [], "val_loss": [], "val_acc": []}

    for epoch in range(1, epochs + 1):
        # TODO training phase: model.train(), then for each (x, y) in train_loader:
        #      move x and y to device, clear the gradients, forward, loss, backward, step,
        #      and add loss.item() * batch size to a running sum.
        # TODO validation phase: model.eval() and torch.no_grad(); sum loss.item() * batch size
        #      and count the correct predictions logits.argmax(dim=1) == y.
        # TODO append the per-sample averages and correct / len(val_loader.dataset) to history.
        raise NotImplementedError("write the training loop")

    return history
