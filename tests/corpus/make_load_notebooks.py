"""Builds the corpus notebooks about loading (run: python tests/corpus/make_load_notebooks.py):
IPython syntax a notebook may hold (cell magics, shell lines, help, get_ipython()) and a
notebook broken by a git merge. The files are committed too; this script makes them
reproducible. The expectation header sits in the first code cell (or, for a file that is not
JSON, on its first lines), as everywhere in the corpus.
"""
import base64
import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def write(rel, cells):
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [new_markdown_cell(c[3:]) if c.startswith("md:") else new_code_cell(c.strip("\n"))
                for c in cells]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"   # stable ids: regenerating gives identical files
    path = HERE / rel
    nbformat.write(nb, str(path))
    print("wrote", path.relative_to(HERE))
    return path


TRAIN = '''
%%time
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = float("inf"), None
    for epoch in tqdm(range(1, epochs + 1), desc="epochs"):
        model.train()
        total, seen = 0.0, 0
        for xb, yb in tqdm(train_loader, leave=False):
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
            seen += len(xb)
        history["train_loss"].append(total / seen)

        model.eval()
        total, seen = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * len(xb)
                seen += len(xb)
        history["val_loss"].append(total / seen)
        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
'''

write("training_loop/ok_notebook_cell_magics.ipynb", [
    "md:# Training loop\n\nTimed cells, captured installs, a few shell and HTML cells.",
    '''
%%capture
# expect: pass
!pip install tqdm torch
import copy
import torch
from torch import nn
''',
    '''

%%time
from torch.utils.data import DataLoader, TensorDataset, random_split
from tqdm.notebook import tqdm

torch.manual_seed(42)
X = torch.randn(240, 2)
y = 3 * X[:, [0]] + 2 * X[:, [1]] + 5 + 0.3 * torch.randn(240, 1)
train_ds, val_ds = random_split(TensorDataset(X, y), [200, 40],
                                generator=torch.Generator().manual_seed(42))
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=16)
device = "cuda" if torch.cuda.is_available() else "cpu"
if device == "cuda":
    !nvidia-smi
    %env CUDA_LAUNCH_BLOCKING=1
nn.Dropout?
''',
    '''
%%bash
echo "training on $(hostname)"
nvidia-smi || true
''',
    '''
class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1))

    def forward(self, x):
        return self.net(x)
''',
    TRAIN,
    # Non-Python or not-in-namespace cell magics: were their bodies run here, `train` would be
    # replaced (by a stub that returns {} or by None) and this notebook could not pass.
    '''
%%writefile backup_train.py
def train(model, *args, **kwargs):
    return {}
''',
    '''
%%script echo this cell is not Python
train = None
''',
    '''
%%timeit -n 1 -r 1
train = None
''',
    '''
%%html
<b>Results</b> below.
''',
    '''
files = !ls
print(len(files), "files here")
get_ipython().run_line_magic('matplotlib', 'inline')
model = Regressor().to(device)
%time history = train(model, train_loader, val_loader, nn.MSELoss(), torch.optim.Adam(model.parameters(), lr=0.01), 3, device)
''',
    '''
!pip install \\
    matplotlib \\
    pandas
print("done")
''',
])



# ---- submission shapes: notebooks as Jupyter and Colab save them, files in other encodings ----

LOOP = '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = float("inf"), None
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
        history["val_loss"].append(total / len(val_loader.dataset))
        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            best_state = copy.deepcopy(model.state_dict())
        if epoch % 10 == 0:
            display({"epoch": epoch, "val_loss": round(history["val_loss"][-1], 4)})
    model.load_state_dict(best_state)
    return history
'''

DEMO_DATA = '''
X = torch.randn(240, 2)
y = 3 * X[:, [0]] + 2 * X[:, [1]] + 5 + 0.3 * torch.randn(240, 1)
train_ds, val_ds = random_split(TensorDataset(X, y), [200, 40])
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=16)
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1))
'''


def write_raw_notebook(rel, cells, minor):
    """A notebook written as older Jupyter versions did: nbformat 4.`minor`, and for minor < 5
    no cell ids; cells are (type, source, outputs) with the source as a list of lines."""
    def cell(kind, source, outputs=()):
        out = {"cell_type": kind, "metadata": {}, "source": source.strip("\n").splitlines(True)}
        if kind == "code":
            out.update(execution_count=None, outputs=list(outputs))
        return out
    nb = {"cells": [cell(*c) for c in cells], "metadata": {"kernelspec": {
        "display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": minor}
    if minor >= 5:
        for i, c in enumerate(nb["cells"]):
            c["id"] = f"c{i:03d}"
    path = HERE / rel
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    print("wrote", path.relative_to(HERE))


# a saved plot: ~400 kB of base64 PNG-like data in an output (deterministic bytes)
IMAGE = {"output_type": "display_data", "metadata": {},
         "data": {"image/png": base64.b64encode(bytes(range(256)) * 1200).decode() + "\n",
                  "text/plain": ["<Figure size 640x480 with 1 Axes>"]}}

write_raw_notebook("training_loop/ok_shape_notebook_v40.ipynb", [
    ("code", '''
