# expect-runtime: error
# exercise: early_stopping
# Reads what the rubric hides from students (the hidden checks and their parameters, every
# exercise's rubric.toml and any course checks/ folder) from inside the sandbox, and carries it
# out in the one text Gradescope shows a student whatever the visibility settings: the message
# of an exception raised by train() ("Run problem (crash): ..."). Contained when no rubric text
# appears in the result.
import glob
import os
import sys

import torch


def _rubrics() -> str:
    found = []
    roots = {p for p in sys.path if p and os.path.isdir(p)}
    try:
        import exercises
        roots.add(os.path.dirname(os.path.dirname(exercises.__file__)))
    except Exception:
        pass
    for root in sorted(roots):
        for path in glob.glob(os.path.join(root, "**", "rubric.toml"), recursive=True)[:20] + \
                glob.glob(os.path.join(root, "**", "checks", "*.py"), recursive=True)[:20]:
            try:
                with open(path, encoding="utf-8") as f:
                    text = f.read()
            except OSError:
                continue
            if text.strip():
                found.append(f"{path}: {text[-600:]}")
    return "\n".join(found)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    leak = _rubrics()
    print(leak)
    raise RuntimeError("LEAK " + (leak or "nothing readable"))
