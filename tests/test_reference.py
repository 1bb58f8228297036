"""The reference loops: seed 000 lab figures and the train() contract
(docs/contract.md) for each of the five exercises."""
from __future__ import annotations

import importlib
import inspect
import math
import runpy
from pathlib import Path

import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from reference.training_loop import format_lab, lab

pytestmark = pytest.mark.slow   # runs submissions in the sandbox

EXPECTED_LAB = """\
training_loop_lab
epoch=  1 train_loss=34.8472 val_loss=25.3358
epoch= 20 train_loss=0.1022 val_loss=0.0856
epoch= 40 train_loss=0.0950 val_loss=0.0776
epoch= 60 train_loss=0.0972 val_loss=0.0760
epoch= 80 train_loss=0.0936 val_loss=0.0776
best_val: 0.0734
predictions:
x=[1.0, 2.0] -> pred=12.05
x=[-1.0, 0.5] -> pred=3.00
x=[0.0, 0.0] -> pred=4.98"""


# --------------------------------------------------------------------------- lab

@pytest.fixture(scope="module")
def lab_figures():
    return lab()


def test_lab_reproduces_seed_000_figures(lab_figures):
    f = lab_figures
    assert len(f["train_loss"]) == len(f["val_loss"]) == 80
    printed = {e: (f"{f['train_loss'][e - 1]:.4f}", f"{f['val_loss'][e - 1]:.4f}")
               for e in f["reported"]}
    assert printed == {1: ("34.8472", "25.3358"), 20: ("0.1022", "0.0856"),
                       40: ("0.0950", "0.0776"), 60: ("0.0972", "0.0760"),
                       80: ("0.0936", "0.0776")}
    assert f"{f['best_val']:.4f}" == "0.0734"
    assert f["best_val"] == min(f["val_loss"])
    assert [f"{p:.2f}" for p in f["predictions"]] == ["12.05", "3.00", "4.98"]


def test_lab_printout_matches_seed(lab_figures, capsys):
    assert format_lab(lab_figures) == EXPECTED_LAB
    runpy.run_path(str(Path(lab.__code__.co_filename)), run_name="__main__")
    assert capsys.readouterr().out == EXPECTED_LAB + "\n"


# ------------------------------------------------------------------ fixtures

N_TRAIN, N_VAL = 50, 21          # batch 16 -> last train batch 2; batch 8 -> last val batch 5
TRAIN_BS, VAL_BS = 16, 8


def regression_data(n, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 2, generator=g)
    y = 3 * x[:, [0]] + 2 * x[:, [1]] + 5 + 0.3 * torch.randn(n, 1, generator=g)
    return x, y


def moons_data(n, seed):
    g = torch.Generator().manual_seed(seed)
    t = torch.rand(n, generator=g) * math.pi
    half = n // 2
    upper = torch.stack([torch.cos(t[:half]), torch.sin(t[:half])], dim=1)
    lower = torch.stack([1 - torch.cos(t[half:]), 0.5 - torch.sin(t[half:])], dim=1)
    x = torch.cat([upper, lower]) + 0.1 * torch.randn(n, 2, generator=g)
    y = torch.cat([torch.zeros(half), torch.ones(n - half)]).long()
    return x, y


def loaders(data_fn):
    train = DataLoader(TensorDataset(*data_fn(N_TRAIN, 1)), batch_size=TRAIN_BS, shuffle=True,
                       generator=torch.Generator().manual_seed(2))
    val = DataLoader(TensorDataset(*data_fn(N_VAL, 3)), batch_size=VAL_BS, shuffle=False)
    return train, val


def mlp(out, dropout=0.2):
    layers = [nn.Linear(2, 16), nn.ReLU()]
    if dropout:
        layers.append(nn.Dropout(dropout))
    layers.append(nn.Linear(16, out))
    return nn.Sequential(*layers)


SPECS = {
    # name: (data, outputs, loss, history keys, restores best, extra kwargs)
    "training_loop": (regression_data, 1, nn.MSELoss, ("train_loss", "val_loss"), True, {}),
    "best_epoch": (regression_data, 1, nn.MSELoss, ("train_loss", "val_loss", "best_epoch"),
                   True, {}),
    "early_stopping": (regression_data, 1, nn.MSELoss,
                       ("train_loss", "val_loss", "best_epoch"), True, {"patience": 100}),
    "bce_conversion": (regression_data, 1, nn.BCEWithLogitsLoss,
                       ("train_loss", "val_loss", "val_acc", "best_epoch"), True,
                       {"threshold": 5.0}),
    "moons": (moons_data, 2, nn.CrossEntropyLoss, ("train_loss", "val_loss", "val_acc"),
              False, {}),
}
EXTRA_DEFAULTS = {"early_stopping": {"patience": 5}, "bce_conversion": {"threshold": 5.0}}
NAMES = list(SPECS)


