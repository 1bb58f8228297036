"""Process-wide instrumentation installed before any student code is imported:
device moves (Tensor.to/.cuda) and functional losses are reported to the active Recorder,
and the objects the observation relies on are fingerprinted so tampering shows
(the `integrity` check).
"""
from __future__ import annotations

import copy
import functools
import sys

import torch
import torch.nn.functional as F
from torch import nn

_recorder = None  # the Recorder of the train() call in progress, if any

LOSS_FUNCTIONS = ("cross_entropy", "binary_cross_entropy_with_logits", "binary_cross_entropy",
                  "nll_loss", "mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss")


def set_recorder(recorder) -> None:
    global _recorder
    _recorder = recorder


def _wrap_to(original):
    @functools.wraps(original)
    def to(self, *args, **kwargs):
        if _recorder is not None:
            try:
                device = torch._C._nn._parse_to(*args, **kwargs)[0]
            except Exception:
                device = None
            if _recorder.on_tensor_moved(self, device):
                moved = original(self, *args, **kwargs)
                # Already on that device, .to() would return the tensor itself; a copy lets the
                # recorder tell a loop that uses the moved tensor from one that drops it
                # (`x.to(device)` without `x = `), on a CPU-only machine too.
                moved = moved.clone() if moved is self else moved
                _recorder.remember_moved(moved)
                return moved
        return original(self, *args, **kwargs)
    return to


def _wrap_cuda(original):
    @functools.wraps(original)
    def cuda(self, *args, **kwargs):
        moved = original(self, *args, **kwargs)
        if _recorder is not None and _recorder.on_tensor_moved(self, "cuda"):
            _recorder.remember_moved(moved)
        return moved
    return cuda


def _wrap_loss(name, original):
    @functools.wraps(original)
    def loss(input, *args, **kwargs):
        if _recorder is not None and _recorder.active:
            _recorder.on_loss_call(name, input)
        return original(input, *args, **kwargs)
    return loss


def install() -> None:
    """Install the instrumentation once per process, before student code runs."""
    if getattr(torch.Tensor.to, "_grader_wrapped", False):
        return
    _warm_up()
    import grader.observe.recorder  # noqa: F401  (captures the originals it uses, now)
    torch.Tensor.to = _wrap_to(torch.Tensor.to)
    torch.Tensor.cuda = _wrap_cuda(torch.Tensor.cuda)
    torch.Tensor.to._grader_wrapped = True
    for name in LOSS_FUNCTIONS:
        setattr(F, name, _wrap_loss(name, getattr(F, name)))


def _warm_up() -> None:
    """Do once what torch does lazily on first use, so it is not mistaken for tampering: the
    first optimizer of each class wraps its step() and imports torch._dynamo, which rebinds
    torch.manual_seed."""
    p = nn.Parameter(torch.zeros(1))
    for cls in (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW):
        p.grad = torch.zeros(1)
        cls([p], lr=0.0).step()


WATCHED = [
    (torch.Tensor, "torch.Tensor", ["to", "cuda", "backward", "register_hook", "item"]),
    (torch.autograd, "torch.autograd", ["backward"]),
    (torch, "torch", ["no_grad", "enable_grad", "inference_mode", "set_grad_enabled", "is_grad_enabled",
                      "manual_seed", "save", "load"]),
    (nn.Module, "nn.Module", ["__call__", "_call_impl", "register_forward_hook", "register_forward_pre_hook",
                              "train", "eval", "state_dict", "load_state_dict", "modules", "parameters"]),
    (torch.optim.Optimizer, "torch.optim.Optimizer", ["zero_grad", "register_step_pre_hook", "__init__"]),
    (torch.utils.data.DataLoader, "torch.utils.data.DataLoader", ["__iter__"]),
    (copy, "copy", ["deepcopy"]),
    (F, "torch.nn.functional", list(LOSS_FUNCTIONS)),
]


def _watched():
    """label -> (owner, attribute) for every object the observation depends on. If a submission
    rebinds any of them the trace may be blind, so the integrity check fails and says which."""
    import grader.observe.recorder as rec

    owners = WATCHED + [
        (rec.Recorder, "grader.observe.recorder.Recorder",
         ["on_forward", "on_step", "on_batch", "start_pass", "on_loss_call", "on_tensor_moved",
          "remember_moved", "was_moved", "finish", "evaluate", "records"]),
        (rec.ObservedLoader, "grader.observe.recorder.ObservedLoader", ["__iter__"]),
        (sys.modules[__name__], __name__, ["set_recorder"]),
    ]
    return {f"{label}.{name}": (owner, name) for owner, label, names in owners for name in names}


def fingerprint() -> dict[str, object]:
    """Every watched object (and the optimizer subclasses' step functions), held by reference
    so that an identity comparison later cannot be fooled by a reused id()."""
    prints = {}
    for label, (owner, attr) in _watched().items():
        prints[label] = owner.__dict__.get(attr, getattr(owner, attr, None))
    for cls in (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW):
        prints[f"torch.optim.{cls.__name__}.step"] = cls.__dict__.get("step")
    return prints


def changed_since(before: dict[str, object]) -> list[str]:
    now = fingerprint()
    return sorted(k for k, v in before.items() if now.get(k) is not v)
