"""Process-wide instrumentation installed before any student code is imported:
device moves (Tensor.to/.cuda) and functional losses are reported to the active Recorder,
and the objects the observation relies on are fingerprinted so tampering shows
(the `integrity` check).
"""
from __future__ import annotations

import copy
import functools
import sys
import types

import torch
import torch.nn.functional as F
from torch import nn

from grader.job.observe import derivation

# False while torch re-dispatches a call through a tensor subclass's __torch_function__
_torch_function_enabled = torch._C._is_torch_function_enabled

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
                if moved is self and not _recorder.from_loader(self):
                    # not a batch: .to() keeps its meaning (the tensor itself), so that
                    # `{k: v.to("cpu") ...}` of a CPU model's state aliases the weights here too
                    return moved
                # A batch already on that device: .to() would return the tensor itself; a copy
                # lets the recorder tell a loop that uses the moved tensor from one that drops it
                # (`x.to(device)` without `x = `), on a CPU-only machine too.
                moved = moved.clone() if moved is self else moved
                moved = derivation.plain(moved)   # what is computed from it is plain, i.e. moved
                _recorder.remember_moved(moved)
                return moved
        return original(self, *args, **kwargs)
    return to


def _wrap_cuda(original):
    @functools.wraps(original)
    def cuda(self, *args, **kwargs):
        moved = original(self, *args, **kwargs)
        if _recorder is not None and _recorder.on_tensor_moved(self, "cuda"):
            moved = derivation.plain(moved)
            _recorder.remember_moved(moved)
        return moved
    return cuda


def _wrap_as_tensor(original):
    """torch.as_tensor(x, device=d) is a move to d as x.to(d) is: the batch is marked as sent
    (copied where it would come back as itself, as for Tensor.to)."""
    @functools.wraps(original)
    def as_tensor(data, *args, **kwargs):
        out = original(data, *args, **kwargs)
        device = kwargs.get("device", args[1] if len(args) > 1 else None)
        if (_recorder is not None and device is not None and torch.is_tensor(data) and torch.is_tensor(out)
                and _recorder.from_loader(data) and _recorder.on_tensor_moved(data, device)):
            out = out.clone() if out is data else out
            out = derivation.plain(out)
            _recorder.remember_moved(out)
        return out
    return as_tensor


def _wrap_loss(name, original):
    @functools.wraps(original)
    def loss(input, *args, **kwargs):
        # torch re-enters the function for a LoaderTensor argument (grader/job/observe/derivation.py)
        # with subclass dispatch off: that second entry is the same call, recorded once
        if _recorder is not None and _recorder.active and _torch_function_enabled():
            _recorder.on_loss_call(name, input)
        return original(input, *args, **kwargs)
    return loss


def install() -> None:
    """Install the instrumentation once per process, before student code runs (and after the
    recorder is imported: it captures the torch entry points it uses then; grader.job.child)."""
    if getattr(torch.Tensor.to, "_grader_wrapped", False):
        return
    _warm_up()
    from grader.job.observe import connections
    connections.install()   # sqlite3 connections opened by train() (an audit hook: permanent)
    torch.Tensor.to = _wrap_to(torch.Tensor.to)
    torch.Tensor.cuda = _wrap_cuda(torch.Tensor.cuda)
    torch.Tensor.to._grader_wrapped = True
    for name in LOSS_FUNCTIONS:
        setattr(F, name, _wrap_loss(name, getattr(F, name)))
    torch.as_tensor = _wrap_as_tensor(torch.as_tensor)


def _warm_up() -> None:
    """Do once what torch does lazily on first use, so it is not mistaken for tampering: the
    first optimizer of each class wraps its step() and imports torch._dynamo, which rebinds
    torch.manual_seed."""
    p = nn.Parameter(torch.zeros(1))
    for cls in (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW):
        p.grad = torch.zeros(1)
        cls([p], lr=0.0).step()


WATCHED = [
    (torch, "torch", ["no_grad", "enable_grad", "inference_mode", "set_grad_enabled", "is_grad_enabled",
                      "is_inference_mode_enabled", "manual_seed", "save", "load", "device"]),
    (torch.autograd, "torch.autograd", ["backward", "grad"]),
    (copy, "copy", ["deepcopy"]),
]
# Whole namespaces whose every entry is held: a submission that rebinds anything in them (or
# swaps a function's code, defaults or closure) is caught, not just a listed few attributes.
WHOLE = [
    (torch.Tensor, "torch.Tensor"),
    (nn.Module, "nn.Module"),
    (torch.optim.Optimizer, "torch.optim.Optimizer"),
    (torch.utils.data.DataLoader, "torch.utils.data.DataLoader"),
    (F, "torch.nn.functional"),
]
# The grader's own modules in the child (every function, class and method they define), and
# what writing the trace and comparing fingerprints rely on.
GRADER_MODULES = ("grader.job.observe", "grader.job.child", "grader.job.execute", "exercises")
SUPPORT_MODULES = ("json", "json.encoder", "hashlib", "builtins")
SKIP = {__name__: {"_recorder"}, "builtins": {"_"}}   # globals that change by design while grading


