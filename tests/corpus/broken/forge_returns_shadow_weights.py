# expect-runtime: ok
# exercise: training_loop
# expect-forgery: fails zero_grad
# forge: a loop that never clears its gradients, whose returned weights are swapped for those of a shadow copy trained correctly on the side
"""The loop the grader watches never clears its gradients (zero_grad's bug) and its weights stay
poor; a shadow copy is trained correctly on the side with its own optimizer (not watched), and its
weights are loaded into the model just before train() returns, so the returned model converges.
A recorder whose Step records were rewritten to hide the stale gradients (ctypes) would then pass
everything. Training replay: the returned weights are not a point of the chain of weights the
optimizer's steps produced, so the account of training is not believed."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    shadow = copy.deepcopy(model)
    shadow_opt = torch.optim.Adam(shadow.parameters(), lr=0.03)
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        shadow.train()
        total, n = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            shadow_opt.zero_grad()
            loss_fn(shadow(xb), yb).backward()
            shadow_opt.step()
            total += loss.item() * len(xb)
            n += len(xb)
        history["train_loss"].append(total / n)
        model.eval()
        val, m = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                val += loss_fn(model(xb), yb).item() * len(xb)
                m += len(xb)
        history["val_loss"].append(val / m)
    model.load_state_dict(shadow.state_dict())
    return history
