"""Builds the notebook submissions of the corpus (run: python tests/corpus/make_notebooks.py).

The .ipynb files are committed too; this script only makes them reproducible.
The expectation header sits in the first code cell, as in .py files.
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
    # Stable cell ids so regenerating gives identical files.
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
    path = HERE / rel
    nbformat.write(nb, str(path))
    print("wrote", path.relative_to(HERE))


REGRESSION_DATA = '''
torch.manual_seed(42)
X = torch.randn(240, 2)
y = 3 * X[:, [0]] + 2 * X[:, [1]] + 5 + 0.3 * torch.randn(240, 1)
train_ds, val_ds = random_split(TensorDataset(X, y), [200, 40],
                                generator=torch.Generator().manual_seed(42))
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=16)
device = "cuda" if torch.cuda.is_available() else "cpu"
'''

MOONS_DATA = '''
torch.manual_seed(42)

def make_moons(n=2000, noise=0.1):
    t = torch.rand(n // 2) * math.pi
    upper = torch.stack([torch.cos(t), torch.sin(t)], dim=1)
    lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], dim=1)
    X = torch.cat([upper, lower]) + noise * torch.randn(n, 2)
    y = torch.cat([torch.zeros(n // 2), torch.ones(n // 2)]).long()
    return X, y

X, y = make_moons()
ds = TensorDataset(X, y)
train_ds, val_ds = random_split(ds, [1600, 400], generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)
val_loader = DataLoader(val_ds, batch_size=256)
'''

# ---------------------------------------------------------------- training_loop
write("training_loop/ok_notebook_magics.ipynb", [
    "md:# Lab 6.2.7: the training loop\n\nRegression on `y ~ 3*x1 + 2*x2 + 5`, keeping the best checkpoint.",
    '''
# expect: pass
import copy
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    '''
!pip install tqdm
try:
    from tqdm.auto import tqdm
except ImportError:
    def tqdm(iterable, **kwargs):
        return iterable
''',
    REGRESSION_DATA,
    '''
class Regressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1))

    def forward(self, x):
        return self.net(x)

model = Regressor().to(device)
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
''',
    "md:## train()\nSame loop as the lab, wrapped in a function. I keep a whole copy of the model for the best epoch.",
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_model, best_val = None, float("inf")
    for epoch in tqdm(range(epochs), desc="epochs"):
        model.train()
        tr_sum = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            model.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            tr_sum += loss.item() * xb.size(0)

        model.eval()
        va_sum = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                va_sum += loss_fn(model(xb), yb).item() * xb.size(0)

        history["train_loss"].append(tr_sum / len(train_loader.dataset))
        history["val_loss"].append(va_sum / len(val_loader.dataset))
        print(f"epoch {epoch + 1}: train={history['train_loss'][-1]:.4f} val={history['val_loss'][-1]:.4f}")
        if history["val_loss"][-1] < best_val:
            best_val = history["val_loss"][-1]
            best_model = copy.deepcopy(model)

    model.load_state_dict(best_model.state_dict())
    return history
''',
    '''
# quick look at one batch (left over from debugging)
for xb, yb in train_loader
    print(xb.shape, yb.shape)
    break
''',
    '''
%matplotlib inline
import matplotlib.pyplot as plt

history = train(model, train_loader, val_loader, loss_fn, optimizer, epochs=300, device=device)
plt.plot(history["train_loss"], label="train")
plt.plot(history["val_loss"], label="val")
plt.yscale("log"); plt.legend(); plt.show()
''',
])

# ---------------------------------------------------------------- best_epoch
write("best_epoch/ok_notebook_evaluate.ipynb", [
    "md:# Exercise 4: which epoch was best?",
    '''
# expect: pass
import copy

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    REGRESSION_DATA,
    '''
@torch.no_grad()
def evaluate(model, loader, loss_fn, device):
    model.eval()
    total, count = 0.0, 0
    for batch in loader:
        batch = [t.to(device) for t in batch]
        inputs, targets = batch
        total += loss_fn(model(inputs), targets).item() * len(inputs)
        count += len(inputs)
    return total / count
''',
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "best_epoch": None}
    best_state = None
    for epoch in range(1, epochs + 1):
        model.train()
        total, count = 0.0, 0
        for batch in train_loader:
            batch = [t.to(device) for t in batch]
            inputs, targets = batch
            optimizer.zero_grad()
            loss = loss_fn(model(inputs), targets)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(inputs)
            count += len(inputs)
        history["train_loss"].append(total / count)
        history["val_loss"].append(evaluate(model, val_loader, loss_fn, device))

        if history["best_epoch"] is None or history["val_loss"][-1] < history["val_loss"][history["best_epoch"] - 1]:
            history["best_epoch"] = epoch
            best_state = copy.deepcopy(model.state_dict())
        print(f"epoch {epoch:3d}  train {history['train_loss'][-1]:.4f}  val {history['val_loss'][-1]:.4f}")

    model.load_state_dict(best_state)
    print("best epoch:", history["best_epoch"])
    return history
''',
    '''
torch.manual_seed(0)
net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1)).to(device)
opt = torch.optim.SGD(net.parameters(), lr=0.05)
hist = train(net, train_loader, val_loader, nn.MSELoss(), opt, epochs=200, device=device)
''',
])

# ---------------------------------------------------------------- early_stopping
write("early_stopping/ok_notebook_inference_mode.ipynb", [
    "md:# Task: early stopping\n\nStop after `patience` epochs without a lower validation loss, restore the best weights.",
    '''
# expect: pass
import copy
import math

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    '%matplotlib inline',
    MOONS_DATA,
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_model = copy.deepcopy(model)
    best_loss = math.inf
    bad_epochs = 0
    for epoch in range(epochs):
        model.train()
        loss_sum, n_seen = 0.0, 0
        for x_batch, y_batch in train_loader:
            x_batch = x_batch.to(device)
            y_batch = y_batch.to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x_batch), y_batch)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * x_batch.shape[0]
            n_seen += x_batch.shape[0]
        history["train_loss"].append(loss_sum / n_seen)

        model.train(False)
        loss_sum, n_seen = 0.0, 0
        with torch.inference_mode():
            for x_batch, y_batch in val_loader:
                x_batch = x_batch.to(device)
                y_batch = y_batch.to(device)
                loss_sum += loss_fn(model(x_batch), y_batch).item() * x_batch.shape[0]
                n_seen += x_batch.shape[0]
        val_loss = loss_sum / n_seen
        history["val_loss"].append(val_loss)

        if val_loss < best_loss:
            best_loss, bad_epochs = val_loss, 0
            history["best_epoch"] = epoch + 1
            best_model = copy.deepcopy(model)
        else:
            bad_epochs += 1
        print(f"epoch {epoch + 1}: val {val_loss:.4f} (bad epochs: {bad_epochs})")
        if bad_epochs == patience:
            print("early stopping, best epoch", history["best_epoch"])
            break

    model.load_state_dict(best_model.state_dict())
    return history
''',
    '''
import matplotlib.pyplot as plt

torch.manual_seed(42)
model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 2))
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
history = train(model, train_loader, val_loader, nn.CrossEntropyLoss(), optimizer, epochs=200, patience=5)
plt.plot(history["val_loss"]); plt.axvline(history["best_epoch"] - 1, ls="--"); plt.show()
''',
])

# ---------------------------------------------------------------- bce_conversion
write("bce_conversion/ok_notebook_tensor_accumulators.ipynb", [
    "md:# Exercise 5: regression -> binary classification\n\nLabels are `y > 5`; the model outputs one logit.",
    '''
# expect: pass
import os
import tempfile

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    REGRESSION_DATA,
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 0}
    best = float("inf")
    tmpdir = tempfile.TemporaryDirectory()
    ckpt = os.path.join(tmpdir.name, "best.pt")
    for epoch in range(1, epochs + 1):
        model.train()
        loss_total = torch.zeros((), device=device)
        for X_b, y_b in train_loader:
            X_b, y_b = X_b.to(device), y_b.to(device)
            target = (y_b > threshold).float()
            optimizer.zero_grad()
            loss = loss_fn(model(X_b), target)
            loss.backward()
            optimizer.step()
            loss_total += loss.detach() * X_b.size(0)
        history["train_loss"].append(loss_total.item() / len(train_loader.dataset))

        model.eval()
        loss_total = torch.zeros((), device=device)
        correct = torch.zeros((), device=device)
        with torch.no_grad():
            for X_b, y_b in val_loader:
                X_b, y_b = X_b.to(device), y_b.to(device)
                target = (y_b > threshold).float()
                logits = model(X_b)
                loss_total += loss_fn(logits, target) * X_b.size(0)
                correct += ((torch.sigmoid(logits) > 0.5) == target.bool()).sum()
        history["val_loss"].append(loss_total.item() / len(val_loader.dataset))
        history["val_acc"].append(correct.item() / len(val_loader.dataset))
        print(f"[{epoch}] train {history['train_loss'][-1]:.4f} val {history['val_loss'][-1]:.4f} acc {history['val_acc'][-1]:.3f}")

        if history["val_loss"][-1] < best:
            best = history["val_loss"][-1]
            history["best_epoch"] = epoch
            torch.save(model.state_dict(), ckpt)

    model.load_state_dict(torch.load(ckpt))
    tmpdir.cleanup()
    return history
''',
    '''
clf = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1)).to(device)
opt = torch.optim.Adam(clf.parameters(), lr=0.01)
hist = train(clf, train_loader, val_loader, nn.BCEWithLogitsLoss(), opt, epochs=100, device=device)
print("best epoch", hist["best_epoch"], "acc", hist["val_acc"][hist["best_epoch"] - 1])
''',
])

# ---------------------------------------------------------------- moons
write("moons/ok_notebook_demo.ipynb", [
    "md:# Day 4: the training loop, properly\n\nTwo moons, CrossEntropyLoss on raw logits.",
    '''
# expect: pass
import math
import torch
from torch import nn
from torch.utils.data import TensorDataset, DataLoader, random_split
''',
    '!pip install tqdm',
    'from tqdm.auto import tqdm',
    '''
%matplotlib inline
import matplotlib.pyplot as plt
''',
    MOONS_DATA,
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(epochs):
        model.train()
        seen, loss_sum = 0, 0.0
        for inputs, targets in train_loader:
            inputs = inputs.to(device, non_blocking=True)
            targets = targets.to(device, non_blocking=True)
            logits = model(inputs)
            loss = loss_fn(logits, targets)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            loss_sum += loss.item() * len(targets)
            seen += len(targets)
        history["train_loss"].append(loss_sum / seen)

        model.eval()
        seen, loss_sum, hits = 0, 0.0, 0
        with torch.no_grad():
            for inputs, targets in val_loader:
                inputs = inputs.to(device, non_blocking=True)
                targets = targets.to(device, non_blocking=True)
                logits = model(inputs)
                loss_sum += loss_fn(logits, targets).item() * len(targets)
                hits += (logits.argmax(1) == targets).sum().item()
                seen += len(targets)
        history["val_loss"].append(loss_sum / seen)
        history["val_acc"].append(hits / seen)
        print(f"epoch {epoch + 1:3d} | train {history['train_loss'][-1]:.4f} | "
              f"val {history['val_loss'][-1]:.4f} | acc {history['val_acc'][-1]:.3f}")
    return history
''',
    "md:Run it for a long time and look at the curves.",
    '''
torch.manual_seed(42)
model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 2))
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
history = train(model, train_loader, val_loader, nn.CrossEntropyLoss(), optimizer, epochs=500)
plt.plot(history["train_loss"], label="train")
plt.plot(history["val_loss"], label="val")
plt.xlabel("epoch"); plt.ylabel("loss"); plt.legend(); plt.show()
''',
])

write("moons/bug_uses_arguments_global_loader.ipynb", [
    "md:# Day 4 task: train() with validation",
    '''
# expect-fail: uses_arguments
# expect-line: cell 5, line 5
import math
import torch
from torch import nn
from torch.utils.data import TensorDataset, DataLoader, random_split
''',
    MOONS_DATA,
    '''
model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Dropout(0.2), nn.Linear(64, 2))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
device = "cpu"
''',
    '''
def evaluate():
    model.eval()
    total, correct = 0.0, 0
    with torch.no_grad():
        for xb, yb in val_loader:
            xb, yb = xb.to(device), yb.to(device)
            logits = model(xb)
            total += loss_fn(logits, yb).item() * len(yb)
            correct += (logits.argmax(dim=1) == yb).sum().item()
    return total / len(val_loader.dataset), correct / len(val_loader.dataset)
''',
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(yb)
        history["train_loss"].append(total / len(train_loader.dataset))
        val_loss, val_acc = evaluate()
        history["val_loss"].append(val_loss)
        history["val_acc"].append(val_acc)
        print(f"epoch {epoch}: train {history['train_loss'][-1]:.4f} val {val_loss:.4f} acc {val_acc:.3f}")
    return history
''',
    'history = train(model, train_loader, val_loader, loss_fn, optimizer, epochs=30)',
])

# ---------------------------------------------------------------- grad_accumulation
write("grad_accumulation/ok_notebook_divide_grads.ipynb", [
    "md:# Gradient accumulation\n\nThree micro-batches per update; the summed gradients are averaged "
    "in place before the step.",
    '''
# expect: pass
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    '%matplotlib inline',
    REGRESSION_DATA,
    '''
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1)).to(device)
loss_fn = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
''',
    '''
def average_accumulated(model, n):
    """The backwards added n micro-batch gradients: make them their mean."""
    for p in model.parameters():
        if p.grad is not None:
            p.grad.div_(n)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        total, in_group = 0.0, 0
        batches = len(train_loader)
        for i, (xb, yb) in enumerate(train_loader):
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            total += loss.item() * len(xb)
            in_group += 1
            if in_group == accum_steps or i == batches - 1:
                average_accumulated(model, accum_steps)
                optimizer.step()
                optimizer.zero_grad()
                in_group = 0
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * len(xb)
        history["val_loss"].append(total / len(val_loader.dataset))
        print(f"epoch {epoch + 1}: train {history['train_loss'][-1]:.4f} val {history['val_loss'][-1]:.4f}")
    return history
''',
    'history = train(model, train_loader, val_loader, loss_fn, optimizer, epochs=200, device=device)',
])

# ---------------------------------------------------------------- lr_schedule
write("lr_schedule/ok_notebook_get_last_lr.ipynb", [
    "md:# Learning-rate schedules\n\nOne loop for epoch schedules, warm-ups and ReduceLROnPlateau.",
    '''
# expect: pass
import torch
from torch import nn
from torch.optim.lr_scheduler import ReduceLROnPlateau, StepLR
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    REGRESSION_DATA,
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for epoch in range(1, epochs + 1):
        history["lr"].append(float(scheduler.get_last_lr()[0]))
        model.train()
        running = torch.zeros((), device=device)
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running += loss.detach() * len(xb)
            if interval == "step":
                scheduler.step()
        history["train_loss"].append(running.item() / len(train_loader.dataset))
        model.eval()
        running = torch.zeros((), device=device)
        with torch.inference_mode():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb) * len(xb)
        val_loss = running / len(val_loader.dataset)
        history["val_loss"].append(val_loss.item())
        if isinstance(scheduler, ReduceLROnPlateau):
            scheduler.step(val_loss)
        elif interval == "epoch":
            scheduler.step()
        print(f"epoch {epoch}: lr {history['lr'][-1]:.5f} val {history['val_loss'][-1]:.4f}")
    return history
''',
    '''
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
history = train(model, train_loader, val_loader, nn.MSELoss(), optimizer, 40, device,
                scheduler=StepLR(optimizer, step_size=12, gamma=0.5))
''',
])

write("lr_schedule/ok_notebook_timed_dispatch.ipynb", [
    "md:# Schedules by kind\n\nA `%%time` training cell; each scheduler kind gets its own stepping rule from a dict.",
    '''
# expect: pass
import torch
from torch import nn
from torch.optim import lr_scheduler
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    REGRESSION_DATA,
    '''
%%time
AFTER_VALIDATION = {"ReduceLROnPlateau": lambda s, val: lr_scheduler.ReduceLROnPlateau.step(s, val)}


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    rule = AFTER_VALIDATION.get(type(scheduler).__name__)
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for epoch in range(epochs):
        history["lr"].append(scheduler.optimizer.param_groups[0]["lr"])
        model.train()
        sums = [0.0, 0]
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            if rule is None and interval == "step":
                scheduler.step()
            sums[0] += loss.item() * len(yb)
            sums[1] += len(yb)
        history["train_loss"].append(sums[0] / sums[1])
        model.eval()
        sums = [0.0, 0]
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                sums[0] += loss_fn(model(xb), yb).item() * len(yb)
                sums[1] += len(yb)
        history["val_loss"].append(sums[0] / sums[1])
        if rule is not None:
            rule(scheduler, history["val_loss"][-1])
        elif interval == "epoch":
            scheduler.step()
    return history
''',
    '''
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
plateau = lr_scheduler.ReduceLROnPlateau(optimizer, patience=2)
history = train(model, train_loader, val_loader, nn.MSELoss(), optimizer, 5, device, scheduler=plateau)
''',
])

# ---------------------------------------------------------------- amp_clipping
write("amp_clipping/ok_notebook_amp_float_loss.ipynb", [
    "md:# Mixed precision\n\nAutocast around the model only; the loss in float32; the scale printed per epoch.",
    '''
# expect: pass
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    '%matplotlib inline',
    REGRESSION_DATA,
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scaler=None,
          max_norm=1.0, amp_dtype=torch.bfloat16):
    kind = torch.device(device).type
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(1, epochs + 1):
        model.train()
        running, count = 0.0, 0
        for batch in train_loader:
            xb, yb = [t.to(device) for t in batch]
            with torch.autocast(kind, dtype=amp_dtype):
                preds = model(xb)
            loss = loss_fn(preds.float(), yb)
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            nn.utils.clip_grad_norm_(model.parameters(), max_norm=max_norm, error_if_nonfinite=False)
            scaler.step(optimizer)
            scaler.update()
            running += loss.item() * yb.shape[0]
            count += yb.shape[0]
        history["train_loss"].append(running / count)
        model.eval()
        running, count = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).item() * yb.shape[0]
                count += yb.shape[0]
        history["val_loss"].append(running / count)
        print(f"epoch {epoch}: train {history['train_loss'][-1]:.4f} val {history['val_loss'][-1]:.4f} "
              f"scale {scaler.get_scale():.0f}")
    return history
''',
    '''
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
scaler = torch.amp.GradScaler(torch.device(device).type)
history = train(model, train_loader, val_loader, nn.MSELoss(), optimizer, 30, device, scaler=scaler)
''',
])

# ---------------------------------------------------------------- experiment_tracking
write("experiment_tracking/ok_notebook_tracker_class.ipynb", [
    "md:# Tracking a run\n\nA small `RunTracker` class around SQLite, pathlib checkpoints, and a flushed writer.",
    '''
# expect: pass
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    '!pip install tensorboard',
    REGRESSION_DATA,
    '''
class RunTracker:
    """One row per epoch in training_history; commits as it goes."""

    def __init__(self, path, run_id):
        self.con = sqlite3.connect(path)
        self.run_id = run_id

    def log_epoch(self, epoch, train_loss, val_loss, lr, checkpoint):
        self.con.execute(
            "INSERT INTO training_history (run_id, epoch_number, train_loss, val_loss, learning_rate, "
            "checkpoint_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.run_id, epoch, train_loss, val_loss, lr, checkpoint, datetime.now(timezone.utc).isoformat()))
        self.con.commit()

    def close(self):
        self.con.close()
''',
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", tracker=None,
          run_id="run", checkpoint_dir=".", writer=None):
    runs = RunTracker(tracker, run_id)
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best = float("inf")
    best_file = None
    for epoch in range(1, epochs + 1):
        lr = optimizer.param_groups[0]["lr"]
        model.train()
        running = torch.zeros(())
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            running += loss.detach().cpu() * len(xb)
        train_loss = running.item() / len(train_loader.dataset)
        model.eval()
        running = torch.zeros(())
        with torch.inference_mode():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).cpu() * len(xb)
        val_loss = running.item() / len(val_loader.dataset)
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        if val_loss < best:
            best, history["best_epoch"] = val_loss, epoch
            best_file = Path(checkpoint_dir) / f"epoch_{epoch}.pt"
            torch.save(model.state_dict(), best_file)
        runs.log_epoch(epoch, train_loss, val_loss, lr, str(best_file))
        writer.add_scalar("loss/train", train_loss, global_step=epoch)
        writer.add_scalar("loss/val", val_loss, global_step=epoch)
    runs.close()
    writer.flush()
    return history
''',
])

# ---------------------------------------------------------------- styles added for precision
write("moons/ok_notebook_helpers_across_cells.ipynb", [
    "md:# Two moons, a reusable train()\n\nHelpers in their own cells, `train()` built from them.",
    '''
# expect: pass
import math
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    MOONS_DATA,
    '''
%%time
def to_device(batch, device):
    return tuple(t.to(device, non_blocking=True) for t in batch)


@torch.inference_mode()
def score(model, loader, loss_fn, device):
    model.eval()
    loss_sum, hits, seen = 0.0, 0, 0
    for batch in loader:
        x, y = to_device(batch, device)
        out = model(x)
        loss_sum += loss_fn(out, y).item() * y.shape[0]
        hits += int((out.argmax(-1) == y).sum())
        seen += y.shape[0]
    return loss_sum / seen, hits / seen
''',
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(epochs):
        model.train()
        loss_sum, seen = 0.0, 0
        for batch in train_loader:
            x, y = to_device(batch, device)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * y.shape[0]
            seen += y.shape[0]
        val_loss, val_acc = score(model, val_loader, loss_fn, device)
        for key, value in zip(history, (loss_sum / seen, val_loss, val_acc)):
            history[key].append(value)
        print(f"epoch {epoch + 1}: {val_loss:.3f} / {val_acc:.1%}")
    return history
''',
    '''
model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Dropout(0.2), nn.Linear(32, 2))
opt = torch.optim.Adam(model.parameters(), lr=1e-2)
hist = train(model, train_loader, val_loader, nn.CrossEntropyLoss(), opt, epochs=3)
''',
])

write("early_stopping/ok_notebook_stopper_class.ipynb", [
    "md:# Early stopping\n\nA stopper object decides; `train()` asks it after every epoch.",
    '''
# expect: pass
import copy
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split
''',
    REGRESSION_DATA,
    '''
class Stopper:
    """Strict improvement; `bad` counts consecutive epochs without one."""

    def __init__(self, patience):
        self.patience, self.best, self.best_epoch, self.bad, self.state = patience, None, None, 0, None

    def step(self, epoch, loss, model):
        if self.best is None or loss < self.best:
            self.best, self.best_epoch, self.bad = loss, epoch, 0
            self.state = copy.deepcopy(model.state_dict())
        else:
            self.bad += 1
        return self.bad >= self.patience
''',
    '''
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    stopper = Stopper(patience)
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(1, epochs + 1):
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
        with torch.no_grad():
            total = sum(loss_fn(model(x.to(device)), y.to(device)).item() * len(x) for x, y in val_loader)
        history["val_loss"].append(total / len(val_loader.dataset))
        if stopper.step(epoch, history["val_loss"][-1], model):
            break
    model.load_state_dict(stopper.state)
    history["best_epoch"] = stopper.best_epoch
    return history
''',
    '''
%%time
model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Dropout(0.1), nn.Linear(16, 1))
history = train(model, train_loader, val_loader, nn.MSELoss(), torch.optim.Adam(model.parameters(), lr=0.03), 200)
print(history["best_epoch"], len(history["val_loss"]))
''',
])
