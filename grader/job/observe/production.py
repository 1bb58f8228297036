"""Child-side observation for the production-loop exercises (grad_accumulation, lr_schedule,
amp_clipping, experiment_tracking): which backward passes each optimizer step's gradients hold,
the factor each backward's loss was scaled by (1/N, or the GradScaler's scale), the learning rate
at each step, every scheduler.step() call and the schedule replayed on a twin, the autocast state
of each forward, one injected gradient overflow (with a GradScaler), and after train() the
tracker's rows and the writer's calls (grader/job/observe/tracking.py). Attached by the Recorder when
the scenario passes one of ASKS; nothing here judges.

Guarantees: every backward that reaches the model's parameters is one Backward record, in
order, with the gradient the given loss's output received (a hook on that output sees it as
its incoming gradient: 1/N for `(loss / N).backward()`); a backward that starts while every
parameter's .grad is None or zero marks the earlier backwards as cleared, so a step's `live`
list holds exactly the backwards its .grad is made of (whatever clears it: zero_grad,
set_to_none, p.grad = None).
"""
from __future__ import annotations

import copy
import warnings

import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau

from grader.job.observe import originals as o
from grader.job.observe import tracking
from grader.trace.production import AutocastForward, Backward, Production, ProductionStep, SchedulerCall
from grader.trace.records import to_dict

ASKS = ("accum_steps", "scheduler", "scaler", "tracker")   # scenario keyword arguments that switch this observer on


def wanted(setup) -> bool:
    """The scenario passes train() an argument this observer exists for."""
    return any(k in (setup.kwargs or {}) for k in ASKS)


