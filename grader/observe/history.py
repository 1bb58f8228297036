"""Describe a returned history dict as plain data, keeping what the checks need to know
about each value's type (a tensor, a graph, a float) without the objects themselves."""
from __future__ import annotations

import numbers

import torch

MAX_ITEMS = 10_000


def describe(value) -> dict:
    if torch.is_tensor(value):
        item = {"kind": "tensor", "numel": value.numel(), "requires_grad": bool(value.requires_grad),
                "graph": value.grad_fn is not None}
        if value.numel() == 1:
            item["value"] = float(value.detach().cpu().reshape(-1)[0])
        return item
    if isinstance(value, bool):
        return {"kind": "bool", "value": float(value)}
    if type(value) is float:
        return {"kind": "float", "value": value}
    if type(value) is int:
        return {"kind": "int", "value": float(value)}
    if isinstance(value, numbers.Real):  # numpy scalars and other number types
        return {"kind": type(value).__name__, "value": float(value)}
    return {"kind": type(value).__name__}


def describe_history(history) -> dict:
    if not isinstance(history, dict):
        return {"type": type(history).__name__, "keys": None}
    keys = {}
    for key, value in list(history.items())[:100]:
        if isinstance(value, (list, tuple)):
            keys[str(key)] = {"container": type(value).__name__,
                              "items": [describe(v) for v in list(value)[:MAX_ITEMS]]}
        else:
            keys[str(key)] = {"container": "scalar", "item": describe(value)}
    return {"type": "dict", "keys": keys}
