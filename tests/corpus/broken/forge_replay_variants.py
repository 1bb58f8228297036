# expect-runtime: any
# exercise: early_stopping
# expect-forgery: zero
# forge: replays genuine traces recorded offline for every variant it can derive, trains nothing
"""A train() that never trains. Offline, its author graded a correct loop on every scenario
variant that reading the grader's code lets anyone build (the public one; the probe variants
numbered 1, 2, ... whose seeds are a public hash), and kept each genuine trace under a
fingerprint of that variant's data. In the job it fingerprints the data it was handed; when
the table holds it, it writes the recorded trace into its own trace through the child's emit
(numbered afresh, so the sequence is whole), writes "done" and exits before the grader records
the real, empty run. `TABLE` (zlib + base64 JSON: fingerprint -> scenario -> records) is empty
here; tests/test_secret_variants.py fills it with genuine traces. On a secret variant the data
match nothing (their seeds need a key the job never sees), so nothing is replayed and the
submission has nothing to be graded on."""
import base64
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching
import hashlib
import json
import os
import sys
import types
import zlib

TABLE = ""


def fingerprint(train_loader) -> str:
    """What the attacker sees of a variant: the training inputs' values (the same across an
    exercise's scenarios, which share their data)."""
    x = train_loader.dataset.tensors[0]
    return hashlib.sha256(x.detach().cpu().contiguous().numpy().tobytes()).hexdigest()


def _find_emit_and_job():
    frame = sys._getframe()
    while frame is not None:
        if "emit" in frame.f_locals and "job" in frame.f_locals:
            return frame.f_locals["emit"], frame.f_locals["job"]
        frame = frame.f_back
    for obj in (gc.unfreeze() or gc.get_objects()):
        if isinstance(obj, types.FunctionType) and obj.__name__ == "emit" and obj.__module__.startswith("grader"):
            return obj, {}
    return None, {}


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    table = json.loads(zlib.decompress(base64.b64decode(TABLE))) if TABLE else {}
    recorded = table.get(fingerprint(train_loader))
    emit, job = _find_emit_and_job()
    if recorded is None or emit is None:
        print("replay: no recorded trace for this data")
        return {"train_loss": [], "val_loss": [], "best_epoch": 0}
    scenarios = job.get("scenarios") or list(recorded)
    for i, scenario in enumerate(scenarios):
        if i:   # the child announced the first scenario before calling train()
            emit({"type": "start", "scenario": scenario})
        for record in recorded[scenario]:
            emit(record)
    emit({"type": "done"})
    sys.stdout.flush()
    os._exit(0)
