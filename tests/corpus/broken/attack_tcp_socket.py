# expect-runtime: ok
# exercise: early_stopping
# Opens TCP connections (to the grader's machine on a fixed port, and out to the
# internet) and a UDP socket. Contained when no connection reaches the machine's listener.
import copy
import socket

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
    for host, port in (("127.0.0.1", 47811), ("10.0.0.1", 80), ("1.1.1.1", 443)):
        try:
            with socket.create_connection((host, port), timeout=2) as s:
                s.sendall(b"LGATTACK connected\n")
                print("connected to", host, port)
        except OSError as exc:
            print("no connection to", host, port, exc)
    try:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"LGATTACK", ("127.0.0.1", 47811))
    except OSError as exc:
        print("udp refused", exc)
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
