# expect: pass
# source style: HF Accelerate / Lightning precision plugins (`scaler.is_enabled()` branch with a plain fp32 fallback, `contextlib.nullcontext()` when amp is off)
"""`autocast_ctx()` returns `torch.autocast(...)` or `contextlib.nullcontext()`; the backward goes
through the scaler when `scaler is not None and scaler.is_enabled()`, else plain backward + clip +
optimizer.step(); the scale logged per epoch with `scaler.get_scale()`."""
import contextlib

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scaler=None, max_norm=1.0, amp_dtype=torch.bfloat16):
    device_type = torch.device(device).type
    use_scaler = scaler is not None and scaler.is_enabled()

    def autocast_ctx():
        if amp_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=device_type, dtype=amp_dtype)

    def backward_and_step(loss):
        if use_scaler:
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            scaler.step(optimizer)
            scaler.update()
        else:
            loss.backward()
            grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        return grad_norm

    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        s = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            with autocast_ctx():
                pred = model(xb)
                loss = loss_fn(pred, yb)
            backward_and_step(loss)
            s += loss.item() * len(xb)
        history["train_loss"].append(s / len(train_loader.dataset))
        model.eval()
        s = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                s += loss_fn(model(xb), yb).item() * len(xb)
        history["val_loss"].append(s / len(val_loader.dataset))
        if use_scaler:
            print(f"epoch {epoch + 1}: scale {scaler.get_scale():.0f}")
    return history
