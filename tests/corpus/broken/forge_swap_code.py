# expect-runtime: any
# exercise: early_stopping
# expect-forgery: flagged
# forge: swaps the code of the grader's functions in memory (same function objects, new __code__)
"""Identity checks see the same function objects, so this swaps their code instead: the
Recorder's finish() reports the returned weights as equal to the best snapshot, its
hooks_intact() always says yes, the fingerprint comparison reports no change, and the child's
JSON writer drops any "tampered" list before a record is written. The loop never restores
the best weights and never clears gradients."""
import json
import sys

import torch


def _fake_finish(self):
    self.active = False
    n = len(self.snapshots)
    return {"snapshot_forwards": [f for f, _ in self.snapshots], "final_distance": [0.0] * n,
            "initial_distance": 1.0, "snapshot_gaps": [1.0] * max(n - 1, 0)}


def _fake_hooks_intact(self):
    return True


def _fake_changed_since(before):
    return []


class _ScrubbingJson:
    def __getattr__(self, name):
        return getattr(json, name)

    @staticmethod
    def dumps(record, *args, **kwargs):
        if isinstance(record, dict):
            record = dict(record, tampered=[], hooks_intact=True)
        return json.dumps(record, *args, **kwargs)


def _swap():
    recorder = sys.modules.get("grader.job.observe.recorder")
    patches = sys.modules.get("grader.job.observe.patches")
    child = sys.modules.get("grader.job.child")
    if recorder is not None:
        recorder.Recorder.finish.__code__ = _fake_finish.__code__
        recorder.Recorder.hooks_intact.__code__ = _fake_hooks_intact.__code__
    if patches is not None:
        patches.changed_since.__code__ = _fake_changed_since.__code__
    if child is not None and hasattr(child, "json"):
        child.json = _ScrubbingJson()


_swap()


def _epochs(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience):
    """Early stopping done right, except that the best weights are never restored."""
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best, bad = float("inf"), 0
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
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
            best, bad = val, 0
            history["best_epoch"] = epoch
        else:
            bad += 1
            if bad >= patience:
                break
    return history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    _swap()
    return _epochs(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
