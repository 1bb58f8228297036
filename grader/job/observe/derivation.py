"""Which tensors were computed from a batch the loader yielded before it went to the device.

The loader's tensors are handed to train() as a LoaderTensor, a torch.Tensor subclass with no
code of its own: torch's default __torch_function__ gives every result of an operation on one
(a comparison, a cast, arithmetic, indexing, torch.where) the same class, so a value derived
from an unmoved batch stays recognisably unmoved however it was built. Sending one to the
device (the patched Tensor.to/.cuda, torch.as_tensor) returns a plain tensor again, and
everything derived from that one is plain. So at the loss, `(y > threshold).float()` on the
loader's CPU y is a LoaderTensor (never moved: device charges it, on a CPU-only machine too),
while the same labels built from y.to(device) are not.

A correct loop pays one __torch_function__ dispatch per batch tensor (its .to(device)); the
forwards of a loop that never moves its batches pay one per operation (the mistake charged).
"""
from __future__ import annotations

import torch


class LoaderTensor(torch.Tensor):
    """A loader batch's tensor, or a value computed from one, not yet sent to the device."""


def served(batch):
    """The batch as train() receives it: its tensors as LoaderTensors (same data, same graph)."""
    if type(batch) is torch.Tensor:
        return batch.as_subclass(LoaderTensor)
    if type(batch) in (list, tuple):
        return type(batch)(t.as_subclass(LoaderTensor) if type(t) is torch.Tensor else t for t in batch)
    return batch


def unmoved(t) -> bool:
    """t is a loader batch's tensor or was computed from one without a move to the device."""
    return issubclass(type(t), LoaderTensor)


def plain(t):
    """A moved tensor as a plain torch.Tensor (results derived from it are plain too)."""
    if issubclass(type(t), LoaderTensor):
        with torch._C.DisableTorchFunctionSubclass():
            return t.as_subclass(torch.Tensor)
    return t
