# expect: pass
"""torch.amp.autocast in a step helper, clipping the optimizer's
own parameter list, zero_grad(set_to_none=True) after the update, a sample counter."""
import torch
from torch.nn.utils import clip_grad_norm_


def amp_step(model, xb, yb, loss_fn, optimizer, scaler, max_norm, device_type, amp_dtype):
    with torch.amp.autocast(device_type, dtype=amp_dtype):
        out = model(xb)
        loss = loss_fn(out, yb)
    scaler.scale(loss).backward()
    scaler.unscale_(optimizer)
    clip_grad_norm_(optimizer.param_groups[0]["params"], max_norm=max_norm)
    scaler.step(optimizer)
    scaler.update()
    optimizer.zero_grad(set_to_none=True)
    return loss.detach()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scaler=None,
          max_norm=1.0, amp_dtype=torch.bfloat16):
    device_type = "cuda" if str(device).startswith("cuda") else "cpu"
    history = {"train_loss": [], "val_loss": []}
    optimizer.zero_grad(set_to_none=True)
    for _ in range(epochs):
        model.train()
        seen, total = 0, 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device, non_blocking=True), yb.to(device, non_blocking=True)
            loss = amp_step(model, xb, yb, loss_fn, optimizer, scaler, max_norm, device_type, amp_dtype)
            total += float(loss) * len(xb)
            seen += len(xb)
        history["train_loss"].append(total / seen)

        model.eval()
        seen, total = 0, 0.0
        with torch.inference_mode():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += float(loss_fn(model(xb), yb)) * len(xb)
                seen += len(xb)
        history["val_loss"].append(total / seen)
    return history
