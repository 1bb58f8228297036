"""Builds the corpus notebooks about loading (run: python tests/corpus/make_load_notebooks.py):
IPython syntax a notebook may hold (cell magics, shell lines, help, get_ipython()) and a
notebook broken by a git merge. The files are committed too; this script makes them
reproducible. The expectation header sits in the first code cell (or, for a file that is not
JSON, on its first lines), as everywhere in the corpus.
"""
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

