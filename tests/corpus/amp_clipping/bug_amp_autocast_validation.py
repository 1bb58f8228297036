# expect-fail: amp_autocast
# expect-line: 30
# may-fail: reference_match
"""Mixed precision everywhere, clipping in the AMP recipe's order."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scaler=None,
          max_norm=1.0, amp_dtype=torch.bfloat16):
    device_type = torch.device(device).type
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            with torch.autocast(device_type=device_type, dtype=amp_dtype):
                loss = loss_fn(model(x), y)
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
            scaler.step(optimizer)
            scaler.update()
            total += loss.item() * x.size(0)
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        total = 0.0
        with torch.no_grad(), torch.autocast(device_type=device_type, dtype=amp_dtype):
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * x.size(0)
        history["val_loss"].append(total / len(val_loader.dataset))
    return history