def _function_parts(fn) -> tuple:
    """What a function does: its code, defaults and closure contents (all of them swappable
    without changing the function object's identity)."""
    cells = fn.__closure__ or ()
    contents = []
    for cell in cells:
        try:
            contents.append(cell.cell_contents)
        except ValueError:   # an empty cell
            contents.append(None)
    return (fn, fn.__code__, fn.__defaults__, fn.__kwdefaults__, fn.__globals__, *cells, *contents)


def _parts(value) -> tuple:
    if isinstance(value, types.FunctionType):
        return _function_parts(value)
    if isinstance(value, (staticmethod, classmethod)):
        inner = value.__func__
        return (value, *(_function_parts(inner) if isinstance(inner, types.FunctionType) else (inner,)))
    if isinstance(value, property):
        return (value, *(p for f in (value.fget, value.fset, value.fdel) if f is not None
                         for p in (_function_parts(f) if isinstance(f, types.FunctionType) else (f,))))
    if isinstance(value, functools.partial):
        return (value, value.func, value.args)
    return (value,)


def _entry(label: str, ns, name: str, value) -> tuple:
    """(label, namespace, name, value, code, parts): `namespace.get(name) is value` and
    `value.__code__ is code` can be checked inline by a frame that was running before any
    student code (grader.job.child), whose own bytecode cannot have been swapped."""
    code = value.__code__ if isinstance(value, types.FunctionType) else None
    return (label, ns, name, value, code, _parts(value))


def _namespace(owner, label: str, out: list, skip=frozenset()) -> None:
    ns = vars(owner)
    for name, value in list(ns.items()):
        if name in skip or name in ("__dict__", "__weakref__", "__doc__"):
            continue
        out.append(_entry(f"{label}.{name}", ns, name, value))
        # classes the module defines: their methods too
        if isinstance(value, type) and value.__module__ == getattr(owner, "__name__", None):
            _namespace(value, f"{label}.{name}", out)
        # the wrappers functools.wraps made (ours on Tensor.to, torch's on Optimizer.step)
        wrapped = getattr(value, "__wrapped__", None)
        if isinstance(wrapped, types.FunctionType):
            # (held in a dict of its own: a descriptor's __wrapped__ is not always in its __dict__)
            out.append(_entry(f"{label}.{name}.__wrapped__", {"__wrapped__": wrapped}, "__wrapped__", wrapped))


def fingerprint(extra: dict | None = None) -> tuple:
    """Everything the observation depends on, held by reference (an identity comparison later
    cannot be fooled by a reused id()), as an immutable tuple of entries (see _entry):

    - the listed torch entry points, and every entry of the torch classes and the functional
      module the hooks rely on (the optimizer subclasses' wrapped step() included);
    - every module of the grader's child side (grader.job.observe.*, the child, the exercises'
      scenarios): the module object in sys.modules, every global, every function's code,
      defaults and closure, every method of every class they define; and json, hashlib and
      builtins, which writing the trace and this comparison use;
    - `extra`: objects the caller holds (the child's trace writer)."""
    out: list[tuple] = []
    for owner, label, names in WATCHED:
        for name in names:
            out.append(_entry(f"{label}.{name}", vars(owner), name, vars(owner).get(name)))
    for owner, label in WHOLE:
        _namespace(owner, label, out)
    for cls in (torch.optim.SGD, torch.optim.Adam, torch.optim.AdamW):
        out.append(_entry(f"torch.optim.{cls.__name__}.step", vars(cls), "step", vars(cls).get("step")))
    for name, module in sorted(sys.modules.items()):
        # the child may run as __main__ (python -m grader.job.child)
        spec_name = getattr(getattr(module, "__spec__", None), "name", None) or ""
        if module is not None and (name.startswith(GRADER_MODULES) or spec_name.startswith(GRADER_MODULES)
                                   or name in SUPPORT_MODULES):
            out.append(_entry(f"sys.modules[{name}]", sys.modules, name, module))
            _namespace(module, name, out, SKIP.get(name, frozenset()))
    for label, value in (extra or {}).items():
        out.append(_entry(f"extra.{label}", {label: value}, label, value))
    return tuple(out)


def changed_since(before: tuple) -> list[str]:
    """Labels of `before` whose objects are no longer the same (by identity, part by part)."""
    now = {e[0]: e[5] for e in fingerprint()}
    changed = []
    for label, _, _, _, _, parts in before:
        if label.startswith("extra."):
            continue   # the caller compares what only it holds
        current = now.get(label)
        if current is None or len(current) != len(parts) or any(a is not b for a, b in zip(parts, current)):
            changed.append(label)
    return sorted(changed)


def extra_changed(before: tuple, extra: dict) -> list[str]:
    """Labels of the caller-held objects (see fingerprint's `extra`) that changed."""
    held = {e[0]: e[5] for e in before if e[0].startswith("extra.")}
    changed = []
    for label, value in extra.items():
        parts, current = held.get(f"extra.{label}"), _parts(value)
        if parts is None or len(parts) != len(current) or any(a is not b for a, b in zip(parts, current)):
            changed.append(f"extra.{label}")
    return changed
