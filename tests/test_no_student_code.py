"""The grader's reads run no code of the submission's and believe nothing a student object says
about itself (docs/forgery.md, "No student code after train() returns"). Each kind of hook and
override is armed on the objects the grader reads; none is called, and the facts read are the
tensor's own. In milliseconds, in-process: these are the reads, not a sandbox run (the sandbox
run of every route together is tests/corpus/broken/forge_after_return_hooks.py)."""
from __future__ import annotations

import torch

from grader.job.observe.journal import seal
from grader.job.observe.recorder import Recorder, TensorMarks, _module_dict, _read, is_tensor, leading, tensor_facts
from grader.job.child import _error_text
from grader.trace.weights import copy_tensor, decode_state, encode_state, state_digest


def _armed(calls: list):
    """A tensor subclass that lies about requires_grad, answers every torch function and attribute
    it can, and shadows the methods a reader would call with instance attributes."""
    class Liar(torch.Tensor):
        @classmethod
        def __torch_function__(cls, func, types, args=(), kwargs=None):
            calls.append(f"__torch_function__ {getattr(func, '__name__', func)}")
            with torch._C.DisableTorchFunction():
                return func(*args, **(kwargs or {}))

        @property
        def requires_grad(self):
            calls.append("requires_grad property")
            return False

        def __getattr__(self, name):
            calls.append(f"__getattr__ {name}")
            raise AttributeError(name)

        def __del__(self):
            calls.append("__del__")

    with torch.enable_grad():
        t = (torch.randn(4, 2, requires_grad=True) * 2).as_subclass(Liar)
    for name in ("detach", "to", "clone", "cpu", "numpy", "tolist", "double", "float", "contiguous",
                 "is_inference", "dim", "data_ptr", "_grader_moved"):
        try:
            setattr(t, name, lambda *a, _n=name, **k: calls.append(f"instance {_n}"))
        except AttributeError:
            pass
    calls.clear()
    return t


def test_tensor_reads_run_nothing_and_believe_nothing():
    calls: list[str] = []
    t = _armed(calls)
    assert is_tensor(t)
    requires_grad, inference, device, dtype, dim = tensor_facts(t)
    assert (requires_grad, inference, device, dtype, dim) == (True, False, "cpu", "float32", 2)
    assert leading(t) == 4
    plain = copy_tensor(t)
    assert type(plain) is torch.Tensor and plain.shape == (4, 2)
    assert decode_state(encode_state({"w": t}))["w"].equal(plain)
    assert state_digest({"w": t}) == state_digest({"w": plain})
    assert calls == []


def test_an_object_claiming_to_be_a_tensor_is_not_one():
    class Pretender:
        @property
        def __class__(self):
            return torch.Tensor

    assert isinstance(Pretender(), torch.Tensor) and not is_tensor(Pretender())


def test_marks_live_in_the_recorder_not_on_tensors():
    calls: list[str] = []
    marks = TensorMarks()
    t, other = torch.zeros(3), _armed(calls)
    other._grader_moved = True          # the attribute the grader once set: means nothing now
    marks.add(t)
    assert marks.has(t) and marks.has(t[1:]) and not marks.has(other)
    key = id(t)
    del t
    reused = torch.zeros(3)             # may take the dead tensor's id: not marked
    assert not marks.has(reused) or id(reused) != key
    assert calls == []


def test_exceptions_are_read_without_their_code():
    calls = []

    class Loud(Exception):
        def __str__(self):
            calls.append("__str__")
            return "forged"

        @property
        def args(self):
            calls.append("args property")
            return ("forged",)

    class Arg(str):
        def __str__(self):
            calls.append("arg __str__")
            return "forged"

    assert _error_text(Loud("real")) == ("Loud", "real")
    assert _error_text(ValueError(Arg("x"))) == ("ValueError", "<Arg>")
    assert _error_text(KeyError("train_loss")) == ("KeyError", "'train_loss'")
    assert calls == []


def test_hook_tables_are_read_past_a_swapped_class():
    calls = []
    model = torch.nn.Linear(2, 1)
    model.register_forward_hook(lambda *a: None)

    class Peeking(torch.nn.Linear):
        def __getattribute__(self, name):
            calls.append(name)
            return object.__getattribute__(self, name)

    model.__class__ = Peeking
    calls.clear()
    assert len(_module_dict(model)["_forward_hooks"]) == 1
    assert calls == []


def test_weights_follow_a_parameter_the_model_replaced():
    """load_state_dict(..., assign=True) (an honest restore) puts new Parameter objects in the
    model: the grader reads what the model holds, through its tables, not the objects it replaced."""
    from exercises.training_loop.scenario import main

    setup = main("cpu")
    recorder = Recorder(setup, "cpu", set())
    best = {k: v.detach().clone() + 1.0 for k, v in setup.model.state_dict().items()}
    setup.model.load_state_dict(best, assign=True)
    read = _read(recorder.tensors)
    assert all(torch.equal(read[k], best[k]) for k in best)


def test_the_returned_weights_are_read_once():
    """What finish() compares with the snapshots and what the parent gets are one read: an edit
    between the grader's looks (a thread of the submission's) cannot make them disagree."""
    from exercises.training_loop.scenario import main

    setup = main("cpu")
    recorder = Recorder(setup, "cpu", set())
    recorder.initial = _read(recorder.tensors)
    recorder.snapshots.append((0, _read(recorder.tensors)))
    weights = recorder.finish()
    assert weights["final_distance"] == [0.0]
    with torch.no_grad():
        next(iter(recorder.tensors.current().values())).add_(1.0)     # edited after the read
    record = {"status": "ok"}
    seal(record, recorder, None, {})
    assert state_digest(decode_state(record["final_state"])) == state_digest(recorder.snapshots[0][1])
