"""Starter: mixed precision with gradient clipping (see statement.md)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scaler=None, max_norm=1.0, amp_dtype=torch.bfloat16):
    """Train ``model`` for ``epochs`` epochs with autocast, the GradScaler passed in and clipping.

    Args:
        model: an nn.Module already on ``device`` (it contains Dropout).
        train_loader, val_loader: DataLoaders yielding CPU ``(x, y)`` batches; move them to ``device``.
        loss_fn: nn.MSELoss() with reduction="mean".
        optimizer: a torch.optim optimizer built on ``model.parameters()``.
        epochs: the number of epochs to run.
        device: "cpu", "cuda", ...
        scaler: a torch.amp.GradScaler built for the device: use it, don't build your own.
        max_norm: clip the (unscaled) gradients to this total norm.
        amp_dtype: the autocast dtype (bfloat16 on CPU, float16 on CUDA).

    Returns:
        {"train_loss": [...], "val_loss": [...]}: plain Python floats, one per epoch, each a
        per-sample average over the whole epoch.
    """
    device_type = torch.device(device).type
    history = {"train_loss": [], "val_loss": []}

    for epoch in range(epochs):
        # TODO training phase: model.train(); per batch: move to device, optimizer.zero_grad(),
        #      forward and loss inside torch.autocast(device_type=device_type, dtype=amp_dtype),
        #      scaler.scale(loss).backward(), scaler.unscale_(optimizer),
        #      torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm),
        #      scaler.step(optimizer), scaler.update(); add loss.item() * batch size to a sum.
        # TODO validation phase: model.eval() and torch.no_grad(); sum loss.item() * batch size.
        # TODO append sum / len(loader.dataset) for each phase to history.
        raise NotImplementedError("write the training loop")

    return history
