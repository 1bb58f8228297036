# expect: pass
"""The device type taken from a string or a torch.device by hand, zero_grad(set_to_none=True)
before the forward, the model under autocast and the loss outside it in float32, clipping with
foreach=True, the clip skipped when max_norm is None."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scaler=None,
          max_norm=1.0, amp_dtype=torch.bfloat16):
    device_type = device.type if isinstance(device, torch.device) else device.split(":")[0]
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast(device_type=device_type, dtype=amp_dtype):
                out = model(x)
            loss = loss_fn(out.float(), y)
            scaler.scale(loss).backward()
            if max_norm is not None:
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm, foreach=True)
            scaler.step(optimizer)
            scaler.update()
            total += loss.item() * x.size(0)
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * x.size(0)
        history["val_loss"].append(total / len(val_loader.dataset))
    return history
