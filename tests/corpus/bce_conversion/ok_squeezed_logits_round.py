# expect: pass
import torch
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    h = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": None}
    best, snap = float("inf"), None
    for ep in range(1, epochs + 1):
        model.train(); tl = 0.0
        for x, y in train_loader:
            x = x.to(device); t = (y > threshold).float().to(device)
            logits = model(x).squeeze(1)
            loss = loss_fn(logits, t.squeeze(1))
            optimizer.zero_grad(); loss.backward(); optimizer.step()
            tl += loss.item() * len(x)
        model.eval(); vl, ok = 0.0, 0
        with torch.inference_mode():
            for x, y in val_loader:
                x = x.to(device); t = (y.to(device) > threshold).float()
                logits = model(x)
                vl += loss_fn(logits, t).item() * len(x)
                ok += (torch.sigmoid(logits).round() == t).sum().item()
        h["train_loss"].append(tl / len(train_loader.dataset)); h["val_loss"].append(vl / len(val_loader.dataset))
        h["val_acc"].append(ok / len(val_loader.dataset))
        if h["val_loss"][-1] < best:
            best = h["val_loss"][-1]; h["best_epoch"] = ep
            snap = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(snap)
    return h
