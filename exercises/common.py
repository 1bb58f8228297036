"""Seeded building blocks the exercise scenarios share: data, models, loaders.

A scenario is a function `build(device, variant=0) -> Setup`; everything in it is created
from seeds, so the reference and a submission see the same initial weights, batches and order.
Variant 0 is the public scenario (the seeds below, what student bundles and self-check use);
any other variant derives every seed from (public seed, variant), so a grading run on a secret
variant cannot be answered with records made in advance.
"""
from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass, field
from typing import Callable

import torch
from torch import nn
from torch.utils.data import DataLoader, Sampler, TensorDataset


def variant_seed(seed: int, variant) -> int:
    """The seed a scenario uses in `variant`: the public seed itself for variant 0.

    A secret variant (grader.variants.SecretVariant: an int label carrying a `secret`, the HMAC of
    a course key the job never sees) derives every seed with HMAC(secret, public seed): one-way,
    63 bits, never predictable from the label or from code. A plain int is a probe variant whose
    seeds anyone can derive (check-exercise, tests); grading never draws one."""
    if variant == 0:
        return seed
    secret = getattr(variant, "secret", None)
    if isinstance(secret, bytes):
        digest = hmac.new(secret, f"loopgrader-seed:{seed}".encode(), hashlib.sha256).digest()
        return int.from_bytes(digest[:8], "big") >> 2   # < 2**62: seed + epoch never overflows
    digest = hashlib.sha256(f"loopgrader:{seed}:{int(variant)}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % (2**31 - 1000)


def variant_problems(run: dict, requires: dict | None = None) -> list[str]:
    """Why a reference run on some variant cannot grade what the checks need (empty: it can).

    Every scenario needs a best validation epoch that is not the last one run (best-checkpoint
    bugs show only then); `requires` may add {"stops_early": True|False} (early stopping fires
    inside the budget, or the budget ends first)."""
    items = (((run.get("history") or {}).get("keys") or {}).get("val_loss") or {}).get("items") or []
    losses = [i.get("value") for i in items]
    if not losses or any(type(v) is not float for v in losses):
        return ["the reference returned no validation losses"]
    problems = []
    best = losses.index(min(losses)) + 1
    if best == len(losses):
        problems.append("the best validation epoch is the last one run")
    stops = (requires or {}).get("stops_early")
    if stops is True and len(losses) >= run.get("epochs", 0):
        problems.append("early stopping does not fire inside the budget")
    if stops is False and len(losses) < run.get("epochs", 0):
        problems.append("early stopping fires before the budget ends")
    return problems


@dataclass
class Setup:
    """What train() receives, plus how the grader scores a batch on its own."""
    model: nn.Module
    train_loader: DataLoader
    val_loader: DataLoader
    loss_fn: nn.Module
    optimizer: torch.optim.Optimizer
    epochs: int
    kwargs: dict = field(default_factory=dict)
    # y from the loader -> the target the loss takes (bce_conversion turns values into labels)
    target: Callable[[torch.Tensor], torch.Tensor] = lambda y: y
    # (model output, loader y) -> number of correct predictions; None where accuracy is not asked
    count_correct: Callable[[torch.Tensor, torch.Tensor], int] | None = None
    # the global seed set before each training pass, so dropout masks do not depend on how
    # much randomness the student's own code consumed earlier
    dropout_seed: int = 1234


class ShufflePerPass(Sampler):
    """A seeded random order per epoch, like DistributedSampler.set_epoch.

    The grader sets `epoch` to the number of training epochs done before each pass, so a
    submission that peeks at a batch (`next(iter(loader))`) or evaluates the training set in
    an extra pass still trains on the reference's batch order. Used on its own, each
    completed pass moves to the next epoch's order.
    """

    def __init__(self, n: int, seed: int):
        self.n, self.seed, self.epoch = n, seed, 0

    def __iter__(self):
        order = torch.randperm(self.n, generator=torch.Generator().manual_seed(self.seed + self.epoch))
        yield from order.tolist()
        self.epoch += 1

    def __len__(self) -> int:
        return self.n


def loaders(x, y, n_train: int, train_batch: int, val_batch: int, seed: int):
    """Split (x, y) into shuffled-train / sequential-val loaders; last batches come out smaller."""
    order = torch.randperm(len(x), generator=torch.Generator().manual_seed(seed))
    tr, va = order[:n_train], order[n_train:]
    assert n_train % train_batch and (len(x) - n_train) % val_batch, "last batches must be smaller"
    train_ds, val_ds = TensorDataset(x[tr], y[tr]), TensorDataset(x[va], y[va])
    train_loader = DataLoader(train_ds, batch_size=train_batch, sampler=ShufflePerPass(n_train, seed + 1))
    val_loader = DataLoader(val_ds, batch_size=val_batch, shuffle=False)
    return train_loader, val_loader


def regression_data(n: int, seed: int, noise: float = 0.3):
    """Seed 000's data: y ~= 3*x1 + 2*x2 + 5, shape [n, 1]."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 2, generator=g)
    y = 3 * x[:, [0]] + 2 * x[:, [1]] + 5 + noise * torch.randn(n, 1, generator=g)
    return x, y


def moons_data(n: int, seed: int, noise: float = 0.1):
    """Seed 003's two moons: x [n, 2] float32, y [n] int64."""
    g = torch.Generator().manual_seed(seed)
    t = torch.rand(n // 2, generator=g) * math.pi
    upper = torch.stack([torch.cos(t), torch.sin(t)], dim=1)
    lower = torch.stack([1 - torch.cos(t), 0.5 - torch.sin(t)], dim=1)
    x = torch.cat([upper, lower]) + noise * torch.randn(n, 2, generator=g)
    y = torch.cat([torch.zeros(n // 2), torch.ones(n // 2)]).long()
    return x, y


def mlp(n_in: int, hidden: int, n_out: int, dropout: float, seed: int) -> nn.Module:
    """A small MLP with Dropout, so train/eval mode changes what the model computes."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(n_in, hidden), nn.ReLU(), nn.Dropout(dropout), nn.Linear(hidden, n_out))


def count_argmax_correct(out: torch.Tensor, y: torch.Tensor) -> int:
    return int((out.argmax(dim=1) == y).sum())


def count_logit_correct(threshold: float):
    def count(out: torch.Tensor, y: torch.Tensor) -> int:
        return int(((out.reshape(-1) > 0) == (y.reshape(-1) > threshold)).sum())
    return count


# ---- a scenario's variant-dependent state, as data: what a job receives instead of a seed ----
#
# The parent builds a secret variant itself and sends the job its tensors (the model's initial
# parameters and buffers, both loaders' data, the shuffle order's seed); the job builds the public
# variant's objects and loads those values into them in place (optimizer, schedulers and loaders
# keep pointing at the same tensors). Nothing in the job names the variant or can derive another.

def _tensor_data(t: torch.Tensor) -> dict:
    t = t.detach().cpu()
    return {"dtype": str(t.dtype).removeprefix("torch."), "shape": list(t.shape), "values": t.reshape(-1).tolist()}


def _tensor(data: dict) -> torch.Tensor:
    return torch.tensor(data["values"], dtype=getattr(torch, data["dtype"])).reshape(data["shape"])


def _dataset_tensors(loader, which: str) -> tuple:
    tensors = getattr(loader.dataset, "tensors", None)
    if not isinstance(tensors, tuple) or not all(isinstance(t, torch.Tensor) for t in tensors):
        raise TypeError(f"the {which} loader's dataset is a {type(loader.dataset).__name__}, not a "
                        "TensorDataset: a secret variant's data cannot be handed to the job")
    return tensors


def variant_state(setup: Setup) -> dict:
    """The tensors of `setup` that depend on its variant, as JSON data (exact: float32 values
    survive the trip through a Python float)."""
    state = {"model": {name: _tensor_data(t) for name, t in setup.model.state_dict(keep_vars=True).items()},
             "train": [_tensor_data(t) for t in _dataset_tensors(setup.train_loader, "training")],
             "val": [_tensor_data(t) for t in _dataset_tensors(setup.val_loader, "validation")]}
    sampler = setup.train_loader.sampler
    if isinstance(sampler, ShufflePerPass):
        state["shuffle"] = sampler.seed
    return state


MAX_EPOCHS = 10_000   # an epochs value a variant's state may set (a derived budget, EPOCHS_FROM)


def load_variant_state(setup: Setup, state: dict) -> Setup:
    """Put `state` (variant_state of the same scenario on another variant) into `setup` in place;
    a shape that does not match is the grader's error, raised."""
    with torch.no_grad():
        own = setup.model.state_dict(keep_vars=True)
        if set(own) != set(state["model"]):
            raise ValueError("the variant's model state names other tensors than the scenario's model")
        for name, tensor in own.items():
            tensor.copy_(_tensor(state["model"][name]))
        for which, loader in (("train", setup.train_loader), ("val", setup.val_loader)):
            tensors = _dataset_tensors(loader, which)
            if len(tensors) != len(state[which]):
                raise ValueError(f"the variant's {which} data holds another number of tensors")
            for tensor, data in zip(tensors, state[which]):
                tensor.copy_(_tensor(data))
    if "shuffle" in state:
        setup.train_loader.sampler.seed = int(state["shuffle"])
    if "epochs" in state:   # a budget derived from another scenario's reference run (EPOCHS_FROM)
        epochs = state["epochs"]
        if type(epochs) is not int or not 1 <= epochs <= MAX_EPOCHS:
            raise ValueError(f"the variant's epochs {epochs!r} is not a whole number in 1..{MAX_EPOCHS}")
        setup.epochs = epochs
    return setup
