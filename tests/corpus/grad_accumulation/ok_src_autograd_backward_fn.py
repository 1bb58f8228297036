# expect: pass
# source style: research codebases calling `torch.autograd.backward(loss / N)` and deciding the update with `is_accumulating` (fairseq/Lightning naming)
"""`torch.autograd.backward(loss / accum_steps)` (the functional form) instead of `.backward()`;
the update decided by an `is_accumulating` flag computed from the batch index and the epoch's
length; `optimizer.zero_grad()` once before the epoch and after every update."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    num_batches = len(train_loader)
    for epoch in range(epochs):
        model.train()
        optimizer.zero_grad()
        sum_loss, n_samples = 0.0, 0
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            sum_loss += loss.item() * x.shape[0]
            n_samples += x.shape[0]
            torch.autograd.backward(loss / accum_steps)
            is_accumulating = (batch_idx + 1) % accum_steps != 0 and batch_idx + 1 != num_batches
            if is_accumulating:
                continue
            optimizer.step()
            optimizer.zero_grad()
        history["train_loss"].append(sum_loss / n_samples)
        model.eval()
        sum_loss, n_samples = 0.0, 0
        with torch.inference_mode():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                sum_loss += loss_fn(model(x), y).item() * x.shape[0]
                n_samples += x.shape[0]
        history["val_loss"].append(sum_loss / n_samples)
    return history
