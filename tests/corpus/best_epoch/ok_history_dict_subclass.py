# expect: pass
"""The history is a small dict subclass with a log() helper; epochs enumerate from 1; the
best checkpoint is a torch.save into an io.BytesIO, read back with torch.load."""
import io

import torch


class History(dict):
    def log(self, **values):
        for key, value in values.items():
            self.setdefault(key, []).append(value)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = History()
    best_val, buffer = None, io.BytesIO()
    for epoch in range(1, epochs + 1):
        model.train()
        sums = [0.0, 0]
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            sums[0] += loss.item() * len(y)
            sums[1] += len(y)
        train_loss = sums[0] / sums[1]
        model.eval()
        sums = [0.0, 0]
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                sums[0] += loss_fn(model(x), y).item() * len(y)
                sums[1] += len(y)
        val_loss = sums[0] / sums[1]
        history.log(train_loss=train_loss, val_loss=val_loss)
        if best_val is None or val_loss < best_val:
            best_val = val_loss
            history["best_epoch"] = epoch
            buffer.seek(0)
            buffer.truncate()
            torch.save(model.state_dict(), buffer)
    buffer.seek(0)
    model.load_state_dict(torch.load(buffer))
    return history
