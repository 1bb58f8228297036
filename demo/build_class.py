"""Rebuild demo/class/: a small class for `grader batch`, made from the test corpus.

    python demo/build_class.py

Fourteen students in the layouts instructors download: one file per student, one folder
per student (with a helper file that is ignored), Canvas names (one of them LATE), a Moodle
folder; correct solutions in several styles, the common bugs, a notebook that is not valid
JSON, a train() that crashes and one that never ends. Corpus headers (# expect...) are
stripped so the files look like what students hand in.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat

HERE = Path(__file__).parent
CORPUS_ROOT = HERE.parent / "tests" / "corpus"
CORPUS = CORPUS_ROOT / "training_loop"
CLASS = HERE / "class"
# A second, smaller class on a production-loop exercise (seed 002): gradient accumulation.
ACCUMULATION_CLASS = HERE / "accumulation_class"
ACCUMULATION = {
    "ana.py": "ok_divide_then_backward.py",
    "ben.py": "ok_enumerate_from_one.py",
    "chen.ipynb": "ok_notebook_divide_grads.ipynb",
    "dev.py": "bug_accum_scaling_not_divided.py",
    "eva.py": "bug_accum_cadence_drops_last_group.py",
}

# student file (relative to demo/class) <- corpus file
FROM_CORPUS = {
    "alice.py": "ok_run_epoch_helper.py",
    "bob.ipynb": "ok_notebook_magics.ipynb",
    "carlos/train.py": "ok_tempfile_checkpoint.py",
    "dana.py": "bug_zero_grad_missing.py",
    "eli/hw3.ipynb": "bug_no_grad_missing.py",
    "nguyenfatima_20417_88123_train.ipynb": "bug_weighted_average_batch_mean.py",
    "okaforchidi_LATE_20533_88301_train.py": "bug_train_mode_once_before_loop.py",
    "Priya Raman_5521_assignsubmission_file_/train.py": "bug_best_checkpoint_alias.py",
    "quinn.py": "bug_item_logging_tensor.py",
    "rosa.py": "bug_device_not_moved.py",
    "uma.py": "bug_convergence_no_step.py",
}
# demo folder -> (exercise, {student file: corpus file}) for demo/verify.py
CLASSES = {"class": ("training_loop", FROM_CORPUS), "accumulation_class": ("grad_accumulation", ACCUMULATION)}

HELPER = '''import matplotlib.pyplot as plt


def plot_history(history):
    plt.plot(history["train_loss"], label="train")
    plt.plot(history["val_loss"], label="val")
    plt.legend()
    plt.show()
'''

HANG = '''import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
    epoch = 0
    while epoch < epochs:          # the loop counter is never increased
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * len(x)
        val = total / len(val_loader.dataset)
        history["val_loss"].append(val)
        if val < best_val:
            best_val, best_state = val, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
'''

CRASH = '''import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                loss = loss_fn(model(x), y)
                loss.backward()            # copied from the training loop
                total += loss.item() * len(x)
        history["val_loss"].append(total / len(val_loader.dataset))
    return history
'''

BROKEN_NOTEBOOK = '''{
 "cells": [
  {
   "cell_type": "code",
<<<<<<< HEAD
   "source": ["def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device=\\"cpu\\"):\\n"],
=======
   "source": ["def train(model, train_loader, val_loader, loss_fn, optimizer, epochs):\\n"],
>>>>>>> origin/main
'''


def strip_header(text: str) -> str:
    return "".join(l for l in text.splitlines(keepends=True) if not l.startswith(("# expect", "# may-fail")))


def as_notebook(code: str) -> str:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Homework 3: the training loop"),
        nbformat.v4.new_code_cell(code.strip()),
        nbformat.v4.new_code_cell("print('done')"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nbformat.writes(nb)


def write(relative: str, text: str, folder: Path = CLASS) -> None:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def copy_from_corpus(files: dict, corpus: Path, folder: Path) -> None:
    for target, source in files.items():
        text = (corpus / source).read_text()
        if source.endswith(".ipynb"):
            nb = json.loads(text)
            for cell in nb["cells"]:
                cell["source"] = strip_header("".join(cell["source"]))
            text = json.dumps(nb, indent=1) + "\n"
        else:
            text = strip_header(text)
            if target.endswith(".ipynb"):
                text = as_notebook(text)
        write(target, text, folder)


def main() -> None:
    shutil.rmtree(CLASS, ignore_errors=True)
    copy_from_corpus(FROM_CORPUS, CORPUS, CLASS)
    shutil.rmtree(ACCUMULATION_CLASS, ignore_errors=True)
    copy_from_corpus(ACCUMULATION, CORPUS_ROOT / "grad_accumulation", ACCUMULATION_CLASS)
    write("carlos/plots.py", HELPER)
    write("sam.ipynb", BROKEN_NOTEBOOK)
    write("tariq.py", HANG)
    write("victor.py", CRASH)
    for folder in (CLASS, ACCUMULATION_CLASS):
        print(f"wrote {sum(1 for p in folder.rglob('*') if p.is_file())} files under {folder}")


if __name__ == "__main__":
    main()