# expect: pass
%load_ext autoreload
%autoreload 2
import copy
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
torch.manual_seed(0)
torch.set_num_threads(1)
'''),
    ("code", ""),
    ("raw", "This raw cell is not code: def train(): pass"),
    ("markdown", "## A first attempt\n\nKept for the record; the final version is further down."),
    ("code", '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    for epoch in range(epochs):
        for xb, yb in train_loader:
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
'''),
    ("code", '''
%%capture out
!nvidia-smi
''' + DEMO_DATA),
    ("code", '''
print(history["val_loss"][-1])   # run before any training: NameError
'''),
    ("markdown", "## The final version"),
    ("code", LOOP),
    ("code", '''
%%time
history = train(model, train_loader, val_loader, nn.MSELoss(), torch.optim.Adam(model.parameters(), lr=0.01), 1000)
''', [IMAGE]),
    ("code", '''
%time best = min(history["val_loss"])
get_ipython().run_line_magic('matplotlib', 'inline')
display(history)
'''),
    ("code", '''
# the same loop again, by hand, for 1000 epochs
demo_opt = torch.optim.SGD(model.parameters(), lr=0.01)
for epoch in range(1000):
    for xb, yb in train_loader:
        demo_opt.zero_grad()
        nn.functional.mse_loss(model(xb), yb).backward()
        demo_opt.step()
''', [IMAGE]),
], minor=0)

write_raw_notebook("training_loop/ok_shape_colab.ipynb", [
    ("code", '''
# expect: pass
from google.colab import drive
drive.mount('/content/drive')
'''),
    ("code", '''
%pip install wandb -q
import os, sys, warnings
os.chdir("/content/drive/MyDrive/dl-course/hw6")
sys.path.append("/content/drive/MyDrive/dl-course")
warnings.filterwarnings("ignore")
'''),
    ("code", '''
import copy
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
from tqdm.auto import tqdm
from IPython.display import clear_output
try:
    import wandb
    USE_WANDB = True
except ImportError:
    USE_WANDB = False
'''),
    ("code", '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = float("inf"), None
    for epoch in tqdm(range(1, epochs + 1)):
        model.train()
        total = 0.0
        for xb, yb in tqdm(train_loader, leave=False):
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
            print(f"batch loss {loss.item():.4f}")
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * len(xb)
        history["val_loss"].append(total / len(val_loader.dataset))
        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            best_state = copy.deepcopy(model.state_dict())
        if USE_WANDB:
            wandb.log({"train_loss": history["train_loss"][-1], "val_loss": history["val_loss"][-1]})
        clear_output(wait=True)
        print(f"epoch {epoch}: train {history['train_loss'][-1]:.4f} val {history['val_loss'][-1]:.4f}")
    model.load_state_dict(best_state)
    return history
'''),
    ("code", DEMO_DATA + '''
device = "cuda" if torch.cuda.is_available() else "cpu"
history = train(model.to(device), train_loader, val_loader, nn.MSELoss(),
                torch.optim.Adam(model.parameters(), lr=0.01), 50, device)
'''),
    ("code", '''
import pandas as pd
import matplotlib.pyplot as plt
pd.DataFrame(history).plot(logy=True)
plt.savefig("curves.png")
plt.show()
''', [IMAGE]),
], minor=5)


def write_bytes(rel, data: bytes):
    path = HERE / rel
    path.write_bytes(data)
    print("wrote", path.relative_to(HERE))


PLAIN_LOOP = "import copy\n\nimport torch\n\n" + LOOP.replace(
    'display({"epoch": epoch, "val_loss": round(history["val_loss"][-1], 4)})',
    'print(f"{MESSAGE} {epoch}: {history[\'val_loss\'][-1]:.4f}")')

# Windows habits: CRLF line endings and tab indentation
write_bytes("training_loop/ok_shape_crlf_tabs.py",
            ("# expect: pass\n# Saved on Windows: CRLF line endings, tabs for indentation.\n"
             'MESSAGE = "epoch"\n' + PLAIN_LOOP).replace("    ", "\t").replace("\n", "\r\n").encode())
# Notepad's UTF-8 with a byte-order mark, and non-ASCII text
write_bytes("training_loop/ok_shape_utf8_bom.py",
            "\ufeff# -*- coding: utf-8 -*-\n# expect: pass\n# Saved as UTF-8 with a BOM.\n"
            'MESSAGE = "Époque ✓"\n'.encode("utf-8") + PLAIN_LOOP.encode("utf-8"))
# an encoding cookie naming latin-1, with latin-1 bytes in a string and a comment
write_bytes("training_loop/ok_shape_latin1_cookie.py",
            ("# -*- coding: latin-1 -*-\n# expect: pass\n# Écrit en latin-1 (accents: é è à ç).\n"
             'MESSAGE = "époque"\n' + PLAIN_LOOP).encode("latin-1"))

# the loop written to a module with %%writefile, then imported (a course moving from notebooks to scripts)
write_raw_notebook("training_loop/ok_shape_writefile_module.ipynb", [
    ("markdown", "Write the loop to `trainer.py`, then import it."),
    ("code", "%%writefile trainer.py\n# expect: pass\nimport copy\nimport torch\n\n" + LOOP.replace(
        '            display({"epoch": epoch, "val_loss": round(history["val_loss"][-1], 4)})',
        '            print(epoch, history["val_loss"][-1])')),
    ("code", '''
%load_ext autoreload
%autoreload 2
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
from trainer import train
'''),
    ("code", DEMO_DATA + '''
history = train(model, train_loader, val_loader, nn.MSELoss(), torch.optim.Adam(model.parameters()), 100)
'''),
], minor=5)
