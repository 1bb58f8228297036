"""The child's side of training replay: at each optimizer.step() of the optimizer passed in, the
evidence the parent needs to replay that step (grader.trace.steps.StepEvidence), streamed at once
(grader.job.observe.journal.StepJournal). The parent samples the steps it replays after the run
(grader.replay), so the job cannot know which ones must be consistent: all must be.

Everything is read the way the grader reads weights (grader.trace.weights: C-level methods on the
base class, torch-function dispatch off): the parameters from the optimizer's own param groups,
named by the identity of the tensors captured before train(); the optimizer's state and groups
through Optimizer's own __dict__ getter. Only CPU runs are witnessed (dropout draws on another
device come from a generator the parent cannot replay).
"""
from __future__ import annotations

import base64
import hashlib

import torch

from grader.job.observe import originals as o
from grader.trace.records import to_dict
from grader.trace.steps import STEP_EVIDENCE_VERSION, ForwardEvidence, StepEvidence
from grader.trace.weights import copy_tensor, encode_state, state_digest, tensor_bytes

_rng_state = torch.default_generator.get_state
_autocast_on, _autocast_dtype = torch.is_autocast_enabled, torch.get_autocast_dtype
_optimizer_dict = torch.optim.Optimizer.__dict__["__dict__"].__get__
_equal = torch.equal
_no_torch_function = torch._C.DisableTorchFunction
_Base = torch._C.TensorBase
_requires_grad, _tensor_dtype = _Base.requires_grad.__get__, _Base.dtype.__get__
_param_grad, _version = _Base.grad.__get__, _Base._version.__get__
_HYPER_TYPES = (bool, int, float, str, type(None))


def _hyper(value):
    """A param group's setting as plain JSON data, or None where it is not one (a tensor lr)."""
    if type(value) in _HYPER_TYPES:
        return value
    if type(value) in (tuple, list) and all(type(v) in (int, float) for v in value):
        return list(value)
    return None


def encode_and_digest(named: dict) -> tuple[dict, str]:
    """(encode_state(named, "b64"), state_digest(named)) from one read of each tensor."""
    h, out = hashlib.sha256(), {}
    for key in sorted(named):
        dtype, shape, raw = tensor_bytes(named[key])
        h.update(f"{key}:{tuple(shape)}:torch.{dtype};".encode())
        h.update(raw)
        out[key] = {"dtype": dtype, "shape": shape, "b64": base64.b64encode(raw).decode("ascii")}
    return out, h.hexdigest()


def _state_entry(value):
    if issubclass(type(value), torch.Tensor):
        return encode_state({"t": value}, "b64")["t"]
    return value if type(value) in _HYPER_TYPES else None


