# expect: pass
"""Labels with y.gt(threshold).to(logits.dtype), accuracy counted in numpy on
.cpu().numpy() arrays with sigmoid >= 0.5, correct counts summed from .tolist(), the best
state as {k: v.detach().cpu().clone()}, len(y) counts."""
import numpy as np
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 1}
    best_loss, best_state = np.inf, None
    for epoch in range(epochs):
        model.train()
        total, n = 0.0, 0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            logits = model(x)
            labels = y.gt(threshold).to(logits.dtype)
            loss = loss_fn(logits, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
            n += len(y)
        history["train_loss"].append(total / n)

        model.eval()
        total, n, correct = 0.0, 0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                logits = model(x)
                labels = y.gt(threshold).to(logits.dtype)
                total += loss_fn(logits, labels).item() * len(y)
                n += len(y)
                probs = torch.sigmoid(logits).cpu().numpy()
                hits = (probs >= 0.5) == (labels.cpu().numpy() == 1.0)
                correct += sum(hits.reshape(-1).tolist())
        history["val_loss"].append(total / n)
        history["val_acc"].append(float(correct) / n)
        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            history["best_epoch"] = epoch + 1
            best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    return history
