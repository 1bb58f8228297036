"""Child-side observation of one train() call: hooks on the grader's own model, optimizer,
loaders and loss, turned into the typed records of grader/trace (the trace). Runs in the
student's process; the checks that judge these records run in the parent.

Guarantees: every forward of the model passed in is recorded, whether called as model(x) or
model.forward(x); every record carries the latest train-loader pass started before it, so
epochs can be told without relying on when a loader's iterator ends; every call of the given
loss (loss_fn(...) or loss_fn.forward(...)) records the value it returned and whether its
target came out of a .to(device) call.
"""
from __future__ import annotations

import weakref
from collections import OrderedDict

import torch
from torch.utils.data import DataLoader

from grader.job.observe import originals as o
from grader.job.observe import patches
from grader.job.observe import derivation
from grader.job.observe import production
from grader.job.observe import step_evidence  # noqa: F401  (the child's witness: imported before any student code)
from grader.protocol import MAX_EVENTS
from grader.trace.records import TRACE_VERSION, Forward, LoaderPass, LossCall, Step, Weights, to_dict
from grader.trace.weights import copy_tensor, plain_view
from grader.job.observe.frames import student_line


_dataloader_iter = o.dataloader_iter
# captured at import, before student code (like grader.job.observe.originals)
_register_step_post_hook = torch.optim.Optimizer.register_step_post_hook
_cpu_generator, _cuda_initialized = torch.default_generator, torch.cuda.is_initialized
# Facts about a tensor the submission handed over (a batch, an output, a target) come from torch's
# C-level accessors on the base class, never from the object's own attributes: a subclass's
# property (requires_grad), an instance attribute or __torch_function__ could lie or run code.
_Base = torch._C.TensorBase
_requires_grad, _tensor_base, _tensor_device = _Base.requires_grad.__get__, _Base._base.__get__, _Base.device.__get__
_tensor_dtype, _is_inference, _dim = _Base.dtype.__get__, _Base.is_inference, _Base.dim
_param_grad = _Base.grad.__get__
_no_torch_function = torch._C.DisableTorchFunction
# an nn.Module's / Optimizer's own attribute dict, through the base classes' C getters: past any
# __getattribute__, __getattr__ or __dict__ property a class the submission swapped in defines
_module_dict = torch.nn.Module.__dict__["__dict__"].__get__
_optimizer_dict = torch.optim.Optimizer.__dict__["__dict__"].__get__


def is_tensor(value) -> bool:
    """value's own type is a tensor type (not what its __class__ claims)."""
    return issubclass(type(value), torch.Tensor)


def leading(t) -> int:
    """Rows of a tensor (its first dimension; 0 for a scalar), read at C level."""
    with _no_torch_function():
        return int(_Base.shape.__get__(t)[0]) if _dim(t) else 0


def tensor_facts(t) -> tuple:
    """(requires_grad, is_inference, device type, dtype name, dim) of a tensor, read at C level."""
    with _no_torch_function():
        return (_requires_grad(t), _is_inference(t), _tensor_device(t).type,
                str(_tensor_dtype(t)).removeprefix("torch."), _dim(t))


class TensorMarks:
    """Tensors the recorder has marked (moved to the device, yielded by a loader), held by the
    recorder as id -> weak reference: nothing is set on the tensor, so a submission can neither
    set a mark itself nor find one to remove. An entry goes when its tensor dies (an id reused
    by a new tensor is not marked)."""

    def __init__(self):
        self._refs: dict[int, weakref.ref] = {}

    def add(self, t) -> None:
        refs, key = self._refs, id(t)

        def gone(ref, key=key):
            if refs.get(key) is ref:
                del refs[key]
        try:
            refs[key] = weakref.ref(t, gone)
        except TypeError:   # not weak-referenceable: not a tensor the grader made or served
            pass

    def has(self, t) -> bool:
        ref = self._refs.get(id(t))
        if ref is not None and ref() is t:
            return True
        with _no_torch_function():
            base = _tensor_base(t) if is_tensor(t) else None
        if base is None:
            return False
        ref = self._refs.get(id(base))
        return ref is not None and ref() is base


