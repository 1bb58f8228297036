# expect: pass
import copy
import torch
def evaluate(model, loader, loss_fn, device):
    model.eval()
    s, n = 0.0, 0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            s += loss_fn(model(x), y).item() * x.size(0); n += x.size(0)
    return s / n
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    hist = {"train_loss": [], "val_loss": []}
    best_model, best_val, best_epoch, waited = None, None, 0, 0
    epoch = 0
    while epoch < epochs:
        epoch += 1
        model.train(); s = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward(); optimizer.step()
            s += loss.item() * x.size(0)
        hist["train_loss"].append(s / len(train_loader.dataset))
        v = evaluate(model, val_loader, loss_fn, device)
        hist["val_loss"].append(v)
        if best_val is None or v < best_val:
            best_val, best_epoch, waited = v, epoch, 0
            best_model = copy.deepcopy(model)
        else:
            waited += 1
            if waited == patience:
                print(f"early stop at {epoch}")
                break
    model.load_state_dict(best_model.state_dict())
    hist["best_epoch"] = best_epoch
    return hist