def module(name):
    return importlib.import_module(f"reference.{name}")


def targets_for(name, y, extra):
    return (y > extra["threshold"]).float() if name == "bce_conversion" else y


def full_pass(name, model, loader, loss_fn, extra):
    """Loss (and accuracy) of ``model`` on the whole dataset in one eval-mode batch."""
    x, y = loader.dataset.tensors
    y = targets_for(name, y, extra)
    model.eval()
    with torch.no_grad():
        out = model(x)
        loss = loss_fn(out, y).item()
    if name == "bce_conversion":
        acc = int(((out > 0).float() == y).sum()) / len(y)
    elif name == "moons":
        acc = int((out.argmax(dim=1) == y).sum()) / len(y)
    else:
        acc = None
    return loss, acc


def run(name, epochs=6, lr=0.05, dropout=0.2, model_wrap=None, extra=None):
    data_fn, outputs, loss_cls, _, _, default_extra = SPECS[name]
    torch.manual_seed(0)
    model = mlp(outputs, dropout)
    if model_wrap is not None:
        model = model_wrap(model)
    train_loader, val_loader = loaders(data_fn)
    loss_fn = loss_cls()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr) if lr else \
        torch.optim.SGD(model.parameters(), lr=0.0)
    extra = dict(default_extra if extra is None else extra)
    history = module(name).train(model, train_loader, val_loader, loss_fn, optimizer, epochs,
                                 device="cpu", **extra)
    return history, model, train_loader, val_loader, loss_fn, extra


# ------------------------------------------------------------------ contract

@pytest.mark.parametrize("name", NAMES)
def test_signature(name):
    params = inspect.signature(module(name).train).parameters
    assert list(params)[:7] == ["model", "train_loader", "val_loader", "loss_fn", "optimizer",
                                "epochs", "device"]
    assert params["device"].default == "cpu"
    extras = {k: p.default for k, p in params.items() if k not in list(params)[:7]}
    assert extras == EXTRA_DEFAULTS.get(name, {})


@pytest.mark.parametrize("name", NAMES)
def test_history_keys_types_lengths_and_quiet(name, capsys):
    history, *_ = run(name, epochs=5)
    assert capsys.readouterr().out == ""
    assert tuple(history) == SPECS[name][3]
    for key, value in history.items():
        if key == "best_epoch":
            assert type(value) is int and 1 <= value <= 5
        else:
            assert len(value) == 5
            assert all(type(v) is float and math.isfinite(v) for v in value)
    if "val_acc" in history:
        assert all(0.0 <= a <= 1.0 for a in history["val_acc"])


@pytest.mark.parametrize("name", NAMES)
def test_losses_are_per_sample_averages(name):
    """lr=0 and no dropout: every epoch's loss equals the whole-dataset mean loss,
    which a plain mean of batch means (skewed by the small last batch) does not."""
    history, model, train_loader, val_loader, loss_fn, extra = run(name, epochs=2, lr=0,
                                                                    dropout=0)
    for loader, key in ((train_loader, "train_loss"), (val_loader, "val_loss")):
        expected, acc = full_pass(name, model, loader, loss_fn, extra)
        assert history[key] == pytest.approx([expected] * 2, rel=1e-5)
        naive = []
        with torch.no_grad():
            for x, y in loader:
                naive.append(loss_fn(model(x), targets_for(name, y, extra)).item())
        assert sum(naive) / len(naive) != pytest.approx(expected, rel=1e-3)
        if key == "val_loss" and acc is not None:
            assert history["val_acc"] == pytest.approx([acc] * 2, abs=1e-9)


