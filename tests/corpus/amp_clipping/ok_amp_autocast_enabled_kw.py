# expect: pass
"""torch.amp.autocast with enabled=True and the device type from str(device), clip_grad_norm_
with error_if_nonfinite=False and a float threshold, the training loss summed as a detached
float32 tensor, validation in a @torch.no_grad() helper."""
import torch
from torch import nn


@torch.no_grad()
def evaluate(model, loader, loss_fn, device):
    model.eval()
    total, n = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        total += loss_fn(model(x), y).item() * len(y)
        n += len(y)
    return total / n


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scaler=None,
          max_norm=1.0, amp_dtype=torch.bfloat16):
    kind = str(device).split(":")[0]
    history = {"train_loss": [], "val_loss": []}
    for _ in range(epochs):
        model.train()
        running = torch.zeros((), dtype=torch.float32, device=device)
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            with torch.amp.autocast(device_type=kind, dtype=amp_dtype, enabled=True):
                loss = loss_fn(model(x), y)
            optimizer.zero_grad()
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            nn.utils.clip_grad_norm_(model.parameters(), max_norm=float(max_norm), norm_type=2.0,
                                     error_if_nonfinite=False)
            scaler.step(optimizer)
            scaler.update()
            running += loss.detach().float() * len(y)
        history["train_loss"].append(running.item() / len(train_loader.dataset))
        history["val_loss"].append(evaluate(model, val_loader, loss_fn, device))
    return history
