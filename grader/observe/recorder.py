"""Child-side observation of one train() call: hooks on the grader's own model, optimizer,
loaders and loss, turned into plain records (the trace). Runs in the student's process;
the checks that judge these records run in the parent.
"""
from __future__ import annotations

import sys

import torch
from torch.utils.data import DataLoader

from grader.observe import originals as o
from grader.observe import patches

_dataloader_iter = o.dataloader_iter


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
            recorder.on_batch(pass_index, batch_index, batch)
            yield batch
        recorder.end_pass(pass_index)


def _state(model) -> dict:
    return {k: v.detach().to("cpu", copy=True) for k, v in o.module_state_dict(model).items()}


def _max_abs_diff(a: dict, b: dict) -> float:
    worst = 0.0
    for k, v in a.items():
        w = b.get(k)
        if w is None or w.shape != v.shape:
            return float("inf")
        if v.is_floating_point():
            worst = max(worst, float((v.double() - w.double()).abs().max()) if v.numel() else 0.0)
    return worst


class Recorder:
    def __init__(self, setup, device: str, student_files: set[str]):
        self.setup = setup
        self.device_type = torch.device(device).type
        self.student_files = student_files
        self.active = False
        self.passes: list[dict] = []
        self.forwards: list[dict] = []
        self.steps: list[dict] = []
        self.loss_calls: list[dict] = []
        self.other_forwards = 0
        self.snapshots: list[tuple[int, dict]] = []   # (forward index, weights)
        self.current: tuple[int, int] | None = None
        self.last_output = None
        self.in_given_loss = 0
        self.given_loss_calls = 0
        self.steps_at_snapshot = 0
        self.contrib: dict[int, torch.Tensor] = {}
        self.hook_calls: dict[int, int] = {}
        self.params = list(o.module_parameters(setup.model))
        self.handles = []
        self.loss_fn = setup.loss_fn.__class__()  # our own instance: the student's may be wrapped

    # ---- wiring -------------------------------------------------------------------------
    def attach(self) -> None:
        s = self.setup
        for loader, role in ((s.train_loader, "train"), (s.val_loader, "val")):
            loader.__class__ = ObservedLoader
            loader.__dict__["_grader_recorder"] = self
            loader.__dict__["_grader_role"] = role
        self.handles.append(o.register_forward_hook(s.model, self.on_forward))
        self.handles.append(o.register_forward_pre_hook(s.loss_fn, self.on_given_loss_enter))
        self.handles.append(o.register_forward_hook(s.loss_fn, self.on_given_loss_exit))
        self.handles.append(o.register_step_pre_hook(s.optimizer, self.on_step))
        for i, p in enumerate(self.params):
            self.handles.append(o.tensor_register_hook(p, self._grad_hook(i)))
        self.initial = _state(s.model)
        self._index_rows()
        patches.set_recorder(self)
        self.active = True

    def detach(self) -> None:
        self.active = False
        patches.set_recorder(None)
        for h in self.handles:
            h.remove()
        self.handles.clear()

    def hooks_intact(self) -> bool:
        """Our hooks are still registered where we put them (a submission may clear them)."""
        s = self.setup
        return (bool(s.model._forward_hooks) and bool(s.optimizer._optimizer_step_pre_hooks)
                and all(type(l) is ObservedLoader for l in (s.train_loader, s.val_loader)))

    def student_line(self):
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename in self.student_files:
                return [frame.f_code.co_filename, frame.f_lineno]
            frame = frame.f_back
        return None

    # ---- loaders ------------------------------------------------------------------------
    def start_pass(self, role: str, loader) -> int:
        if role == "train":
            # Batch order and dropout masks depend only on how many epochs have trained, not on
            # peeks, extra evaluation passes or randomness the student's code used.
            trained = sum(1 for p in self.passes if p["role"] == "train" and p["steps"] > 0)
            if hasattr(loader.sampler, "epoch"):
                loader.sampler.epoch = trained
            o.manual_seed(self.setup.dropout_seed + trained)
        self.passes.append({"role": role, "batches": [], "complete": False, "steps": 0})
        return len(self.passes) - 1

    def on_batch(self, pass_index: int, batch_index: int, batch) -> None:
        x = batch[0] if isinstance(batch, (list, tuple)) else batch
        self.passes[pass_index]["batches"].append(int(len(x)))
        self.current = (pass_index, batch_index)

    def end_pass(self, pass_index: int) -> None:
        self.passes[pass_index]["complete"] = True
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
        if x.dim() != 2 or x.shape[1] != self.n_features:
            return "other", []
        found = [self.rows.get(r.tobytes()) for r in x.detach().float().cpu().contiguous().numpy()]
        roles = {f[0] if f else None for f in found}
        if len(roles) != 1 or None in roles:
            return ("mixed" if roles - {None} else "other"), []
        return roles.pop(), [f[1] for f in found]

    def on_tensor_moved(self, tensor, device) -> bool:
        """Called by the patched Tensor.to/.cuda before a data tensor is sent to `device`:
        True if it is going to the requested device (the caller then remembers the result)."""
        return (device is not None and torch.device(device).type == self.device_type
                and not tensor.requires_grad and not isinstance(tensor, torch.nn.Parameter))

    @staticmethod
    def remember_moved(tensor) -> None:
        tensor._grader_moved = True

    @staticmethod
    def was_moved(x) -> bool:
        """x, or the tensor x is a view of, came out of a .to(device) call."""
        return getattr(x, "_grader_moved", False) or (x._base is not None and getattr(x._base, "_grader_moved", False))

    # ---- model --------------------------------------------------------------------------
    def on_forward(self, module, args, output) -> None:
        if not self.active:
            return
        self.last_output = output
        x = args[0] if args and torch.is_tensor(args[0]) else None
        if x is None:
            self.other_forwards += 1
            return
        role, idx = self._rows_of(x)
        if role == "val" and len(self.steps) > self.steps_at_snapshot:
            # the first validation forward after some training: the weights this epoch is judged on
            self.snapshots.append((len(self.forwards), _state(self.setup.model)))
            self.steps_at_snapshot = len(self.steps)
        modes = [m.training for m in o.module_modules(module)]
        pass_index, batch_index = self.current if self.current else (None, None)
        rec = {
            "pass": pass_index, "batch": batch_index, "role": role, "n": int(x.shape[0]) if x.dim() else 0,
            "isum": sum(idx), "isq": sum(i * i for i in idx),
            "training": all(modes), "any_training": any(modes),
            "grad": o.is_grad_enabled(), "inference": o.is_inference_mode_enabled(),
            # the model got a tensor that was sent to the device (not the loader's original)
            "moved": self.was_moved(x),
            "device": x.device.type,
            "line": self.student_line(),
        }
        if idx and torch.is_tensor(output):
            y = self.targets[role][torch.tensor(idx)]
            with o.no_grad():
                out = output.detach().float().cpu()
                try:
                    rec["loss"] = float(self.loss_fn(out, self.setup.target(y)))
                except Exception:  # an output shape the loss does not take: the loss is unknowable
                    rec["loss"] = None
                if self.setup.count_correct is not None:
                    try:
                        rec["correct"] = self.setup.count_correct(out, y)
                    except Exception:
                        rec["correct"] = None
        self.forwards.append(rec)

    # ---- loss ---------------------------------------------------------------------------
    def on_given_loss_enter(self, module, args):
        self.in_given_loss += 1
        self.given_loss_calls += 1

    def on_given_loss_exit(self, module, args, output):
        self.in_given_loss -= 1

    def on_loss_call(self, fn_name: str, input) -> None:
        pass_index, batch_index = self.current if self.current else (None, None)
        self.loss_calls.append({
            "fn": fn_name, "pass": pass_index, "batch": batch_index,
            "input": self.classify_loss_input(input), "given": self.in_given_loss > 0,
            "grad": o.is_grad_enabled(), "line": self.student_line(),
        })

    def classify_loss_input(self, input) -> str:
        """What the loss was fed, relative to the model's latest output."""
        last = self.last_output
        if not torch.is_tensor(input) or not torch.is_tensor(last):
            return "unknown"
        if input is last:
            return "logits"
        with o.no_grad():
            a, out = input.detach().float().cpu(), last.detach().float().cpu()
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
        if not self.active:
            return
        grads, fresh = [], []
        for i, p in enumerate(self.params):
            c = self.contrib.get(i)
            g = p.grad
            if g is None and c is None:
                continue
            ref = c if c is not None else g
            grads.append((g.detach() if g is not None else torch.zeros_like(ref)).double().reshape(-1))
            fresh.append((c if c is not None else torch.zeros_like(ref)).double().reshape(-1))
        rec = {"pass": self.current[0] if self.current else None,
               "batch": self.current[1] if self.current else None,
               "backwards": max(self.hook_calls.values(), default=0), "line": self.student_line()}
        if grads:
            G, C = torch.cat([t.cpu() for t in grads]), torch.cat([t.cpu() for t in fresh])
            gn, cn = float(G.norm()), float(C.norm())
            # Gradients may be a scaled copy of this step's backward (clipping); anything else in
            # them came from backwards before the previous step, i.e. was never cleared.
            scale = float(G @ C / (C @ C)) if cn > 0 else 0.0
            residual = float((G - scale * C).norm() / gn) if gn > 0 else 0.0
            rec.update(grad_norm=gn, fresh_norm=cn, scale=scale, residual=residual)
        else:
            rec.update(grad_norm=0.0, fresh_norm=0.0, scale=0.0, residual=0.0)
        self.steps.append(rec)
        if self.current:
            self.passes[self.current[0]]["steps"] += 1
        self.contrib.clear()
        self.hook_calls.clear()

    # ---- after train() returns ----------------------------------------------------------
    def finish(self) -> dict:
        """Where the returned model's weights came from, and how good they are."""
        self.active = False
        final = _state(self.setup.model)
        return {
            "snapshot_forwards": [f for f, _ in self.snapshots],
            "final_distance": [_max_abs_diff(final, s) for _, s in self.snapshots],
            "initial_distance": _max_abs_diff(final, self.initial),
            "snapshot_gaps": [_max_abs_diff(a, b) for (_, a), (_, b) in zip(self.snapshots, self.snapshots[1:])],
        }

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
        return {
            "passes": self.passes, "forwards": self.forwards, "steps": self.steps,
            "loss_calls": self.loss_calls, "given_loss_calls": self.given_loss_calls,
            "other_forwards": self.other_forwards, "sizes": self.sizes,
        }
