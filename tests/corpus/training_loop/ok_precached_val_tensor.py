# expect: pass
import torch, tempfile, os
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    hist = {"train_loss": [], "val_loss": []}
    xv = torch.cat([x for x, _ in val_loader]).to(device); yv = torch.cat([y for _, y in val_loader]).to(device)
    best = None
    with tempfile.TemporaryDirectory() as d:
        ck = os.path.join(d, "best.pt")
        for _ in range(epochs):
            model.train(); s = 0.0
            for xb, yb in train_loader:
                xb = xb.to(device); yb = yb.to(device)
                optimizer.zero_grad(); l = loss_fn(model(xb), yb); l.backward(); optimizer.step()
                s += l.item() * len(yb)
            hist["train_loss"].append(s / len(train_loader.dataset))
            model.eval()
            with torch.inference_mode():
                v = loss_fn(model(xv), yv).item()
            hist["val_loss"].append(v)
            if best is None or v < best:
                best = v; torch.save(model.state_dict(), ck)
        model.load_state_dict(torch.load(ck))
    return hist