class Probe(nn.Module):
    """Records (training mode, grad enabled, batch size) of every forward call."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner
        self.log = []

    def forward(self, x):
        self.log.append((self.training, torch.is_grad_enabled(), x.shape[0]))
        return self.inner(x)


@pytest.mark.parametrize("name", NAMES)
def test_modes_and_no_grad(name):
    probe = {}

    def wrap(model):
        probe["m"] = Probe(model)
        return probe["m"]

    run(name, epochs=3, model_wrap=wrap)
    train_sizes = [16, 16, 16, 2]
    val_sizes = [8, 8, 5]
    epoch = [(True, True, b) for b in train_sizes] + [(False, False, b) for b in val_sizes]
    assert probe["m"].log == epoch * 3


@pytest.mark.parametrize("name", NAMES)
def test_best_epoch_and_final_weights(name):
    history, model, _, val_loader, loss_fn, extra = run(name, epochs=8, lr=0.2)
    vl = history["val_loss"]
    best = vl.index(min(vl)) + 1
    if "best_epoch" in history:
        assert history["best_epoch"] == best
    final_loss, final_acc = full_pass(name, model, val_loader, loss_fn, extra)
    index = best - 1 if SPECS[name][4] else -1   # restored best weights, or the last ones
    assert final_loss == pytest.approx(vl[index], rel=1e-5)
    if final_acc is not None:
        assert final_acc == pytest.approx(history["val_acc"][index], abs=1e-9)


def test_moons_runs_do_not_restore_even_when_last_epoch_is_worse():
    history, model, _, val_loader, loss_fn, extra = run("moons", epochs=8, lr=0.3)
    assert full_pass("moons", model, val_loader, loss_fn, extra)[0] == \
        pytest.approx(history["val_loss"][-1], rel=1e-5)


def test_bce_uses_the_threshold_argument():
    history, model, _, val_loader, loss_fn, extra = run("bce_conversion", epochs=3,
                                                        extra={"threshold": 7.0})
    loss, acc = full_pass("bce_conversion", model, val_loader, loss_fn, extra)
    i = history["best_epoch"] - 1
    assert loss == pytest.approx(history["val_loss"][i], rel=1e-5)
    assert acc == pytest.approx(history["val_acc"][i], abs=1e-9)


# -------------------------------------------------- scripted validation curves

class Constant(nn.Module):
    """Predicts its bias for every sample; on targets y == 5 the MSE is (b - 5)**2 exactly."""

    def __init__(self):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(1))
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.drop(x[:, :1]) * 0 + self.bias


class Scripted(torch.optim.Optimizer):
    """Sets the bias to ``offsets[epoch] + 5`` at every step of that epoch."""

    def __init__(self, params, offsets, steps_per_epoch):
        super().__init__(params, {})
        self.offsets, self.per_epoch, self.steps = offsets, steps_per_epoch, 0

    @torch.no_grad()
    def step(self, closure=None):
        value = 5.0 + self.offsets[self.steps // self.per_epoch]
        for group in self.param_groups:
            for p in group["params"]:
                p.fill_(value)
        self.steps += 1


def scripted_run(name, offsets, epochs, **extra):
    g = torch.Generator().manual_seed(4)
    make = lambda n: TensorDataset(torch.randn(n, 2, generator=g), torch.full((n, 1), 5.0))
    train_loader = DataLoader(make(N_TRAIN), batch_size=TRAIN_BS, shuffle=True, generator=g)
    val_loader = DataLoader(make(N_VAL), batch_size=VAL_BS)
    model = Constant()
    optimizer = Scripted(model.parameters(), offsets, len(train_loader))
    history = module(name).train(model, train_loader, val_loader, nn.MSELoss(), optimizer,
                                 epochs, device="cpu", **extra)
    return history, model


OFFSETS = [3, 2, 1, -1, 2, 0.5, 0.7, -0.8, 0.9, 0.1, 0.2, 0.3]   # val loss = offset**2


@pytest.mark.parametrize("name", ["training_loop", "best_epoch", "early_stopping"])
def test_scripted_curve_best_epoch_first_on_ties_and_restore(name):
    extra = {"patience": 100} if name == "early_stopping" else {}
    history, model = scripted_run(name, OFFSETS, 12, **extra)
    assert history["val_loss"] == pytest.approx([o * o for o in OFFSETS], rel=1e-5)
    assert history["val_loss"][2] == history["val_loss"][3] == 1.0   # an exact tie
    if "best_epoch" in history:
        assert history["best_epoch"] == 10
    assert model.bias.item() == pytest.approx(5.1)


@pytest.mark.parametrize("patience, stop, best", [(3, 9, 6), (1, 4, 3), (2, 5, 3), (4, 12, 10)])
def test_early_stop_epoch(patience, stop, best):
    """Epoch 4 ties epoch 3 (1.0 == 1.0): not an improvement, so it counts as bad."""
    history, model = scripted_run("early_stopping", OFFSETS, 12, patience=patience)
    assert len(history["train_loss"]) == len(history["val_loss"]) == stop
    assert history["best_epoch"] == best
    assert model.bias.item() == pytest.approx(5.0 + OFFSETS[best - 1])


def test_early_stopping_without_trigger_runs_all_epochs_and_restores():
    offsets = [3, 1, 2, 2, 2]
    history, model = scripted_run("early_stopping", offsets, 5)   # default patience=5
    assert len(history["val_loss"]) == 5
    assert history["best_epoch"] == 2
    assert model.bias.item() == pytest.approx(6.0)
