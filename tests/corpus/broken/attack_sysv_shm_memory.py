# expect-runtime: ok
# exercise: early_stopping
# Holds memory where neither RLIMIT_AS nor the tmpfs caps count it: System V shared memory
# segments (shmget), each attached, filled and detached again (shmdt), so the pages stay in the
# segment and out of the address space; up to 3 GiB, held while it trains (graded with
# --memory 2G). Also tries a semaphore set and a message queue (msgsnd of 64 KiB messages).
# Prints "LGATTACK-FILLED sysv <bytes held>". Contained when what it held is within the job's
# tmp cap and the grade is unaffected.
import copy
import ctypes
import os

import torch

_libc = ctypes.CDLL(None, use_errno=True)
_libc.shmat.restype = ctypes.c_void_p
_libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
_libc.shmdt.argtypes = [ctypes.c_void_p]
IPC_PRIVATE, IPC_CREAT = 0, 0o1000


def _hold_sysv(limit=3 * 2**30, chunk=256 * 2**20):
    held = 0
    while held < limit:
        shmid = _libc.shmget(IPC_PRIVATE, ctypes.c_size_t(chunk), IPC_CREAT | 0o600)
        if shmid < 0:
            print("shmget refused:", os.strerror(ctypes.get_errno()))
            break
        addr = _libc.shmat(shmid, None, 0)
        if addr in (None, ctypes.c_void_p(-1).value):
            print("shmat refused:", os.strerror(ctypes.get_errno()))
            break
        ctypes.memset(addr, 0xA5, chunk)      # the pages now belong to the segment
        _libc.shmdt(ctypes.c_void_p(addr))    # out of the address space, still held
        held += chunk
    sem = _libc.semget(IPC_PRIVATE, 8, IPC_CREAT | 0o600)
    queue = _libc.msgget(IPC_PRIVATE, IPC_CREAT | 0o600)
    print("semget", "refused" if sem < 0 else "allowed", "msgget", "refused" if queue < 0 else "allowed")
    print("LGATTACK-FILLED sysv", held)


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
    _hold_sysv()
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
