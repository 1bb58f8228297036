"""Describe a returned history dict as plain data, keeping what the checks need to know
about each value's type (a tensor, a graph, a float) without the objects themselves.

No student code runs here: values are accepted as exact built-in types only (`type(x) is
float`, never isinstance), and anything else (a float subclass, a numpy scalar, a tensor) is
described by its type name alone, read from the type without calling any method of the value.
A history value whose methods run code therefore never gets to run it after the grader's last
look at torch and its own modules.
"""
from __future__ import annotations

import collections

import torch

MAX_ITEMS = 10_000
MAX_KEYS = 100


def _type_name(value) -> str:
    """The type's name, read from the type's own slot (a metaclass cannot intercept it)."""
    name = type.__dict__["__name__"].__get__(type(value))
    return name if type(name) is str else "object"


def describe(value) -> dict:
    kind = type(value)
    if kind is bool:
        return {"kind": "bool", "value": 1.0 if value else 0.0}
    if kind is float:
        return {"kind": "float", "value": value}
    if kind is int:
        return {"kind": "int", "value": float(value) if -2**53 <= value <= 2**53 else None}
    if kind is torch.Tensor or kind is torch.nn.Parameter:
        return _describe_tensor(value)
    if kind in _numpy_scalars():
        # numpy's own immutable C types (not a subclass): reading them runs no student code;
        # the kind keeps the type, so the contract check can still refuse them
        return {"kind": _type_name(value), "value": float(value)}
    return {"kind": _type_name(value)}


def _numpy_scalars() -> tuple:
    try:
        import numpy as np
    except ImportError:
        return ()
    return (np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8,
            np.uint64, np.uint32, np.uint16, np.uint8, np.bool_)


def _describe_tensor(value) -> dict:
    """An exact torch.Tensor: its methods are torch's own (fingerprinted); torch-function modes
    a submission may have pushed are disabled, and with a dispatch mode active the value is
    not read at all."""
    with torch._C.DisableTorchFunction():
        item = {"kind": "tensor", "numel": int(value.numel()), "requires_grad": bool(value.requires_grad),
                "graph": value.grad_fn is not None}
        if item["numel"] == 1 and torch._C._len_torch_dispatch_stack() == 0:
            item["value"] = float(value.detach().cpu().reshape(-1)[0])
    return item


def describe_history(history) -> dict:
    # the stdlib's own dict types (C types: dict.items on them runs no student code), as the
    # contract allows any dict; a user-defined subclass is still refused
    if type(history) not in (dict, collections.defaultdict, collections.OrderedDict):
        return {"type": _type_name(history), "keys": None}
    keys = {}
    for key, value in list(dict.items(history))[:MAX_KEYS]:
        label = key if type(key) is str else f"<{_type_name(key)}>"
        if type(value) in (list, tuple):
            items = list(value)[:MAX_ITEMS] if type(value) is list else list(tuple.__iter__(value))[:MAX_ITEMS]
            keys[label] = {"container": _type_name(value), "items": [describe(v) for v in items]}
        else:
            keys[label] = {"container": "scalar", "item": describe(value)}
    return {"type": "dict", "keys": keys}
