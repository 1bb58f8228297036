"""A stand-in for torch.utils.tensorboard.SummaryWriter: the methods a training loop uses, each
call recorded as a tuple (no TensorBoard dependency, nothing written to disk)."""
from __future__ import annotations


class RecordingWriter:
    """add_scalar / add_scalars / flush / close, as SummaryWriter spells them; `calls` holds
    ("add_scalar", tag, value, global_step), ("add_scalars", main_tag, {key: value}, global_step),
    ("flush",) and ("close",) in call order. Values are kept as given (a tensor stays a tensor)."""

    def __init__(self):
        self.calls: list[tuple] = []

    def add_scalar(self, tag, scalar_value, global_step=None, walltime=None, new_style=False,
                   double_precision=False):
        self.calls.append(("add_scalar", tag, scalar_value, global_step))

    def add_scalars(self, main_tag, tag_scalar_dict, global_step=None, walltime=None):
        self.calls.append(("add_scalars", main_tag, dict(tag_scalar_dict), global_step))

    def flush(self):
        self.calls.append(("flush",))

    def close(self):
        self.calls.append(("close",))
