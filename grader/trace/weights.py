"""Weights as they cross the process boundary: every tensor's bytes exactly (hex), with its dtype
and shape, so that what the parent rebuilds is bit for bit what the child read: a NaN keeps its
sign and payload, a float64 or bfloat16 weight its precision (nested lists of floats through
JSON did neither: a diverged honest run was flagged because its NaN weights came back as other
NaNs, and a float64 model came back as float32).

Reading a tensor goes through torch's C-level methods on the base class, captured at import,
with torch-function dispatch off: nothing defined on a student's object (an instance attribute,
a subclass's method or __torch_function__, a property) runs while the grader reads it.
"""
from __future__ import annotations

import base64
import binascii
import hashlib

import torch

_Base = torch._C.TensorBase
_detach, _contiguous, _to, _view, _reshape = _Base.detach, _Base.contiguous, _Base.to, _Base.view, _Base.reshape
_numpy, _clone = _Base.numpy, _Base.clone
_dtype, _shape = _Base.dtype.__get__, _Base.shape.__get__
_no_torch_function = torch._C.DisableTorchFunction
_frombuffer = torch.frombuffer

DTYPES = {str(d).removeprefix("torch."): d for d in (
    torch.float64, torch.float32, torch.float16, torch.bfloat16, torch.int64, torch.int32, torch.int16,
    torch.int8, torch.uint8, torch.bool)}
MAX_BYTES = 64 << 20   # a bound on what one state may claim to hold (the scenarios' models are ~1 kB)


def tensor_bytes(t) -> tuple[str, list[int], bytes]:
    """(dtype name, shape, raw bytes in C order) of a tensor, on the CPU."""
    with _no_torch_function():
        plain = _contiguous(_to(_detach(t), "cpu"))
        dtype = _dtype(plain)
        shape = list(_shape(plain))
        raw = _numpy(_view(_reshape(plain, (-1,)), torch.uint8)).tobytes()
    return str(dtype).removeprefix("torch."), shape, raw


def plain_view(t) -> torch.Tensor:
    """t's data as a plain CPU tensor (no copy where it is one already), read without running code
    of t's: for reading at once, never for keeping (it may share t's memory)."""
    with _no_torch_function():
        return _contiguous(_to(_detach(t), "cpu"))


def copy_tensor(t) -> torch.Tensor:
    """A plain CPU copy of t (same dtype, same bits), read without running code of t's."""
    with _no_torch_function():
        return _clone(_contiguous(_to(_detach(t), "cpu")))


def encode_state(state: dict, text: str = "hex") -> dict[str, dict]:
    """{name: {"dtype", "shape", "hex"}}: lossless, JSON-ready; text="b64": the bytes in base64
    under "b64" (a third smaller: the step evidence, grader.trace.steps)."""
    out = {}
    for name, t in state.items():
        dtype, shape, raw = tensor_bytes(t)
        out[name] = {"dtype": dtype, "shape": shape, "b64": base64.b64encode(raw).decode("ascii")} \
            if text == "b64" else {"dtype": dtype, "shape": shape, "hex": raw.hex()}
    return out


def _entry_bytes(name: str, entry: dict) -> bytearray:
    text = entry.get("hex")
    if type(text) is str:
        return bytearray.fromhex(text)
    text = entry.get("b64")
    if type(text) is not str:
        raise ValueError(f"weights entry {name[:40]!r} of the wrong shape")
    try:
        return bytearray(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        raise ValueError(f"weights entry {name[:40]!r} of the wrong shape") from None


def decode_state(data) -> dict[str, torch.Tensor]:
    """encode_state's output back as tensors; ValueError on anything it could not have written."""
    if type(data) is not dict:
        raise ValueError("weights are not a dict of tensors")
    out, total = {}, 0
    for name, entry in data.items():
        if type(name) is not str or type(entry) is not dict:
            raise ValueError("weights entry of the wrong shape")
        dtype, shape, text = DTYPES.get(entry.get("dtype")), entry.get("shape"), entry.get("hex", entry.get("b64"))
        if dtype is None or type(shape) is not list or any(type(s) is not int or s < 0 for s in shape) \
                or type(text) is not str:
            raise ValueError(f"weights entry {name[:40]!r} of the wrong shape")
        total += len(text) // 2
        if total > MAX_BYTES:
            raise ValueError("weights larger than any scenario's model")
        raw = _entry_bytes(name, entry)
        n = 1
        for s in shape:
            n *= s
        if len(raw) != n * torch.empty((), dtype=dtype).element_size():
            raise ValueError(f"weights entry {name[:40]!r}: {len(raw)} bytes for shape {shape}")
        flat = _frombuffer(raw, dtype=dtype) if raw else torch.empty(0, dtype=dtype)
        out[name] = flat.reshape(shape).clone()
    return out


def state_digest(state: dict) -> str:
    """sha256 of a weights dict: names, shapes, dtypes and raw bytes, in key order."""
    h = hashlib.sha256()
    for key in sorted(state):
        dtype, shape, raw = tensor_bytes(state[key])
        h.update(f"{key}:{tuple(shape)}:torch.{dtype};".encode())
        h.update(raw)
    return h.hexdigest()


def all_finite(state: dict) -> bool:
    """Every floating weight is finite (a diverged run's are not: nothing can be recomputed from them)."""
    with _no_torch_function():
        return all(bool(torch.isfinite(t).all()) for t in state.values() if t.is_floating_point())
