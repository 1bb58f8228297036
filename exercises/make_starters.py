"""Build each exercise's starter.ipynb from its starter.py and statement.md.

    python -m exercises.make_starters           # (re)write the notebooks
    python -m exercises.make_starters --check   # exit 1 if any notebook is out of date

The output is reproducible: fixed cell ids and metadata, no outputs, no execution counts.
Cells: the statement's title, summary and history table (markdown); starter.py's imports
(code); starter.py's train() (code); "Try it" (markdown); a commented-out demo (code).
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

import nbformat
from nbformat import v4

HERE = Path(__file__).resolve().parent
NAMES = ("training_loop", "best_epoch", "early_stopping", "bce_conversion", "moons", "grad_accumulation",
         "lr_schedule", "amp_clipping", "experiment_tracking")

_REGRESSION_DATA = """\
torch.manual_seed(42)
X = torch.randn(240, 2)
y = 3 * X[:, [0]] + 2 * X[:, [1]] + 5 + 0.3 * torch.randn(240, 1)
train_ds, val_ds = random_split(TensorDataset(X, y), [190, 50],
                                generator=torch.Generator().manual_seed(42))
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)   # last batch: 30
val_loader = DataLoader(val_ds, batch_size=16)                     # last batch: 2
"""

_MOONS_DATA = """\
torch.manual_seed(42)
n = 600
t = torch.rand(n // 2) * math.pi
upper = torch.stack([torch.cos(t), torch.sin(t)], dim=1)
lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], dim=1)
X = torch.cat([upper, lower]) + 0.1 * torch.randn(n, 2)
y = torch.cat([torch.zeros(n // 2), torch.ones(n // 2)]).long()
train_ds, val_ds = random_split(TensorDataset(X, y), [500, 100],
                                generator=torch.Generator().manual_seed(0))
train_loader = DataLoader(train_ds, batch_size=64, shuffle=True)   # last batch: 52
val_loader = DataLoader(val_ds, batch_size=64)                     # last batch: 36
"""


def _demo(data: str, out: int, loss: str, optimizer: str, call: str, report: str,
          imports: str = "") -> str:
    return (
        f"{imports}from torch import nn\n"
        "from torch.utils.data import DataLoader, TensorDataset, random_split\n\n"
        f"{data}\n"
        "device = \"cuda\" if torch.cuda.is_available() else \"cpu\"\n"
        f"model = nn.Sequential(nn.Linear(2, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, {out})).to(device)\n"
        f"loss_fn = {loss}\n"
        f"optimizer = {optimizer}\n"
        f"history = {call}\n"
        f"{report}"
    )


_LOSSES = ('for epoch, (tl, vl) in enumerate(zip(history["train_loss"], history["val_loss"]), 1):\n'
           '    if epoch == 1 or epoch % 10 == 0:\n'
           '        print(f"epoch={epoch:3d} train_loss={tl:.4f} val_loss={vl:.4f}")\n')
_ADAM = "torch.optim.Adam(model.parameters(), lr=0.03)"
_CALL = "train(model, train_loader, val_loader, loss_fn, optimizer, epochs={epochs}, device=device{extra})"

DEMOS = {
    "training_loop": _demo(_REGRESSION_DATA, 1, "nn.MSELoss()", _ADAM,
                           _CALL.format(epochs=30, extra=""), _LOSSES),
    "best_epoch": _demo(_REGRESSION_DATA, 1, "nn.MSELoss()", _ADAM,
                        _CALL.format(epochs=30, extra=""),
                        _LOSSES + 'print("best_epoch:", history["best_epoch"])\n'),
    "early_stopping": _demo(_REGRESSION_DATA, 1, "nn.MSELoss()", _ADAM,
                            _CALL.format(epochs=200, extra=", patience=5"),
                            'print("epochs run:", len(history["val_loss"]), '
                            '"best_epoch:", history["best_epoch"])\n'),
    "bce_conversion": _demo(_REGRESSION_DATA, 1, "nn.BCEWithLogitsLoss()", _ADAM,
                            _CALL.format(epochs=30, extra=", threshold=5.0"),
                            'print("best_epoch:", history["best_epoch"], '
                            '"val_acc:", history["val_acc"][history["best_epoch"] - 1])\n'),
    "moons": _demo(_MOONS_DATA, 2, "nn.CrossEntropyLoss()",
                   "torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)",
                   _CALL.format(epochs=30, extra=""),
                   'print("final val_loss:", round(history["val_loss"][-1], 4), '
                   '"val_acc:", history["val_acc"][-1])\n',
                   imports="import math\n\n"),
    "grad_accumulation": _demo(_REGRESSION_DATA, 1, "nn.MSELoss()", "torch.optim.Adam(model.parameters(), lr=0.05)",
                               _CALL.format(epochs=40, extra=", accum_steps=3"), _LOSSES),
    "lr_schedule": _demo(_REGRESSION_DATA, 1, "nn.MSELoss()",
                         "torch.optim.Adam(model.parameters(), lr=0.05)\n"
                         "scheduler = StepLR(optimizer, step_size=12, gamma=0.5)",
                         _CALL.format(epochs=40, extra=", scheduler=scheduler, interval=\"epoch\""),
                         'print("lr per epoch:", [round(lr, 5) for lr in history["lr"]])\n' + _LOSSES,
                         imports="from torch.optim.lr_scheduler import StepLR\n"),
    "amp_clipping": _demo(_REGRESSION_DATA, 1, "nn.MSELoss()",
                          "torch.optim.Adam(model.parameters(), lr=0.05)\n"
                          "scaler = torch.amp.GradScaler(torch.device(device).type)\n"
                          "amp_dtype = torch.float16 if device == \"cuda\" else torch.bfloat16",
                          _CALL.format(epochs=30, extra=", scaler=scaler, max_norm=1.0, amp_dtype=amp_dtype"),
                          _LOSSES),
    "experiment_tracking": _demo(_REGRESSION_DATA, 1, "nn.MSELoss()",
                                 "torch.optim.Adam(model.parameters(), lr=0.05)\n"
                                 "os.makedirs(\"checkpoints\", exist_ok=True)\n"
                                 "con = sqlite3.connect(\"runs.db\")\n"
                                 "con.execute(\"CREATE TABLE IF NOT EXISTS training_history (run_id TEXT, epoch_number \"\n"
                                 "            \"INTEGER, train_loss REAL, val_loss REAL, learning_rate REAL, \"\n"
                                 "            \"checkpoint_path TEXT, created_at TEXT)\")\n"
                                 "con.close()\n"
                                 "writer = SummaryWriter(\"runs/experiment1\")  # pip install tensorboard",
                                 _CALL.format(epochs=30, extra=", tracker=\"runs.db\", run_id=\"run_001\", "
                                              "checkpoint_dir=\"checkpoints\", writer=writer"),
                                 'print("best_epoch:", history["best_epoch"])\n',
                                 imports="from torch.utils.tensorboard import SummaryWriter\n"),
}


def _section(statement: str, heading: str) -> str:
    """The body of a '## heading' section of a markdown statement ('' if absent)."""
    m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", statement, re.M | re.S)
    return m.group(1).strip() if m else ""


def summary_markdown(statement: str) -> str:
    """Title, the intro paragraph(s) and the history section of statement.md."""
    title, _, rest = statement.partition("\n")
    intro = rest.split("\n## ", 1)[0].strip()
    parts = [title.strip(), intro]
    history = _section(statement, "What `history` must hold")
    if history:
        parts += ["## What `history` must hold", history]
    parts.append("The full statement (what the grader passes, the rules, the common silent bugs "
                 "and how grading works) is in `statement.md`. Fill in `train()` below.")
    return "\n\n".join(parts)


def split_starter(source: str) -> tuple[str, str]:
    """(import block, everything from the first statement after the imports) of starter.py."""
    body = ast.parse(source).body
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
        body = body[1:]   # the module docstring: the markdown cell says it better
    imports = [n for n in body if isinstance(n, (ast.Import, ast.ImportFrom))]
    rest = [n for n in body if not isinstance(n, (ast.Import, ast.ImportFrom))]
    if not imports or not rest or body.index(rest[0]) < len(imports):
        raise ValueError("starter.py must be: docstring, imports, then the code")
    lines = source.splitlines()
    first = min([rest[0].lineno] + [d.lineno for d in getattr(rest[0], "decorator_list", [])])
    import_src = "\n".join(lines[imports[0].lineno - 1:imports[-1].end_lineno]).strip()
    code_src = "\n".join(lines[first - 1:]).strip()
    return import_src, code_src


def comment_out(code: str) -> str:
    return "\n".join(f"# {line}" if line else "#" for line in code.rstrip("\n").splitlines())


def build(name: str) -> nbformat.NotebookNode:
    folder = HERE / name
    statement = (folder / "statement.md").read_text()
    imports, code = split_starter((folder / "starter.py").read_text())
    cells = [
        v4.new_markdown_cell(summary_markdown(statement)),
        v4.new_code_cell(imports),
        v4.new_code_cell(code),
        v4.new_markdown_cell("## Try it\n\nUncomment the cell below to run your `train()` on a "
                             "small dataset like the grader's (the last batch of each loader is "
                             "smaller). Grading uses its own seeded data, model and optimizer."),
        v4.new_code_cell(comment_out(DEMOS[name])),
    ]
    for i, cell in enumerate(cells):
        cell["id"] = f"{name.replace('_', '-')}-{i}"
    nb = v4.new_notebook(cells=cells)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    nbformat.validate(nb)
    return nb


def render(name: str) -> str:
    return nbformat.writes(build(name)) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date notebooks")
    parser.add_argument("names", nargs="*", default=list(NAMES))
    args = parser.parse_args(argv)
    stale = []
    for name in args.names:
        path = HERE / name / "starter.ipynb"
        text = render(name)
        if path.exists() and path.read_text() == text:
            continue
        if args.check:
            stale.append(name)
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(HERE.parent)}")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python -m exercises.make_starters)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
