# expect-runtime: any
# exercise: early_stopping
# expect-forgery: flagged
# forge: replays reference-looking records built on the public scenario data, trains nothing
"""The records a student bundle ships are the reference run on the public scenarios. This
train() never trains: it rebuilds exactly such records (a correct loop observed by the grader's
own Recorder on the public data), writes them into its trace through the child's emit, writes
"done" and exits before the grader can record the real (empty) run."""
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching
import os
import sys
import types

import torch


def _honest(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    import copy
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best, best_state, bad = float("inf"), None, 0
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * len(xb)
        val = total / len(val_loader.dataset)
        history["val_loss"].append(val)
        if val < best:
            best, best_state, bad = val, copy.deepcopy(model.state_dict()), 0
            history["best_epoch"] = epoch
        else:
            bad += 1
            if bad >= patience:
                break
    model.load_state_dict(best_state)
    return history


def _find_emit_and_job():
    frame = sys._getframe()
    while frame is not None:
        if "emit" in frame.f_locals and "job" in frame.f_locals:
            return frame.f_locals["emit"], frame.f_locals["job"]
        frame = frame.f_back
    for obj in (gc.unfreeze() or gc.get_objects()):   # fall back: any function called emit in the grader's child
        if isinstance(obj, types.FunctionType) and obj.__name__ == "emit" \
                and obj.__module__.startswith("grader"):
            return obj, {}
    return None, {}


def _public_record(exercise, scenario, device):
    import importlib
    from grader.job.observe.history import describe_history
    from grader.job.observe.recorder import Recorder

    setup = importlib.import_module(f"exercises.{exercise}.scenario").SCENARIOS[scenario](device)
    recorder = Recorder(setup, device, {__file__})
    recorder.attach()
    history = _honest(setup.model, setup.train_loader, setup.val_loader, setup.loss_fn,
                      setup.optimizer, setup.epochs, device=device, **setup.kwargs)
    recorder.detach()
    record = {"type": "run", "scenario": scenario, "device": device, "epochs": setup.epochs,
              "kwargs": setup.kwargs, "status": "ok", "error": None, "elapsed": 0.5,
              "hooks_intact": True, "tampered": []}
    record.update(recorder.records())
    record["history"] = describe_history(history)
    record["weights"] = recorder.finish()
    record["final_eval"] = recorder.evaluate()
    return record


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    emit, job = _find_emit_and_job()
    if emit is None:
        return {"train_loss": [], "val_loss": [], "best_epoch": 0}
    exercise = job.get("exercise", "early_stopping")
    for scenario in job.get("scenarios", ["fires", "budget"]):
        emit({"type": "start", "scenario": scenario})
        emit(_public_record(exercise, scenario, device))
    emit({"type": "done"})
    sys.stdout.flush()
    os._exit(0)
