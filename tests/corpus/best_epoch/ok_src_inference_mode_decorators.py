# expect: pass
# Source style: modern PyTorch docs idioms: model.requires_grad_(True) at the start, @torch.inference_mode()
# on evaluate(), @torch.no_grad() on a snapshot helper, zero_grad(set_to_none=True), torch.as_tensor sums.
import torch


@torch.no_grad()
def snapshot(model):
    return {k: v.detach().clone() for k, v in model.state_dict().items()}


@torch.inference_mode()
def evaluate(model, loader, loss_fn, device):
    model.eval()
    total = torch.zeros((), dtype=torch.float64)
    count = 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        total += loss_fn(model(x), y).double().cpu() * y.shape[0]
        count += y.shape[0]
    return (total / count).item()


def fit_epoch(model, loader, loss_fn, optimizer, device):
    model.train()
    total, count = 0.0, 0
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        total += float(loss.detach()) * y.shape[0]
        count += y.shape[0]
    return total / count


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    model.requires_grad_(True)
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        history["train_loss"].append(fit_epoch(model, train_loader, loss_fn, optimizer, device))
        val = evaluate(model, val_loader, loss_fn, device)
        history["val_loss"].append(val)
        if val < best:
            best, best_state, history["best_epoch"] = val, snapshot(model), epoch
    model.load_state_dict(best_state)
    return history
