# expect-runtime: ok
# exercise: early_stopping
# Writes a marker file everywhere a job must not write: next to its own file
# (classmates' folder), HOME, the reference cache, site-packages, the grader's package, /tmp, and
# every folder named on the grader's command line (the output folder). Contained when no marker
# exists outside the job afterwards.
import copy
import os
import site
import sys
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
    targets = {os.path.dirname(os.path.abspath(globals().get("__file__", "."))),
               os.path.expanduser("~"), os.environ.get("HOME", "/root"),
               os.environ.get("LOOPGRADER_CACHE", os.path.expanduser("~/.cache/loopgrader")),
               sysconfig.get_paths()["purelib"], "/tmp", "/var/tmp", "/dev/shm"}
    targets.update(site.getsitepackages())
    try:
        import grader
        targets.add(os.path.dirname(grader.__file__))
    except Exception:
        pass
    pid = os.getppid()
    for _ in range(6):   # up the process tree: the grader's own arguments name its folders
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                for arg in f.read().split(b"\0"):
                    arg = arg.decode(errors="replace")
                    for cand in (arg, os.path.dirname(arg)):
                        if cand.startswith("/") and os.path.isdir(cand):
                            targets.add(cand)
            with open(f"/proc/{pid}/stat") as f:
                pid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    written = []
    for folder in sorted(t for t in targets if t):
        try:
            with open(os.path.join(folder, "LGATTACK_MARKER_write_outside.txt"), "w") as f:
                f.write("planted by a submission\n")
            written.append(folder)
        except OSError:
            pass
    print("wrote markers in", written)
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
