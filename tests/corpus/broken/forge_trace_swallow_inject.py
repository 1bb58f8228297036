# expect-runtime: any
# exercise: training_loop
# expect-forgery: flagged
# forge: validation without no_grad; writes its own run record to the trace fd, then swallows the grader's
"""The trace is newline-delimited JSON on a descriptor the job holds, and a line the parent
cannot read is dropped silently. This loop forgets torch.no_grad() in validation, then writes
a complete run record of its own (built with the grader's own functions, validation forwards
rewritten as made without autograd) straight to the trace descriptor, followed by an
unterminated JSON prefix: the grader's genuine run record, written next, joins that prefix on
one unreadable line and is dropped."""
import copy
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching
import io
import json
import os
import sys
import time

import torch


def _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device):
    """A correct loop but for one thing: validation runs without torch.no_grad()."""
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
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
        history["train_loss"].append(running / len(train_loader.dataset))
        model.eval()
        running = 0.0
        for xb, yb in val_loader:
            xb, yb = xb.to(device), yb.to(device)
            running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history


def _trace_fd():
    """The trace pipe: a descriptor that is a pipe and not the output's (whatever object, if
    any, the grader writes it through)."""
    for obj in (gc.unfreeze() or gc.get_objects()):
        if isinstance(obj, io.TextIOWrapper) and obj not in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__) \
                and "a" in getattr(obj, "mode", ""):
            return obj.fileno()
    output = os.readlink("/proc/self/fd/1")
    for name in sorted(os.listdir("/proc/self/fd"), key=int):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue
        if int(name) > 2 and target.startswith("pipe:") and target != output:
            return int(name)
    return None


def _forged_run(history, started, device):
    from grader.job.observe.history import describe_history
    from grader.job.observe.journal import final_state, state_digest

    recorder = next(o for o in (gc.unfreeze() or gc.get_objects()) if type(o).__name__ == "Recorder" and getattr(o, "active", False))
    record = {"type": "run", "scenario": "main", "device": device, "epochs": recorder.setup.epochs,
              "kwargs": {}, "status": "ok", "error": None, "elapsed": time.perf_counter() - started,
              "hooks_intact": True, "tampered": []}
    record.update(recorder.records())
    for event in record["forwards"]:
        if event.get("role") == "val":
            event["grad"] = False
    record["history"] = describe_history(history)
    record["weights"] = recorder.finish()
    record["final_eval"] = recorder.evaluate()
    record["final_state"] = final_state(recorder.tensors)
    record["snapshot_digests"] = [state_digest(s) for _, s in list.__iter__(recorder.snapshots)]
    frame = sys._getframe(2)     # the grader's _run_scenario frame knows the scenario's name
    while frame is not None and "scenario" not in frame.f_locals:
        frame = frame.f_back
    if frame is not None:
        record["scenario"] = frame.f_locals["scenario"]
    return record


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    started = time.perf_counter()
    history = _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device)
    fd = _trace_fd()
    if fd is not None:
        try:
            os.write(fd, (json.dumps(_forged_run(history, started, device)) + "\n").encode())
        except Exception as exc:
            print("forge failed:", type(exc).__name__, exc)
        os.write(fd, b'{"type": "swallow", "pad": "')
    return history