class ObservedLoader(DataLoader):
    """A DataLoader whose iteration reports passes and batches to a Recorder.

    Installed by swapping the class of the scenario's loader, so every attribute a student
    may read (dataset, batch_size, len()) is the real one.
    """

    def __iter__(self):
        recorder, role = self.__dict__["_grader_recorder"], self.__dict__["_grader_role"]
        if not recorder.active:
            yield from _dataloader_iter(self)
            return
        pass_index = recorder.start_pass(role, self)
        for batch_index, batch in enumerate(_dataloader_iter(self)):
            batch = derivation.served(batch)   # values computed from it stay known as unmoved
            recorder.on_batch(pass_index, batch_index, batch)
            yield batch
        recorder.end_pass(pass_index)


def same_loss(module, given) -> bool:
    """`module` is a copy of the loss passed in: its class, and every setting and buffer equal,
    the reduction aside (copy.copy(loss_fn) summed over a batch computes the same loss; a fresh
    instance that drops the given pos_weight or label_smoothing does not)."""
    if type(module) is not type(given):
        return False
    mine, theirs = vars(module), vars(given)
    if set(mine) != set(theirs):
        return False
    for key, value in theirs.items():
        if key in ("reduction", "training") or (key.startswith("_") and key not in ("_buffers", "_parameters")):
            continue
        other = mine[key]
        if key in ("_buffers", "_parameters"):
            if set(other) != set(value) or not all(
                    (a is None and b is None) or (is_tensor(a) and is_tensor(b) and a.shape == b.shape
                                                   and bool(torch.equal(a, b)))
                    for a, b in ((other[k], value[k]) for k in value)):
                return False
        elif is_tensor(value) or is_tensor(other):
            if not (is_tensor(value) and is_tensor(other) and value.shape == other.shape
                    and bool(torch.equal(value, other))):
                return False
        elif type(other) is not type(value) or other != value:
            return False
    return True


def _state(model) -> dict:
    """A copy of a module's state as its state_dict() gives it (the reference's own model)."""
    return {k: copy_tensor(v) for k, v in o.module_state_dict(model).items()}


def _read(tensors) -> dict:
    """Copies of the model's weight tensors (a WeightSlots, or a dict of tensors): no method of the
    model, no state-dict hook, nothing of the submission's runs while they are read."""
    held = tensors.current() if isinstance(tensors, WeightSlots) else tensors
    return {k: copy_tensor(v) for k, v in held.items()}


class WeightSlots:
    """The model's weights by state_dict name, located before train(): each name's owning module
    (by identity), its table (_parameters or _buffers) and key, and the tensor there then. Read,
    a slot gives the tensor the module holds now, through nn.Module's own __dict__ getter and plain
    dict lookups (a parameter replaced by load_state_dict(..., assign=True) or by `layer.weight =
    nn.Parameter(...)` is followed); a slot that holds no tensor any more gives the one captured."""

    def __init__(self, model, captured: dict):
        self.slots = {}
        for name, tensor in captured.items():
            path = name.split(".")
            owner, key = model, path[-1]
            for part in path[:-1]:
                owner = (_module_dict(owner).get("_modules") or {}).get(part)
                if owner is None:
                    break
            tables = [t for t in ("_parameters", "_buffers")
                      if owner is not None and (_module_dict(owner).get(t) or {}).get(key) is tensor]
            self.slots[name] = (owner, tables[0] if tables else None, key, tensor)

    def current(self) -> dict:
        out = {}
        for name, (owner, table, key, captured) in self.slots.items():
            held = _module_dict(owner).get(table) if table is not None else None
            now = dict.get(held, key) if isinstance(held, dict) else None
            out[name] = now if is_tensor(now) else captured
        return out

    def items(self):
        return self.current().items()


