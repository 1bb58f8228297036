# expect: pass
import copy, torch
from collections import defaultdict
def run_epoch(model, loader, loss_fn, optimizer, device, train):
    model.train(train)
    total, count = torch.zeros(()), 0
    with torch.set_grad_enabled(train):
        for step, (xb, yb) in enumerate(loader):
            xb, yb = xb.to(device, non_blocking=True), yb.to(device)
            out = model(xb)
            loss = loss_fn(out, yb)
            if train:
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1e9)
                optimizer.step()
                model.zero_grad(set_to_none=True)
            total += loss.detach() * xb.shape[0]; count += xb.shape[0]
    return (total / count).item()
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    xb, _ = next(iter(train_loader)); print("batch shape", tuple(xb.shape))
    history = defaultdict(list); best, state = float("inf"), None
    for epoch in range(epochs):
        history["train_loss"].append(run_epoch(model, train_loader, loss_fn, optimizer, device, True))
        v = run_epoch(model, val_loader, loss_fn, optimizer, device, False)
        history["val_loss"].append(v)
        if v < best: best, state = v, copy.deepcopy(model.state_dict())
    model.load_state_dict(state)
    return history