class ProductionObserver:
    def __init__(self, setup, recorder):
        self.setup, self.recorder = setup, recorder
        self.params = list(o.module_parameters(setup.model))
        self.backwards: list[Backward] = []
        self.steps: list[ProductionStep] = []
        self.live: list[int] = []                 # backwards whose gradients .grad holds now
        self.parts: dict[int, list] = {}          # backward index -> its gradient per parameter
        self.seen: set[int] = set()               # parameters the open backward already reached
        self.open: int | None = None              # the backward in progress
        self.handles = []
        self.scheduler_calls: list[SchedulerCall] = []
        self.schedule: list[float] | None = None
        self.scheduler_patch = None               # (the class defining step, its original step)
        self.autocast: list[AutocastForward] = []
        self.inner_autocast: tuple[bool, str] | None = None   # autocast as the model's submodules saw it
        self.device_type = torch.device(recorder.device_type).type
        # with a GradScaler, one backward's gradient is made to overflow: a correct loop skips that update
        self.inject_at = len(setup.train_loader) + 2 if "scaler" in (setup.kwargs or {}) else None
        self.injected: int | None = None
        self.epoch_states: dict[int, dict] = {}   # epochs trained -> weights at that epoch's validation
        self.tracking: tracking.Watch | None = None   # files and sqlite3 connections (experiment_tracking)

    # ---- wiring -------------------------------------------------------------------------
    def attach(self) -> None:
        self.handles.append(o.register_forward_hook(self.setup.loss_fn, self._on_loss, always_call=True))
        for i, p in enumerate(self.params):
            self.handles.append(o.tensor_register_hook(p, self._param_hook(i)))
        self.handles.append(o.register_step_pre_hook(self.setup.optimizer, self._on_step))
        if "scaler" in (self.setup.kwargs or {}) or "tracker" in (self.setup.kwargs or {}):
            self.handles.append(o.register_forward_hook(self.setup.model, self._on_forward, always_call=True))
            # autocast entered inside the model's forward (`model.forward = torch.autocast(...)(model.forward)`,
            # the AMP examples' decorator recipe) is off at the model's own hooks but on for every layer:
            # its submodules' pre-hooks see the state the forward's computation really ran under
            self.handles.append(o.register_forward_pre_hook(self.setup.model, self._reset_inner_autocast))
            for sub in list(o.module_modules(self.setup.model))[1:]:
                self.handles.append(o.register_forward_pre_hook(sub, self._on_inner_forward))
        scheduler = (self.setup.kwargs or {}).get("scheduler")
        if scheduler is not None:
            # before training: the schedule a correct cadence follows, from a copy
            n = self.setup.epochs * len(self.setup.train_loader) + 8
            self.schedule = replay(scheduler, self.setup.optimizer, n)
            self._patch_scheduler(scheduler)
        if "tracker" in (self.setup.kwargs or {}):
            # the places are listed and the connection watch armed here, just before train() is called
            self.tracking = tracking.Watch(self.setup.kwargs, self.recorder.student_files,
                                           tracking.stream_of(self.recorder))

    def detach(self) -> None:
        for h in self.handles:
            h.remove()
        self.handles.clear()
        if self.scheduler_patch is not None:
            owner, original = self.scheduler_patch
            setattr(owner, "step", original)
            self.scheduler_patch = None

    def _patch_scheduler(self, scheduler) -> None:
        """Record every step() of this scheduler instance however it is called:
        scheduler.step(...), or through its class (ReduceLROnPlateau.step(scheduler, val_loss),
        type(scheduler).step(scheduler)), or a bound method taken inside train(). The class that
        defines step() (the first in the MRO) gets a wrapper that records the outermost call
        whose self is this scheduler and passes every other instance straight through;
        restored on detach."""
        owner = next((c for c in type(scheduler).__mro__ if "step" in c.__dict__), None)
        if owner is None or owner is object:
            return
        original = owner.__dict__["step"]
        observer, depth = self, [0]

        def step(self_, *args, **kwargs):
            if self_ is not scheduler or depth[0]:
                return original(self_, *args, **kwargs)
            if observer.recorder.active:
                # ReduceLROnPlateau.step(metrics, epoch=None): the metric is the first argument
                observer._on_scheduler_step(args[0] if args else kwargs.get("metrics"))
            depth[0] += 1
            try:
                return original(self_, *args, **kwargs)
            finally:
                depth[0] -= 1
        step.__wrapped__ = original
        step.__name__, step.__qualname__, step.__doc__ = "step", getattr(original, "__qualname__", "step"), \
            getattr(original, "__doc__", None)
        setattr(owner, "step", step)
        self.scheduler_patch = (owner, original)

    def _on_scheduler_step(self, metric) -> None:
        kind, value = "none", None
        if metric is not None:
            kind = "tensor" if torch.is_tensor(metric) else type(metric).__name__
            try:
                value = float(metric.detach().float().reshape(-1)[0]) if torch.is_tensor(metric) else float(metric)
            except (TypeError, ValueError, IndexError, RuntimeError):
                value = None
        self.scheduler_calls.append(SchedulerCall(
            train_pass=self.recorder.train_pass, steps_before=len(self.steps), metric=value, metric_kind=kind,
            line=self.recorder.student_line()))

    # ---- backwards ----------------------------------------------------------------------
    def _where(self) -> tuple[int | None, int | None]:
        cur = self.recorder.current
        return self.recorder.train_pass, (cur[1] if cur else None)

    def _reset_inner_autocast(self, module, args) -> None:
        self.inner_autocast = None

    def _on_inner_forward(self, module, args) -> None:
        """A submodule of the model starts: keep the autocast state (enabled wins over disabled, so
        a layer run with `autocast(enabled=False)` inside an autocast forward does not hide it)."""
        state = (bool(torch.is_autocast_enabled(self.device_type)), str(torch.get_autocast_dtype(self.device_type)))
        if self.inner_autocast is None or (state[0] and not self.inner_autocast[0]):
            self.inner_autocast = state

    def _on_forward(self, module, args, output) -> None:
        # runs after the Recorder's own forward hook: its last forward is this one
        if self.recorder.active and self.recorder.in_call == 0 and self.recorder.last_forward is not None:
            trained = len(self.recorder.stepped_passes)
            if ("tracker" in self.setup.kwargs and trained and trained not in self.epoch_states
                    and self.recorder.forwards[self.recorder.last_forward].role == "val"):
                # the first validation forward after an epoch's training: the weights that epoch ended with
                self.epoch_states[trained] = {k: v.detach().to("cpu", copy=True)
                                              for k, v in o.module_state_dict(self.setup.model).items()}
            enabled = bool(torch.is_autocast_enabled(self.device_type))
            dtype = str(torch.get_autocast_dtype(self.device_type))
            if not enabled and self.inner_autocast is not None and self.inner_autocast[0]:
                enabled, dtype = self.inner_autocast
            self.autocast.append(AutocastForward(forward=self.recorder.last_forward, enabled=enabled, dtype=dtype))

    def _start_backward(self, scale: float | None, from_loss: bool = False, same_pass: bool = False) -> None:
        """A new backward begins: if .grad was cleared since the last one, nothing before it is live.
        same_pass: another loss of the autograd pass already under way (losses summed into one
        backward): it adds to what is live, whatever .grad holds, which nothing has reached yet."""
        cleared = not same_pass and all(p.grad is None or not bool(p.grad.detach().ne(0).any()) for p in self.params)
        if cleared:
            for b in self.live:   # their gradients are gone from .grad: forget them
                self.parts.pop(b, None)
            self.live = []
            if from_loss:
                # nor are they stale for the Recorder's zero_grad judgement (an update skipped on
                # overflow, an epoch's unstepped group cleared): its contributions restart here
                self.recorder.restart_contributions()
        train_pass, batch = self._where()
        self.backwards.append(Backward(train_pass=train_pass, batch=batch, loss_scale=scale, cleared_before=cleared))
        self.open = len(self.backwards) - 1
        self.parts[self.open] = [None] * len(self.params)
        self.live.append(self.open)
        self.seen = set()

    def _on_loss(self, module, args, output) -> None:
        # the loss's output receives d(what backward started from)/d(loss): the factor the loss was scaled by
        if self.recorder.active and torch.is_tensor(output) and output.requires_grad and output.numel() == 1:
            o.tensor_register_hook(output, self._loss_grad_hook)

    def _loss_grad_hook(self, grad):
        if self.recorder.active:
            # several micro-batch losses summed and back-propagated once: their hooks all fire before
            # any parameter's, so a loss reached while the open backward has reached no parameter
            # is one more micro-batch of the same pass (one backward per micro-batch never does this)
            same_pass = (self.open is not None and not self.seen
                         and self.backwards[self.open].loss_scale is not None)
            self._start_backward(float(grad.detach().float().reshape(-1)[0]), from_loss=True, same_pass=same_pass)
        return None

    def _param_hook(self, index: int):
        def hook(grad):
            if not self.recorder.active:
                return None
            # a backward not started from the given loss, or a second one reaching the same parameter
            if self.open is None or index in self.seen:
                self._start_backward(None)
            self.seen.add(index)
            part = self.parts[self.open]
            g = grad.detach().double().reshape(-1).cpu()
            part[index] = g if part[index] is None else part[index] + g
            if index == 0 and self.open == self.inject_at:
                # the injected overflow: this parameter's gradient holds an inf, as an fp16 overflow would
                self.injected = self.open
                bad = grad.detach().clone()
                bad.view(-1)[0] = float("inf")
                return bad
            return None
        return hook

    # ---- steps --------------------------------------------------------------------------
    def _on_step(self, optimizer, args, kwargs) -> None:
        if not self.recorder.active:
            return
        train_pass, batch = self._where()
        rec = ProductionStep(train_pass=train_pass, batch=batch, live=list(self.live),
                             line=self.recorder.student_line())
        try:
            rec.lr = float(optimizer.param_groups[0]["lr"])
        except (KeyError, IndexError, TypeError, ValueError):
            rec.lr = None
        held, unscaled = [], []
        for i, p in enumerate(self.params):
            u = None
            for b in self.live:
                part = self.parts.get(b, [None] * len(self.params))[i]
                if part is None:
                    continue
                s = self.backwards[b].loss_scale
                part = part / s if s else part
                u = part if u is None else u + part
            if p.grad is None and u is None:
                continue
            ref = u if u is not None else p.grad.detach().double().reshape(-1)
            held.append(p.grad.detach().double().reshape(-1).cpu() if p.grad is not None else torch.zeros_like(ref))
            unscaled.append(u if u is not None else torch.zeros_like(ref))
        if held:
            G, U = torch.cat(held), torch.cat(unscaled)
            rec.finite = bool(torch.isfinite(G).all())
            un = float(U.norm())
            rec.unscaled_norm = un
            if rec.finite:
                gn = float(G.norm())
                rec.grad_norm = gn
                rec.ratio = float(G @ U / (U @ U)) if un > 0 else 0.0
                rec.residual = float((G - rec.ratio * U).norm() / gn) if gn > 0 else 0.0
        for b in self.live:
            part = self.parts.get(b) or []
            self.backwards[b].norm = float(torch.cat([t for t in part if t is not None]).norm()) if any(
                t is not None for t in part) else 0.0
        self.steps.append(rec)
        # what the step used is no longer needed; the live list stays until .grad is seen cleared
        self.open = None

    # ---- the record ---------------------------------------------------------------------
    def production(self) -> Production:
        kwargs = self.setup.kwargs or {}
        accum, interval, scheduler = kwargs.get("accum_steps"), kwargs.get("interval"), kwargs.get("scheduler")
        return Production(backwards=self.backwards, steps=self.steps,
                          accum_steps=accum if isinstance(accum, int) else None,
                          scheduler=type(scheduler).__name__ if scheduler is not None else None,
                          interval=interval if isinstance(interval, str) else None,
                          scheduler_calls=self.scheduler_calls, schedule=self.schedule,
                          max_norm=float(kwargs["max_norm"]) if isinstance(kwargs.get("max_norm"), (int, float)) else None,
                          amp_dtype=str(kwargs["amp_dtype"]) if kwargs.get("amp_dtype") is not None else None,
                          injected=self.injected, autocast=self.autocast, scaler_used=scaler_used(kwargs.get("scaler")),
                          **self._tracking(kwargs))

    def _tracking(self, kwargs: dict) -> dict:
        """The tracker's rows, the writer's calls, the files and connections left (after train() returned)."""
        if "tracker" not in kwargs:
            return {}
        return tracking.after_train(kwargs, self.epoch_states, self.tracking)


