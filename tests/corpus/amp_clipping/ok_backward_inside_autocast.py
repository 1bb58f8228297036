# expect: pass
"""The whole update written inside the autocast block (backward, unscale_, clip, step, update:
autocast only changes the forward ops it runs), the device type from a torch.device built once,
validation with autocast explicitly disabled."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scaler=None,
          max_norm=1.0, amp_dtype=torch.bfloat16):
    dev = torch.device(device)
    history = {"train_loss": [], "val_loss": []}
    for _ in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(dev), y.to(dev)
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast(dev.type, dtype=amp_dtype):
                loss = loss_fn(model(x), y)
                scaler.scale(loss).backward()
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
                scaler.step(optimizer)
                scaler.update()
            total += loss.item() * len(x)
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        total = 0.0
        with torch.autocast(dev.type, enabled=False), torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(dev), y.to(dev)
                total += loss_fn(model(x), y).item() * len(x)
        history["val_loss"].append(total / len(val_loader.dataset))
    return history