class StepWitness:
    """Collects one run's step evidence; `out` is where each StepEvidence goes (as a dict)."""

    def __init__(self, recorder, out):
        self.recorder, self.out = recorder, out
        captured = recorder.tensors.slots
        self.name_of = {id(slot[3]): name for name, slot in captured.items()}
        # [evidence, [output gradient], counted]: every evidence forward since the last step, in order
        # (the parent derives a forward's generator state from the one before it); `counted` goes
        # False where the recorder's fresh contributions restarted after its gradient arrived
        self.pending: list[list] = []
        self.foreign = False       # a forward outside the evidence got a gradient since the last step
        self.rng_before = None     # the generator's state at the forward in progress
        self.rng_after = None      # its state right after the latest evidence forward
        self.open: dict | None = None
        self.last_marks = self.last_groups = None   # as the previous step left them
        self.steps = 0
        params = self._params()
        self.last_digest = state_digest({n: p for n, p in params}) if params is not None else None

    # ---- forwards ------------------------------------------------------------------------
    def before_forward(self) -> None:
        self.rng_before = _rng_state()

    def on_forward(self, index: int, role: str, rows: list[int], training: bool, x, output) -> None:
        """A forward of the model passed in was recorded (the Recorder's record_forward)."""
        if not issubclass(type(output), torch.Tensor):
            # an output of another kind that takes part in a backward cannot be replayed
            self.foreign = self.foreign or torch.is_grad_enabled()
            return
        with _no_torch_function():
            if not _requires_grad(output):
                return
            holder: list = []
            if role == "train" and rows and self.rng_before is not None:
                rng = None if (self.rng_after is not None and _equal(self.rng_before, self.rng_after)) \
                    else base64.b64encode(tensor_bytes(self.rng_before)[2]).decode("ascii")
                on = _autocast_on("cpu")
                ev = ForwardEvidence(forward=index, rows=list(rows), training=training, rng=rng,
                                     autocast=str(_autocast_dtype("cpu")).removeprefix("torch.") if on else None,
                                     in_dtype=str(_tensor_dtype(x)).removeprefix("torch."))
                ev.out_dtype = str(_tensor_dtype(output)).removeprefix("torch.")
                self.pending.append([ev, holder, True])
                self.rng_after = _rng_state()
            else:
                holder = None
            o.tensor_register_hook(output, self._out_hook(holder))
        self.rng_before = None

    def _out_hook(self, holder):
        def hook(grad):
            if not self.recorder.active:
                return None
            if holder is None:
                self.foreign = True   # a backward through a forward the parent cannot replay
            else:
                g = copy_tensor(grad)
                if holder:
                    holder[0] = holder[0] + g
                else:
                    holder.append(g)
            return None
        return hook

    def restart(self) -> None:
        """The recorder's fresh contributions restart (grader.job.observe.production: .grad was cleared
        after an update a GradScaler skipped): so do the forwards that account for them."""
        for entry in self.pending:
            if entry[1]:
                entry[2] = False
        self.foreign = False

    # ---- steps ---------------------------------------------------------------------------
    def _params(self):
        """[(name, parameter)] in the optimizer's order; None where one is not the model's."""
        groups = _optimizer_dict(self.recorder.setup.optimizer).get("param_groups")
        out = []
        for g in groups if type(groups) is list else []:
            for p in (g.get("params") if type(g) is dict else None) or []:
                name = self.name_of.get(id(p))
                if name is None:
                    return None
                out.append((name, p))
        return out

    def before_step(self, fresh: dict, closure: bool) -> None:
        """At the step's pre-hook: the weights, state and settings it starts from, and (without a
        closure) the gradients it is about to use; a closure computes those inside step(), so they
        are taken at its post-hook (take_gradients)."""
        params = self._params()
        if params is None:
            self.open = None
            return
        opt = _optimizer_dict(self.recorder.setup.optimizer)
        digest = state_digest(dict(params))
        # the state as the previous step left it (the same tensors, none written since: their
        # version counters say so) is not read again; anything else is sent in full
        marks = self._state_marks(params)
        state = None if marks is not None and marks == self.last_marks else self._state(params)
        groups = []
        for g in opt.get("param_groups") or []:
            entry = {k: _hyper(v) for k, v in g.items() if k != "params"}
            entry["params"] = [self.name_of.get(id(p)) for p in g.get("params") or []]
            groups.append(entry)
        cls = type(self.recorder.setup.optimizer)
        self.open = {
            "version": STEP_EVIDENCE_VERSION, "step": self.steps, "optimizer": f"{cls.__module__}.{cls.__qualname__}",
            "names": [n for n, _ in params], "before_digest": digest,
            # what the previous step left is not sent again: the parent has it (its own replay of
            # that step's update gives the state; the groups are the previous step's)
            "groups": None if groups == self.last_groups else groups,
            "before": None if digest == self.last_digest else encode_state(dict(params), "b64"),
            "state": state}
        self.last_groups = groups
        if not closure:
            self.take_gradients(fresh)

    def _state_marks(self, params):
        """(name, key, id, version) of each tensor of the optimizer's state and the plain values, or
        None where the state holds something else: what tells a state left alone from one written."""
        state_table = _optimizer_dict(self.recorder.setup.optimizer).get("state")
        marks = []
        for name, p in params:
            held = dict.get(state_table, p) if isinstance(state_table, dict) else None
            if not isinstance(held, dict):
                continue
            for k, v in held.items():
                if issubclass(type(v), torch.Tensor):
                    marks.append((name, k, id(v), _version(v)))
                elif type(v) in _HYPER_TYPES:
                    marks.append((name, k, v))
                else:
                    return None
        return marks

    def _state(self, params) -> dict:
        """The optimizer's per-parameter state, encoded: {name: {key: tensor entry or number}}."""
        state_table = _optimizer_dict(self.recorder.setup.optimizer).get("state")
        state = {}
        for name, p in params:
            held = dict.get(state_table, p) if isinstance(state_table, dict) else None
            if isinstance(held, dict):
                state[name] = {str(k): _state_entry(v) for k, v in held.items()}
        return state

    def take_gradients(self, fresh: dict) -> None:
        """The gradients the step uses (.grad now), the recorder's fresh contributions, and the
        forwards that account for them."""
        if self.open is None:
            return
        grads = {}
        with _no_torch_function():
            for name, p in self._params() or []:
                g = _param_grad(p)
                if g is not None:
                    grads[name] = g
        forwards, counted = [], False
        for ev, holder, live in self.pending:
            if holder and live:
                ev.out_grad = encode_state({"out": holder[0]}, "b64")
                counted = True
            forwards.append(ev)
        grad = encode_state(grads, "b64")
        mine = encode_state(fresh, "b64")
        self.open.update(grad=grad, fresh=None if mine == grad else mine,
                         complete=not self.foreign and counted, forwards=[to_dict(f) for f in forwards])

    def after_step(self) -> None:
        """At the step's post-hook: the parameters it produced; the evidence leaves."""
        self.steps += 1
        self.pending, self.foreign = [], False
        opened, self.open = self.open, None
        params = self._params()
        if opened is None or params is None:   # parameters that are not the model's: said, not replayed
            self.last_marks = self.last_groups = None
            cls = type(self.recorder.setup.optimizer)
            self.out({"version": STEP_EVIDENCE_VERSION, "step": self.steps - 1,
                      "optimizer": f"{cls.__module__}.{cls.__qualname__}", "names": [], "groups": [],
                      "before_digest": "", "before": None, "grad": {}, "fresh": {}, "state": {}, "after": {},
                      "complete": False, "forwards": []})
            return
        if "grad" not in opened:   # a step(closure) whose post-hook gave no gradients
            opened.update(grad={}, fresh={}, complete=False, forwards=[])
        after = dict(params)
        opened["after"], self.last_digest = encode_and_digest(after)
        self.last_marks = self._state_marks(params)
        self.out(opened)
