# expect-runtime: ok
# exercise: early_stopping
# Holds memory where neither RLIMIT_AS nor the 64 MiB tmpfs caps count it: in memfd files
# (memfd_create, written with write(), never mapped), up to 1 GiB, kept open while it trains;
# also opens descriptors until EMFILE, leaves zombie children it never waits for, and makes a
# 10 GB sparse file in /tmp. Prints "LGATTACK-FILLED memfd <bytes held>". Contained when what it
# held is within the job's tmp cap and the grade and later jobs are unaffected.
import copy
import os
import subprocess
import sys

import torch

_KEEP = []


def _hold_memfd(limit=2**30, chunk=2**24):
    held = 0
    block = b"\xa5" * chunk
    try:
        while held < limit:
            fd = os.memfd_create("lgattack")
            _KEEP.append(fd)
            for _ in range(16):           # 256 MiB per memfd
                held += os.write(fd, block)
                if held >= limit:
                    break
    except OSError as exc:
        print("memfd refused:", exc)
    print("LGATTACK-FILLED memfd", held)


def _zombies_fds_sparse():
    for _ in range(20):
        try:
            _KEEP.append(subprocess.Popen([sys.executable, "-c", "pass"]))
        except OSError:
            break
    try:
        with open("/tmp/lgattack-sparse", "wb") as f:
            f.truncate(10 * 2**30)
        print("sparse file", os.stat("/tmp/lgattack-sparse").st_size)
    except OSError as exc:
        print("sparse refused:", exc)
    opened = 0
    try:
        while opened < 100000:
            _KEEP.append(os.open("/dev/null", os.O_RDONLY))
            opened += 1
    except OSError:
        pass
    print("descriptors opened", opened)
    for fd in _KEEP[-opened:][:opened - 64] if opened > 64 else []:   # leave room to train
        os.close(fd)


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
    _hold_memfd()
    _zombies_fds_sparse()
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