def scaler_used(scaler) -> bool | None:
    """Whether the GradScaler passed in ever scaled a loss, read after train() returned: its scale
    tensor is created by the first scale() call (None: no scaler, or one whose state cannot be read).
    A loss scaled by another GradScaler (a student's own) leaves it unused, even on a GPU where that
    one works."""
    if scaler is None or not hasattr(scaler, "_scale"):
        return None
    return scaler.__dict__.get("_scale") is not None


def replay(scheduler, optimizer, n: int) -> list[float] | None:
    """The learning rate after 0, 1, ..., n calls of scheduler.step(), from a twin of the scheduler
    driving a one-parameter optimizer with the same first param group (the real ones untouched).
    None for ReduceLROnPlateau, whose steps depend on the metrics passed."""
    if isinstance(scheduler, ReduceLROnPlateau):
        return None
    try:
        dummy = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.0)
        dummy.param_groups[0].update({k: copy.deepcopy(v) for k, v in optimizer.param_groups[0].items() if k != "params"})
        twin = object.__new__(type(scheduler))
        twin.__dict__.update({k: copy.deepcopy(v) for k, v in scheduler.__dict__.items()
                             if k not in ("optimizer", "step")})
        twin.optimizer = dummy
        out = [float(dummy.param_groups[0]["lr"])]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # "step() before optimizer.step()": intended here
            for _ in range(n):
                twin.step()
                out.append(float(dummy.param_groups[0]["lr"]))
        return out
    except Exception:   # a scheduler this replay cannot copy: the check says it could not judge
        return None


def attach_if_wanted(setup, recorder) -> ProductionObserver | None:
    """An attached observer when the scenario asks for this observation, else None."""
    if not wanted(setup):
        return None
    observer = ProductionObserver(setup, recorder)
    observer.attach()
    return observer


def record(observer: ProductionObserver | None) -> dict | None:
    """The observer's records as plain data for the run record (None: not observed)."""
    return None if observer is None else to_dict(observer.production())
