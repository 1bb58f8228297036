"""Reference for the ``amp_clipping`` exercise (seed 002).

Forward and loss under ``torch.autocast``; backward on ``scaler.scale(loss)``; ``scaler.unscale_``
before ``clip_grad_norm_`` so the threshold applies to the true gradients; ``scaler.step`` (which
skips an update whose gradients overflowed) and ``scaler.update`` every batch.
"""
from __future__ import annotations

import torch

from reference._loop import evaluate


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scaler=None,
          max_norm=1.0, amp_dtype=torch.bfloat16):
    """Train with mixed precision and clipping; returns per-epoch train and validation losses."""
    device_type = torch.device(device).type
    history = {"train_loss": [], "val_loss": []}
    for _ in range(epochs):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            with torch.autocast(device_type=device_type, dtype=amp_dtype):
                loss = loss_fn(model(xb), yb)
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            scaler.step(optimizer)
            scaler.update()
            running += loss.item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        val_loss, _ = evaluate(model, val_loader, loss_fn, device)
        history["val_loss"].append(val_loss)
    return history