def _max_abs_diff(a: dict, b: dict) -> float:
    worst = 0.0
    for k, v in a.items():
        w = b.get(k)
        if w is None or w.shape != v.shape:
            return float("inf")
        if v.is_floating_point():
            d = float((v.double() - w.double()).abs().max()) if v.numel() else 0.0
            # NaN weights (an overflow applied) are not known to be equal: max(0.0, nan) would say 0.0,
            # and the parent would read a restored snapshot that its digest then contradicts
            worst = float("inf") if d != d else max(worst, d)
    return worst


class _InertHooks:
    """What a pickled Recorder becomes: every hook a no-op (a model saved with torch.save and
    loaded again carries our hooks as bound methods; they must neither fail nor observe)."""

    def __getattr__(self, name):
        return _no_op


def _no_op(*args, **kwargs):
    return None


def _inert_hooks() -> _InertHooks:
    return _InertHooks()


class Recorder:
    """One train() call's observer. Hooks fire only for the objects passed in: a deep copy of
    the model (a checkpoint) shares this recorder but is not observed, and pickling the model
    (torch.save(model)) stores inert hooks instead of the recorder."""

    def __deepcopy__(self, memo):
        # copy.deepcopy(model) copies the hooks' bound methods, hence their recorder: keep one
        return self

    def __reduce__(self):
        return (_inert_hooks, ())

    def __init__(self, setup, device: str, student_files: set[str]):
        self.setup = setup
        self.model = setup.model
        self.device_type = torch.device(device).type
        self.student_files = student_files
        self.active = False
        self.passes: list[LoaderPass] = []
        self.forwards: list[Forward] = []
        self.steps: list[Step] = []
        self.loss_calls: list[LossCall] = []
        self.other_forwards = 0
        self.snapshots: list[tuple[int, dict]] = []   # (forward index, weights)
        self.current: tuple[int, int] | None = None   # (loader pass, batch) being consumed
        self.train_pass: int | None = None            # latest train-loader pass started
        self.stepped_passes: set[int] = set()         # train passes steps were attributed to
        self.last_output = None
        self.last_forward: int | None = None          # index of the forward that made last_output
        self.in_call = 0                              # depth of model.__call__ in progress
        self.in_given_loss = 0
        self.in_loss_copy = 0                         # depth of a copy of loss_fn's call in progress
        self.own_loss = False                         # the grader's own recomputation is running
        self.given_loss_calls = 0
        self.given_start = 0
        self.steps_at_snapshot = 0
        self.closure_step = False                     # a step(closure) is running: judged after it
        self.contrib: dict[int, torch.Tensor] = {}
        self.hook_calls: dict[int, int] = {}
        # the step evidence the parent replays (grader.job.observe.step_evidence), where the child streams it
        self.witness = None
        self.params = list(o.module_parameters(setup.model))
        # the weights as the tensors themselves, taken now, before train(): every later read of
        # the model's weights (snapshots, the returned weights) reads these (grader.trace.weights)
        self.tensors = WeightSlots(setup.model, dict(o.module_state_dict(setup.model, keep_vars=True)))
        self.moved, self.served = TensorMarks(), TensorMarks()   # marks the recorder owns
        self.handles = []
        self.forward_patches = []                     # [(class, had its own forward, original)]
        self.loss_fn = setup.loss_fn.__class__()  # our own instance: the student's may be wrapped

    # ---- wiring -------------------------------------------------------------------------
    def attach(self) -> None:
        s = self.setup
        for loader, role in ((s.train_loader, "train"), (s.val_loader, "val")):
            loader.__class__ = ObservedLoader
            loader.__dict__["_grader_recorder"] = self
            loader.__dict__["_grader_role"] = role
        self.handles.append(o.register_forward_pre_hook(s.model, self.on_call_enter))
        self.handles.append(o.register_forward_hook(s.model, self.on_forward, always_call=True))
        self.handles.append(o.register_forward_pre_hook(s.loss_fn, self.on_given_loss_enter))
        self.handles.append(o.register_forward_hook(s.loss_fn, self.on_given_loss_exit, always_call=True))
        self.handles.append(o.register_step_pre_hook(s.optimizer, self.on_step))
        self.handles.append(_register_step_post_hook(s.optimizer, self.on_step_done))
        for i, p in enumerate(self.params):
            self.handles.append(o.tensor_register_hook(p, self._grad_hook(i)))
        self._patch_forward()
        # the production-loop exercises' extra observation (grader/job/observe/production.py), if asked
        self.production = production.attach_if_wanted(s, self)
        self.initial = _read(self.tensors)
        self._index_rows()
        patches.set_recorder(self)
        self.active = True

    def detach(self) -> None:
        self.active = False
        patches.set_recorder(None)
        for h in self.handles:
            h.remove()
        self.handles.clear()
        self._unpatch_forward()
        if getattr(self, "production", None) is not None:
            self.production.detach()

    def _patch_forward(self) -> None:
        """Observe model.forward(x) and loss_fn.forward(out, y) too: they bypass __call__ and so
        the hooks. The model's and the loss's classes get a forward that records calls on the
        objects passed in made outside __call__ (restored on detach; other instances of the
        classes, a checkpoint copy or the grader's own loss, pass straight through)."""
        recorder = self

        def on_model(module, args, kwargs, call):
            if module is recorder.model and recorder.active and recorder.in_call == 0 and recorder.witness:
                recorder.witness.before_forward()
            out = call()
            if module is recorder.model and recorder.active and recorder.in_call == 0:
                recorder.record_forward(args, out, direct=True)
            return out

        def on_loss(module, args, kwargs, call):
            if (module is not recorder.setup.loss_fn and recorder.active
                    and same_loss(module, recorder.setup.loss_fn)):
                # copy.copy(loss_fn) with reduction="sum", say: the loss passed in, summed
                recorder.in_loss_copy += 1
                try:
                    return call()
                finally:
                    recorder.in_loss_copy = max(0, recorder.in_loss_copy - 1)
            if module is not recorder.setup.loss_fn or not recorder.active or recorder.in_given_loss:
                return call()
            # a direct loss_fn.forward(...) call: the same record as through the hooks
            recorder.on_given_loss_enter(module, args)
            try:
                out = call()
            except BaseException:
                recorder.in_given_loss = max(0, recorder.in_given_loss - 1)
                raise
            recorder.on_given_loss_exit(module, args, out)
            return out

        self._wrap_forward(type(self.model), on_model)
        if type(self.setup.loss_fn) is not type(self.model):
            self._wrap_forward(type(self.setup.loss_fn), on_loss)

    def _wrap_forward(self, cls, observe) -> None:
        own = "forward" in cls.__dict__
        original = cls.__dict__["forward"] if own else cls.forward

        def forward(module, *args, **kwargs):
            return observe(module, args, kwargs, lambda: original(module, *args, **kwargs))
        forward.__wrapped__ = original
        self.forward_patches.append((cls, own, original))
        cls.forward = forward

    def _unpatch_forward(self) -> None:
        for cls, own, original in reversed(self.forward_patches):
            if own:
                cls.forward = original
            else:
                delattr(cls, "forward")
        self.forward_patches.clear()

    def hooks_intact(self) -> bool:
        """Our hooks are still registered where we put them (a submission may clear them)."""
        s = self.setup
        # read past the objects' classes (a model whose class the submission swapped for one with
        # __getattribute__ would otherwise run its code here, after train() returned)
        hooks = _module_dict(s.model).get("_forward_hooks")
        steps = _optimizer_dict(s.optimizer).get("_optimizer_step_pre_hooks")
        return (type(hooks) is OrderedDict and bool(hooks) and type(steps) is OrderedDict and bool(steps)
                and all(type(l) is ObservedLoader for l in (s.train_loader, s.val_loader)))

    def student_line(self):
        return student_line(self.student_files)

    # ---- loaders ------------------------------------------------------------------------
    def start_pass(self, role: str, loader) -> int:
        index = len(self.passes)
        if role == "train":
            # Batch order and dropout masks depend only on how many epochs have trained (train
            # passes that steps were attributed to, however late), not on peeks, extra
            # evaluation passes or randomness the student's code used.
            trained = len(self.stepped_passes)
            if hasattr(loader.sampler, "epoch"):
                loader.sampler.epoch = trained
            seed = self.setup.dropout_seed + trained
            if self.device_type == "cpu" and not _cuda_initialized():
                # torch.manual_seed would also queue seeds for CUDA/XPU that run only if they ever
                # start, formatting the stack to do so (2.6% of a job's CPU): the CPU's alone
                _cpu_generator.manual_seed(seed)
            else:
                o.manual_seed(seed)
            self.train_pass = index
        self.passes.append(LoaderPass(role=role))
        return index

    def on_batch(self, pass_index: int, batch_index: int, batch) -> None:
        x = batch[0] if isinstance(batch, (list, tuple)) else batch
        self.passes[pass_index].batches.append(int(len(x)))
        self.current = (pass_index, batch_index)
        # the loader's own tensors: a loss target that is one of them never went to the device
        for t in (batch if isinstance(batch, (list, tuple)) else [batch]):
            if is_tensor(t):
                self.served.add(t)

    def end_pass(self, pass_index: int) -> None:
        self.passes[pass_index].complete = True
        self.current = None

    def _index_rows(self) -> None:
        """Row bytes -> (role, index), so any forward's input can be traced to the train or
        validation data however the submission assembled it (loader batches, a concatenated
        validation set, ...), and scored against the right targets."""
        self.rows, self.targets, self.sizes = {}, {}, {}
        for role, loader in (("train", self.setup.train_loader), ("val", self.setup.val_loader)):
            x, y = loader.dataset.tensors[:2]
            for i, row in enumerate(x.detach().float().contiguous().numpy()):
                self.rows[row.tobytes()] = (role, i)
            self.targets[role], self.sizes[role] = y, len(x)
        self.n_features = x.shape[1]

    def _rows_of(self, x) -> tuple[str, list[int]]:
        with _no_torch_function():
            shape = tuple(_Base.shape.__get__(x))
        if len(shape) != 2 or shape[1] != self.n_features:
            return "other", []
        found = [self.rows.get(r.tobytes()) for r in plain_view(x).float().numpy()]
        roles = {f[0] if f else None for f in found}
        if len(roles) != 1 or None in roles:
            return ("mixed" if roles - {None} else "other"), []
        return roles.pop(), [f[1] for f in found]

    def on_tensor_moved(self, tensor, device) -> bool:
        """Called by the patched Tensor.to/.cuda before a data tensor is sent to `device`:
        True if it is going to the requested device (the caller then remembers the result)."""
        return (device is not None and torch.device(device).type == self.device_type
                and is_tensor(tensor) and not _requires_grad(tensor)
                and not isinstance(tensor, torch.nn.Parameter))

    def remember_moved(self, tensor) -> None:
        self.moved.add(tensor)

    def was_moved(self, x) -> bool:
        """x, or the tensor x is a view of, came out of a .to(device) call."""
        return self.moved.has(x)

    def from_loader(self, x) -> bool:
        """x, or the tensor x is a view of, is a tensor the loader yielded, or x was computed from
        one without a move to the device (grader/job/observe/derivation.py)."""
        return self.served.has(x) or derivation.unmoved(x)

    # ---- model --------------------------------------------------------------------------
    def on_call_enter(self, module, args) -> None:
        if module is self.model:
            if self.in_call == 0 and self.active and self.witness is not None:
                self.witness.before_forward()   # the dropout draws' generator state, before any
            self.in_call += 1

    def on_forward(self, module, args, output) -> None:
        if module is not self.model:   # a deep copy of the model (a checkpoint), not observed
            return
        self.in_call = max(0, self.in_call - 1)
        if self.active and self.in_call == 0:
            self.record_forward(args, output, direct=False)

    def record_forward(self, args, output, direct: bool) -> None:
        self.last_output = output
        self.last_forward = None
        x = args[0] if args and is_tensor(args[0]) else None
        if x is None:
            self.other_forwards += 1
            return
        role, idx = self._rows_of(x)
        if role == "val" and len(self.steps) > self.steps_at_snapshot:
            # the first validation forward after some training: the weights this epoch is judged on
            self.snapshots.append((len(self.forwards), _read(self.tensors)))
            self.steps_at_snapshot = len(self.steps)
        modes = [m.training for m in o.module_modules(self.model)]
        pass_index, batch_index = self.current if self.current else (None, None)
        x_facts = tensor_facts(x)
        out_facts = tensor_facts(output) if is_tensor(output) else None
        rec = Forward(
            role=role, n=leading(x), isum=sum(idx), isq=sum(i * i for i in idx),
            training=all(modes), any_training=any(modes),
            # what the output is says what the forward did, whatever a hook run between it and
            # this one set the modes to: an output that requires grad built a graph, one that is
            # not an inference tensor was not made in inference mode
            grad=o.is_grad_enabled() or (out_facts is not None and out_facts[0]),
            inference=o.is_inference_mode_enabled() and not (out_facts is not None and not out_facts[1]),
            # the model got a tensor that was sent to the device (not the loader's original)
            moved=self.was_moved(x), device=x_facts[2], loader_tensor=self.from_loader(x),
            loader_pass=pass_index, batch=batch_index, train_pass=self.train_pass, direct=direct,
            line=self.student_line(),
            # the precision the output was computed in (bfloat16 under autocast): the parent
            # recomputes this forward's validation figures in the same precision
            out_dtype=out_facts[3] if out_facts is not None else None,
        )
        if idx and out_facts is not None:
            y = self.targets[role][torch.tensor(idx)]
            with o.no_grad():
                out = plain_view(output).float()
                self.own_loss = True   # not a loss call of the student's
                try:
                    rec.loss = float(self.loss_fn(out, self.setup.target(y)))
                except Exception:  # an output shape the loss does not take: the loss is unknowable
                    rec.loss = None
                finally:
                    self.own_loss = False
                if self.setup.count_correct is not None:
                    try:
                        rec.correct = self.setup.count_correct(out, y)
                    except Exception:
                        rec.correct = None
        self.forwards.append(rec)
        self.last_forward = len(self.forwards) - 1
        if self.witness is not None:
            self.witness.on_forward(self.last_forward, role, idx, rec.training, x, output)

    # ---- loss ---------------------------------------------------------------------------
    def on_given_loss_enter(self, module, args):
        if module is not self.setup.loss_fn:
            return
        self.in_given_loss += 1
        self.given_loss_calls += 1
        self.given_start = len(self.loss_calls)

    def on_given_loss_exit(self, module, args, output):
        """The given loss returned: note its value and where its target came from on the
        loss calls it made (one record if it made none we saw)."""
        if module is not self.setup.loss_fn:
            return
        self.in_given_loss = max(0, self.in_given_loss - 1)
        if not self.active:
            return
        calls = self.loss_calls[self.given_start:]
        if not calls:
            input = args[0] if args else None
            self.on_loss_call(type(module).__name__, input)
            calls = self.loss_calls[-1:]
        target = args[1] if len(args) > 1 else None
        value = None
        if is_tensor(output):
            plain = plain_view(output)
            value = float(plain.float().reshape(-1)[0]) if plain.numel() == 1 else None
        for c in calls:
            c.given = True
            c.value = value
            if is_tensor(target):
                c.target_device = tensor_facts(target)[2]
                c.target_moved = True if self.was_moved(target) else (False if self.from_loader(target) else None)

    def on_loss_call(self, fn_name: str, input) -> None:
        if self.own_loss:
            return
        pass_index, batch_index = self.current if self.current else (None, None)
        kind = self.classify_loss_input(input)
        linked = kind in ("logits", "softmax", "log_softmax", "sigmoid")
        self.loss_calls.append(LossCall(
            fn=fn_name, input=kind, given=self.in_given_loss > 0, grad=o.is_grad_enabled(),
            in_copy=self.in_loss_copy > 0,
            forward=self.last_forward if linked else None,
            n=leading(input) if is_tensor(input) else 0,
            loader_pass=pass_index, batch=batch_index, line=self.student_line()))

    def classify_loss_input(self, input) -> str:
        """What the loss was fed, relative to the model's latest output."""
        last = self.last_output
        if not is_tensor(input) or not is_tensor(last):
            return "unknown"
        if input is last:
            return "logits"
        with o.no_grad():
            a, out = plain_view(input).float(), plain_view(last).float()
            if a.numel() != out.numel():
                return "other"
            a = a.reshape(-1)

            def same(t):
                return torch.allclose(a, t.reshape(-1), rtol=1e-4, atol=1e-6)
            if same(out):
                return "logits"
            if out.dim() == 2 and out.shape[1] > 1:
                if same(torch.softmax(out, dim=1)):
                    return "softmax"
                if same(torch.log_softmax(out, dim=1)):
                    return "log_softmax"
            if same(torch.sigmoid(out)):
                return "sigmoid"
            return "other"

    # ---- gradients and steps ------------------------------------------------------------
    def _grad_hook(self, index: int):
        def hook(grad):
            if self.active:
                g = grad.detach()
                prev = self.contrib.get(index)
                self.contrib[index] = g.clone() if prev is None else prev + g
                self.hook_calls[index] = self.hook_calls.get(index, 0) + 1
            return None
        return hook

    def on_step(self, optimizer, args, kwargs) -> None:
        """Before step(): judge the gradients it is about to use. With step(closure) the closure
        computes them inside step(), so the judging waits for on_step_done."""
        if not self.active or optimizer is not self.setup.optimizer:
            return
        # torch passes step()'s own arguments, the optimizer first: (optimizer, closure?)
        closure = args[1] if len(args) > 1 else kwargs.get("closure")
        self.closure_step = closure is not None
        if self.witness is not None:
            self.witness.before_step(self.fresh_by_name(), self.closure_step)
        if not self.closure_step:
            self._record_step(closure=False)

    def on_step_done(self, optimizer, args, kwargs) -> None:
        if self.active and self.witness is not None and optimizer is self.setup.optimizer:
            if self.closure_step:   # the closure's gradients, computed inside step()
                self.witness.take_gradients(self.fresh_by_name())
            self.witness.after_step()
        if self.active and self.closure_step and optimizer is self.setup.optimizer:
            self.closure_step = False
            self._record_step(closure=True)

    def fresh_by_name(self) -> dict:
        """This step's backwards' sum per parameter (the `fresh` of a Step record), by weight name."""
        names = {id(slot[3]): name for name, slot in self.tensors.slots.items()}
        return {names.get(id(p), f"param{i}"): self.contrib[i] for i, p in enumerate(self.params) if i in self.contrib}

    def restart_contributions(self) -> None:
        """What the next step's gradients are judged against starts again here (a GradScaler skipped
        an update and .grad was cleared: grader.job.observe.production)."""
        self.contrib.clear()
        self.hook_calls.clear()
        if self.witness is not None:
            self.witness.restart()

    def _record_step(self, closure: bool) -> None:
        grads, fresh = [], []
        for i, p in enumerate(self.params):
            c = self.contrib.get(i)
            g = _param_grad(p)
            if g is None and c is None:
                continue
            ref = c if c is not None else g
            grads.append((plain_view(g) if g is not None else torch.zeros_like(ref)).double().reshape(-1))
            fresh.append((c if c is not None else torch.zeros_like(ref)).double().reshape(-1))
        rec = Step(train_pass=self.train_pass, backwards=max(self.hook_calls.values(), default=0),
                   grad_norm=0.0, fresh_norm=0.0, scale=0.0, residual=0.0,
                   loader_pass=self.current[0] if self.current else None,
                   batch=self.current[1] if self.current else None,
                   closure=closure, line=self.student_line())
        if grads:
            G, C = torch.cat([t.cpu() for t in grads]), torch.cat([t.cpu() for t in fresh])
            gn, cn = float(G.norm()), float(C.norm())
            # Gradients may be a scaled copy of this step's backward (clipping); anything else in
            # them came from backwards before the previous step, i.e. was never cleared.
            rec.scale = float(G @ C / (C @ C)) if cn > 0 else 0.0
            rec.residual = float((G - rec.scale * C).norm() / gn) if gn > 0 else 0.0
            rec.grad_norm, rec.fresh_norm = gn, cn
        self.steps.append(rec)
        if self.train_pass is not None:
            self.stepped_passes.add(self.train_pass)
        self.contrib.clear()
        self.hook_calls.clear()

    # ---- after train() returns ----------------------------------------------------------
    def finish(self) -> dict:
        """Where the returned model's weights came from, and how good they are."""
        self.active = False
        # read once: the distances here and the weights the parent gets (journal.seal) are the
        # same numbers, whatever a thread of the submission's does to the tensors meanwhile
        final = self.final = _read(self.tensors)
        return to_dict(Weights(
            snapshot_forwards=[f for f, _ in self.snapshots],
            final_distance=[_max_abs_diff(final, s) for _, s in self.snapshots],
            initial_distance=_max_abs_diff(final, self.initial),
            snapshot_gaps=[_max_abs_diff(a, b) for (_, a), (_, b) in zip(self.snapshots, self.snapshots[1:])],
        ))

    def evaluate(self) -> dict:
        """The grader's own validation of the returned model (eval mode, no autograd)."""
        s = self.setup
        model, was_active = s.model, self.active
        self.active = False
        o.module_train(model, False)
        total, correct, n = 0.0, 0, 0
        with o.no_grad():
            for x, y in _dataloader_iter(s.val_loader):
                out = model(x.to(next(o.module_parameters(model)).device)).float().cpu()
                total += float(self.loss_fn(out, s.target(y))) * len(x)
                if s.count_correct is not None:
                    correct += s.count_correct(out, y)
                n += len(x)
        self.active = was_active
        result = {"val_loss": total / n}
        if s.count_correct is not None:
            result["val_acc"] = correct / n
        return result

    def records(self) -> dict:
        """The observed records as plain data, stamped with the trace version."""
        events = (self.passes, self.forwards, self.steps, self.loss_calls)
        dropped = sum(max(0, len(kind) - MAX_EVENTS) for kind in events)
        return {
            "trace_version": TRACE_VERSION, "events_dropped": dropped,
            "passes": [to_dict(p) for p in self.passes[:MAX_EVENTS]],
            "forwards": [to_dict(f) for f in self.forwards[:MAX_EVENTS]],
            "steps": [to_dict(s) for s in self.steps[:MAX_EVENTS]],
            "loss_calls": [to_dict(c) for c in self.loss_calls[:MAX_EVENTS]],
            "given_loss_calls": self.given_loss_calls, "other_forwards": self.other_forwards, "sizes": self.sizes,
            "production": production.record(getattr(self, "production", None)),
        }
