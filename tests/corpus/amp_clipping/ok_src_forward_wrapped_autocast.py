# expect: pass
# source style: PyTorch AMP docs' "autocast as a decorator on forward" applied to the instance (`model.forward = torch.autocast(...)(model.forward)`), restored for validation
"""During training the instance's forward is wrapped with `torch.autocast(...)` used as a
decorator (the AMP examples' DataParallel recipe); the original forward is put back (`del
model.forward`) before validation, in a `finally`."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scaler=None, max_norm=1.0, amp_dtype=torch.bfloat16):
    autocast = torch.autocast(device_type=torch.device(device).type, dtype=amp_dtype)
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        model.forward = autocast(model.forward)
        try:
            total = 0.0
            for x, y in train_loader:
                x, y = x.to(device), y.to(device)
                optimizer.zero_grad()
                loss = loss_fn(model(x).float(), y)
                scaler.scale(loss).backward()
                scaler.unscale_(optimizer)
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
                scaler.step(optimizer)
                scaler.update()
                total += loss.item() * x.size(0)
        finally:
            del model.forward
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * x.size(0)
        history["val_loss"].append(total / len(val_loader.dataset))
    return history
