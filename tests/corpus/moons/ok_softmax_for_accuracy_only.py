# expect: pass
import torch
import torch.nn.functional as F
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {k: [] for k in ("train_loss", "val_loss", "val_acc")}
    n_train, n_val = len(train_loader.dataset), len(val_loader.dataset)
    for _ in range(epochs):
        model.train(); tot = 0.0
        for batch in train_loader:
            xb, yb = (t.to(device) for t in batch)
            logits = model(xb)
            loss = loss_fn(logits, yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            tot += float(loss) * yb.numel()
        model.eval(); vt, hits = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                logits = model(xb)
                vt += loss_fn(logits, yb).item() * len(yb)
                probs = F.softmax(logits, dim=1)
                hits += int((probs.argmax(1) == yb).float().sum())
        history["train_loss"].append(tot / n_train)
        history["val_loss"].append(vt / n_val)
        history["val_acc"].append(hits / n_val)
    return history
