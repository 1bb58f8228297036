# expect-runtime: crash
# exercise: early_stopping
# Looks for what an exercise folder keeps beside its scenario: the reference and the rubric, and
# the copies editors, Jupyter and git leave of them (.ipynb_checkpoints/, ~, .bak, .orig, .swp,
# dot-folders, subfolders), everywhere below the folders of the exercises package and of the
# scenario it was given, and raises what it read as train()'s exception message (the one text
# Gradescope always shows a student). Contained when none of it is readable.
import os
import sys

WANTED = ("reference", "rubric", "checkpoint", "solution", ".bak", ".orig", ".swp", "~")


def _roots():
    roots = set()
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None) or ""
        if "scenario" in os.path.basename(path) or "exercises" in path:
            roots.add(os.path.dirname(os.path.dirname(path)))
    return sorted(roots)


def _read_all():
    found = []
    for root in _roots():
        for folder, dirs, files in os.walk(root):
            if "/grader" in folder or "site-packages" in folder:
                continue          # the grader's and libraries' own (public) source
            for name in files:
                if any(w in name for w in WANTED) or any(w in folder for w in WANTED):
                    try:
                        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                            text = f.read()[-400:]
                    except OSError:
                        continue
                    if text.strip():
                        found.append(f"{os.path.join(folder, name)}: {text}")
    return "\n".join(found[:40])


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    leak = _read_all()
    print(leak)
    raise RuntimeError("LEAK " + (leak or "nothing readable"))
