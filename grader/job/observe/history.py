"""Describe a returned history dict as plain data, keeping what the checks need to know
about each value's type (a tensor, a graph, a float) without the objects themselves.

No student code runs here: values are accepted as exact built-in types only (`type(x) is
float`, never isinstance), and anything else (a float subclass, a numpy scalar, a tensor) is
described by its type name alone, read from the type without calling any method of the value.
A history value whose methods run code therefore never gets to run it after the grader's last
look at torch and its own modules. The containers (the dict, its lists and tuples) are read
through dict's, list's and tuple's own C methods, so a student's subclass of them is read
like the built-in it extends, and none of its methods runs either.
"""
from __future__ import annotations

import itertools

import torch

from grader.job.observe.derivation import LoaderTensor

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
    if kind is torch.Tensor or kind is torch.nn.Parameter or kind is LoaderTensor:
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


def _laid_out_as(value, base: type) -> bool:
    """value's memory layout is `base`'s: `base` is on its type's chain of layout bases
    (tp_base, fixed when the class was made; neither a metaclass's mro() nor a __class__
    property can fake it), so base's own C methods read it without running any of its code."""
    cls = type(value)
    while cls is not None:
        if cls is base:
            return True
        cls = type.__dict__["__base__"].__get__(cls)
    return False


def describe_history(history) -> dict:
    # any dict, the stdlib's (defaultdict, OrderedDict) and a student's own subclass (a History
    # with a log() helper) alike: dict.items reads its storage and runs none of the subclass's code
    if not _laid_out_as(history, dict):
        return {"type": _type_name(history), "keys": None}
    keys = {}
    for key, value in list(dict.items(history))[:MAX_KEYS]:
        label = key if type(key) is str else f"<{_type_name(key)}>"
        if _laid_out_as(value, list) or _laid_out_as(value, tuple):
            # read through the base type's own iterator (a subclass's __iter__ never runs)
            read = list.__iter__ if _laid_out_as(value, list) else tuple.__iter__
            items = list(itertools.islice(read(value), MAX_ITEMS))
            keys[label] = {"container": _type_name(value), "items": [describe(v) for v in items]}
        else:
            keys[label] = {"container": "scalar", "item": describe(value)}
    return {"type": "dict", "keys": keys}
