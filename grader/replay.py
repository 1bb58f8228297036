"""Training replay: the parent recomputes optimizer steps it samples after the run, from the step
evidence the child streamed (grader.trace.steps), instead of believing the recorder's account of
training (docs/forgery.md, "What each point rests on").

For a run (replay_run):
- Continuity: the parameters before the first step are the initial weights the parent sent; each
  step starts from the weights the previous one produced, bit for bit, or from an earlier point of
  that chain (a restore); every epoch's snapshot and the returned weights are points of the chain.
  Weights that came from anywhere else (loaded mid-run, edited outside optimizer.step()) are not
  the product of the training the recorder describes.
- Replay of sampled steps, drawn here with the parent's own randomness once the trace is in (the
  job cannot know which): each live backward's gradient is recomputed from the rows its forward
  ran on, in the mode, generator state and autocast dtype recorded, pushed back from the gradient
  its output received; their sum must be the `fresh` gradient the recorder's figures were made
  from (or that plus a multiple of the weights: an L2 penalty added to the loss). The optimizer's
  own update rule (torch's class for this scenario, on copies) applied to the gradient the step
  used and the optimizer's state must give the weights after the step. The Step record's norms,
  scale and residual (what zero_grad judges) must be those of the streamed gradients.

A step whose account does not reproduce makes the run's training account unbelievable: the checks
that rest on it (REPLAYED) fail with a message naming the step. Never a flag: a flag needs
evidence honest code cannot produce, and replay that cannot decide (non-finite numbers, a forward
that ran on data the grader did not serve, a closure step) judges nothing.
"""
from __future__ import annotations

import base64
import binascii
import math
import random
from dataclasses import dataclass, field

import torch
from torch.func import functional_call

from grader.evidence import OBSERVED, REPLAYED_CHECKS, VERIFIED
from grader.protocol import MAX_EVENTS
from grader.result import ERROR, FAILED, PASSED
from grader.trace.steps import StepEvidence, read_step_evidence
from grader.trace.weights import DTYPES, decode_state, state_digest

SAMPLED_STEPS = 3         # steps replayed per run (each: a few forwards and one optimizer step)
FRESH_RTOL = 1e-4         # float32/float64 gradient sums recomputed here (a lie is off by O(1))
UPDATE_RTOL, UPDATE_ATOL = 1e-5, 1e-7   # the optimizer's own update on the same numbers
FIGURE_RTOL = 1e-6        # a Step record's norms from the streamed gradients (same formula, double)


@dataclass
class Replay:
    """What replay found for one run (stored on the run record as `replay`, by the parent only)."""
    judged: bool = False                   # at least one step was replayed and the chain held
    steps: int = 0                         # step evidence records read
    replayed: list[int] = field(default_factory=list)
    failure: str | None = None             # why the account is not believed (None: nothing found)
    note: str = ""                         # why nothing was judged, where nothing was

    def to_dict(self) -> dict:
        return {"judged": self.judged, "steps": self.steps, "replayed": list(self.replayed),
                "failure": self.failure, "note": self.note}


class _Undecided(Exception):
    """Replay cannot decide this step (never a reason to disbelieve it)."""


# ---- numbers ---------------------------------------------------------------------------

def _params_of(setup) -> list[str]:
    return [n for n, _ in setup.model.named_parameters()]


def same_values(a: dict, b: dict) -> bool:
    """Same names and shapes, and equal values where the lower precision is widened (bit patterns
    of NaN aside: any NaN equals any NaN at the same place; an inf keeps its sign)."""
    if set(a) != set(b):
        return False
    for k, x in a.items():
        y = b[k]
        if tuple(x.shape) != tuple(y.shape):
            return False
        if x.dtype == y.dtype and not x.is_floating_point():
            if not torch.equal(x, y):
                return False
            continue
        xd, yd = x.double(), y.double()
        if not bool((torch.isnan(xd) == torch.isnan(yd)).all()):
            return False
        both = ~torch.isnan(xd)
        if not torch.equal(xd[both], yd[both]):
            return False
    return True


def _close(a: torch.Tensor, b: torch.Tensor, rtol: float, atol: float) -> bool:
    """Element-wise close in the precision they are in; non-finite values exactly (place and sign)."""
    if a.shape != b.shape:
        return False
    if a.dtype == b.dtype and torch.equal(a, b):   # the usual case: the same update, bit for bit
        return True
    ad, bd = a.double(), b.double()
    fa, fb = torch.isfinite(ad), torch.isfinite(bd)
    if not torch.equal(fa, fb):
        return False
    if not bool(((ad == bd) | torch.isnan(ad) & torch.isnan(bd) | fa).all()):
        return False
    if not bool(fa.any()):
        return True
    eps = torch.finfo(a.dtype).eps if a.is_floating_point() else 0.0
    return bool(torch.allclose(ad[fa], bd[fa], rtol=max(rtol, 4 * eps), atol=atol))


def _flat(state: dict, names: list[str]) -> torch.Tensor:
    return torch.cat([state[n].detach().double().reshape(-1) for n in names if n in state]) \
        if any(n in state for n in names) else torch.zeros(0, dtype=torch.float64)


def step_figures(grad: dict, fresh: dict, names: list[str]) -> dict:
    """A Step record's figures (grader.job.observe.recorder.Recorder._record_step) from these gradients:
    grad_norm, fresh_norm, and G = scale * C + rest (residual: |rest| / |G|)."""
    G, C = [], []
    for n in names:
        g, c = grad.get(n), fresh.get(n)
        if g is None and c is None:
            continue
        ref = c if c is not None else g
        G.append((g if g is not None else torch.zeros_like(ref)).double().reshape(-1))
        C.append((c if c is not None else torch.zeros_like(ref)).double().reshape(-1))
    out = {"grad_norm": 0.0, "fresh_norm": 0.0, "scale": 0.0, "residual": 0.0}
    if G:
        Gv, Cv = torch.cat(G), torch.cat(C)
        gn, cn = float(Gv.norm()), float(Cv.norm())
        scale = float(Gv @ Cv / (Cv @ Cv)) if cn > 0 else 0.0
        out.update(grad_norm=gn, fresh_norm=cn, scale=scale,
                   residual=float((Gv - scale * Cv).norm() / gn) if gn > 0 else 0.0)
    return out


# ---- the chain -------------------------------------------------------------------------

def _where(steps: list, k: int) -> str:
    """' (epoch E, batch B)' of step k, from the Step records (epochs: the train passes stepped in)."""
    passes = []
    for s in steps:
        p = s.get("train_pass") if type(s) is dict else None
        if type(p) is int and p not in passes:
            passes.append(p)
    step = steps[k] if 0 <= k < len(steps) and type(steps[k]) is dict else {}
    p, b = step.get("train_pass"), step.get("batch")
    if type(p) is not int or p not in passes:
        return ""
    return f" (epoch {passes.index(p) + 1}" + (f", batch {b + 1})" if type(b) is int else ")")


def _chain(initial: dict, evidence: list[StepEvidence], names: list[str]) -> tuple[list[dict], list[dict], tuple | None]:
    """(weights before each step, weights after each step, failure as (what, step index, why)): each
    step's `before` is the previous after-weights (or, sent in full, an earlier point of the chain)."""
    befores, afters, points = [], [], [initial]
    previous = initial
    for k, ev in enumerate(evidence):
        if ev.before is None:
            before = previous
            if state_digest(before) != ev.before_digest:
                return befores, afters, (f"step {k + 1}", k, "'s weights are not those the step before it produced")
        else:
            before = {n: t for n, t in decode_state(ev.before).items()}
            if state_digest(before) != ev.before_digest:
                return befores, afters, (f"step {k + 1}", k, "'s weights are not those its evidence names")
            if set(before) != set(names) or not any(same_values(before, p) for p in points):
                where = "the initial weights" if k == 0 else f"the weights step {k} produced"
                return befores, afters, (f"before step {k + 1}", k, " the parameters changed outside optimizer.step() "
                                         f"from {where} to weights no step produced")
        after = decode_state(ev.after)
        if set(after) != set(names):
            return befores, afters, (f"step {k + 1}", k, "'s evidence names other parameters than the model's")
        befores.append(before)
        afters.append(after)
        points.append(after)
        previous = after
    return befores, afters, None


# ---- one step --------------------------------------------------------------------------

def _decode_value(v):
    if type(v) is dict and {"dtype", "shape"} <= set(v):
        return decode_state({"t": v})["t"]
    if type(v) in (bool, int, float) or v is None:
        return v
    raise _Undecided("an optimizer state entry of another kind")


def replay_update(optimizer_class, ev: StepEvidence, before: dict, after: dict,
                  state: dict, group_settings: list) -> tuple[str | None, dict]:
    """The optimizer's own update rule on copies of the weights before the step, with the streamed
    gradients and hyper-parameters (`group_settings`) and the optimizer's state before it (`state`:
    {name: {key: tensor or number}}): (None if it gives the weights after, else what differs;
    the state it leaves)."""
    params = {n: before[n].detach().clone().requires_grad_(True) for n in ev.names}
    grads = decode_state(ev.grad)
    groups = []
    for g in group_settings:
        if type(g) is not dict or type(g.get("params")) is not list or any(n not in params for n in g["params"]):
            raise _Undecided("a param group of other parameters")
        hyper = {k: (tuple(v) if type(v) is list else v) for k, v in g.items() if k != "params"}
        groups.append({"params": [params[n] for n in g["params"]], **hyper})
    try:
        opt = optimizer_class(groups)
    except Exception as exc:
        raise _Undecided(f"the optimizer could not be rebuilt ({type(exc).__name__})") from None
    for n, entries in state.items():
        if n not in params or type(entries) is not dict:
            raise _Undecided("state of other parameters")
        opt.state[params[n]] = {k: (v.clone() if isinstance(v, torch.Tensor) else v) for k, v in entries.items()}
    for n, p in params.items():
        p.grad = grads[n].to(p.dtype) if n in grads else None
    try:
        opt.step()
    except Exception as exc:
        raise _Undecided(f"the update could not be replayed ({type(exc).__name__})") from None
    left = {n: dict(opt.state[p]) for n, p in params.items() if p in opt.state}
    for n, p in params.items():
        if not _close(p.detach(), after[n], UPDATE_RTOL, UPDATE_ATOL):
            return (f"the optimizer's update rule applied to the gradients it used does not give the "
                    f"weights after it ({n} differs)"), left
    return None, left


def _decode_optimizer_state(state) -> dict:
    if type(state) is not dict:
        raise _Undecided("optimizer state of another kind")
    return {n: {k: _decode_value(v) for k, v in entries.items()} if type(entries) is dict else entries
            for n, entries in state.items()}


class _Forwards:
    """Every evidence forward of the run in order, with the generator state before each derived
    where it was not sent (the state right after the previous evidence forward, replayed here)."""

    def __init__(self, setup, evidence: list[StepEvidence], befores: list[dict]):
        self.setup = setup
        self.items = []   # (ForwardEvidence, weights it ran on)
        for ev, before in zip(evidence, befores):
            for f in ev.forwards:
                self.items.append((f, before))
        self.x = setup.train_loader.dataset.tensors[0]
        self.states: dict[int, torch.Tensor] = {}

    def state_before(self, i: int) -> torch.Tensor:
        if i in self.states:
            return self.states[i]
        j = i   # the latest forward at or before i whose state is known or was sent
        while j not in self.states and self.items[j][0].rng is None:
            if j == 0:
                raise _Undecided("the first forward's generator state was not sent")
            j -= 1
        if j not in self.states:
            rng = self.items[j][0].rng
            if type(rng) is not str or len(rng) > 1 << 16:
                raise _Undecided("a generator state of another kind")
            try:
                raw = bytearray(base64.b64decode(rng, validate=True))
            except (binascii.Error, ValueError):
                raise _Undecided("a generator state of another kind") from None
            self.states[j] = torch.frombuffer(raw, dtype=torch.uint8).clone()
        for k in range(j, i):   # forward k from its state: the state after it is k+1's
            self.states[k + 1] = self.output(k, self.states[k])[1]
        return self.states[i]

    def output(self, i: int, state: torch.Tensor, weights: dict | None = None, forced=None):
        """(output of forward i on `weights` (default: those it ran on), the generator state after);
        `forced`: under CPU autocast to that dtype, whatever was recorded (its output's dtype is then
        not compared)."""
        f, ran_on = self.items[i]
        weights = ran_on if weights is None else weights
        rows = f.rows
        if not rows or any(type(r) is not int or r < 0 or r >= len(self.x) for r in rows):
            raise _Undecided("rows the training set does not hold")
        dtype = DTYPES.get(f.in_dtype)
        if dtype is None or not dtype.is_floating_point:
            raise _Undecided("an input of another dtype")
        model = self.setup.model
        model.train(bool(f.training))
        x = self.x[torch.tensor(rows)].to(dtype)
        low = forced or self.autocast_of(f)
        torch.default_generator.set_state(state)
        if low is not None:
            with torch.autocast("cpu", dtype=low):
                out = functional_call(model, weights, (x,))
        else:
            out = functional_call(model, weights, (x,))
        if forced is None and str(out.dtype).removeprefix("torch.") != f.out_dtype:
            raise _Undecided("the replayed output is of another precision than the recorded one")
        return out, torch.default_generator.get_state()

    @staticmethod
    def autocast_of(f) -> torch.dtype | None:
        """The autocast dtype forward f ran under: the one in force at the model's call, or, where
        none was and its output is of a lower precision than its input, that precision (autocast
        entered inside the model's forward: `model.forward = torch.autocast(...)(model.forward)`)."""
        if f.autocast:
            return DTYPES.get(f.autocast)
        low = DTYPES.get(f.out_dtype)
        return low if low in (torch.bfloat16, torch.float16) and f.in_dtype != f.out_dtype else None


def _recomputed(forwards: "_Forwards", ev: StepEvidence, first: int, params: dict, forced) -> dict:
    """The sum, per parameter, of this step's live backwards recomputed at `params` (`forced`: an
    autocast dtype to run every forward under instead of the recorded one)."""
    names = ev.names
    total = {n: torch.zeros_like(params[n], dtype=torch.float64) for n in names}
    for i in range(first, first + len(ev.forwards)):
        f = forwards.items[i][0]
        if not f.out_grad:
            continue
        out, _ = forwards.output(i, forwards.state_before(i), {**params}, forced)
        dout = decode_state(f.out_grad)["out"]
        if dout.shape != out.shape:
            raise _Undecided("an output gradient of another shape")
        grads = torch.autograd.grad(out, [params[n] for n in names], grad_outputs=dout.to(out.dtype),
                                    allow_unused=True)
        for n, g in zip(names, grads):
            if g is not None:
                total[n] += g.double()
    return total


def replay_fresh(forwards: "_Forwards", ev: StepEvidence, first: int, before: dict) -> str | None:
    """This step's live backwards recomputed: their sum must be the streamed `fresh` gradient (or
    that plus a multiple of the weights: an L2 penalty added to the loss). Where they differ at
    the recorded precision and no autocast was recorded, the forwards are recomputed under CPU
    autocast to bfloat16 and float16 too (autocast entered inside the model, its output cast
    back to float32, leaves no trace at the model's call): a lie differs at every precision."""
    names = ev.names
    params = {n: before[n].detach().clone().requires_grad_(True) for n in names}
    fresh = {n: t.double() for n, t in decode_state(ev.fresh).items()}
    if set(fresh) - set(names):
        return "the step's gradients name other parameters than the model's"
    # over every parameter: a parameter the recorder saw no gradient arrive at counts as zero
    C = torch.cat([fresh[n].reshape(-1) if n in fresh else torch.zeros(params[n].numel(), dtype=torch.float64)
                   for n in names])
    if not bool(torch.isfinite(C).all()):
        raise _Undecided("non-finite gradients")
    norm = float(C.norm())
    w = torch.cat([params[n].detach().double().reshape(-1) for n in names])
    recorded = [forwards.autocast_of(f) for f in ev.forwards if f.out_grad]
    low = next((d for d in recorded if d is not None), None)
    worst = None
    for forced in [None] + ([torch.bfloat16, torch.float16] if low is None else []):
        total = _recomputed(forwards, ev, first, params, forced)
        mine = torch.cat([total[n].reshape(-1) for n in names])
        if not bool(torch.isfinite(mine).all()):
            continue
        precision = forced or low
        rtol = FRESH_RTOL if precision is None else 8 * torch.finfo(precision).eps
        rest = C - mine
        if float(rest.norm()) <= rtol * norm + 1e-12:
            return None
        if float(w @ w) > 0:
            alpha = float(rest @ w / (w @ w))
            if float((rest - alpha * w).norm()) <= rtol * norm + 1e-12:
                return None
        off = float(rest.norm()) / max(norm, 1e-30)
        worst = off if worst is None else min(worst, off)
    if worst is None:
        raise _Undecided("non-finite recomputed gradients")
    return ("the gradients it held are not those of the backwards the trace names (recomputed from "
            f"the batches their forwards ran on, they differ by {worst:.0%})")


def _nonzero(encoded, names) -> bool:
    t = _flat(decode_state(encoded), names)
    return bool(torch.isfinite(t).all()) and bool((t != 0).any())


def live_steps(evidence: list[StepEvidence]) -> list[bool]:
    """Per step: some backward reached it. Its fresh gradients are finite and not all zero, or the
    gradients it used are and are not those the step before it used, byte for byte (a second
    step on the same .grad, nothing arrived since, is not live; gradients that changed with no
    backward the recorder saw are)."""
    out, previous = [], None
    for ev in evidence:
        try:
            live = _nonzero(ev.fresh, ev.names) or (_nonzero(ev.grad, ev.names)
                                                   and not (previous is not None and ev.grad == previous.grad))
        except ValueError:
            live = True
        out.append(live)
        previous = ev
    return out


def replay_figures(ev: StepEvidence, record) -> str | None:
    """The Step record's figures are those of the streamed gradients (the recorder computes them the
    same way from the same tensors: non-finite where these are, equal where finite)."""
    if type(record) is not dict:
        return "the trace holds no Step record for it"
    mine = step_figures(decode_state(ev.grad), decode_state(ev.fresh), ev.names)
    for key, value in mine.items():
        said = record.get(key)
        if type(said) not in (int, float):
            return f"its recorded {key} is not a number"
        if not (math.isfinite(value) and math.isfinite(said)):
            if math.isfinite(value) != math.isfinite(said):
                return f"its recorded {key} ({said:.6g}) is not that of the gradients it used ({value:.6g})"
            continue
        if not math.isclose(value, said, rel_tol=FIGURE_RTOL, abs_tol=1e-12):
            return f"its recorded {key} ({said:.6g}) is not that of the gradients it used ({value:.6g})"
    return None


# ---- a run -----------------------------------------------------------------------------

def replay_run(setup, run: dict, step_records: list[dict], snapshots: list[dict],
               chooser: random.Random | None = None, sampled: int = SAMPLED_STEPS) -> Replay:
    """Replay (see the module's docstring) of one ok run of a submission on the CPU: `setup` is the
    scenario built here on the variant the grading drew, `step_records` the run's streamed
    step_evidence records, `snapshots` its streamed snapshot records."""
    out = Replay()
    steps = run.get("steps")
    if type(steps) is not list or not steps:
        out.note = "no optimizer step was recorded"
        return out
    if len(steps) >= MAX_EVENTS or run.get("events_dropped"):   # a runaway run is judged on nothing
        out.note = "a runaway run is judged on nothing"
        return out
    ordered = sorted((r for r in step_records if type(r.get("index")) is int), key=lambda r: r["index"])
    if [r["index"] for r in ordered] != list(range(len(steps))):
        out.failure = (f"the trace holds step evidence for {len(ordered)} of the {len(steps)} optimizer steps "
                       "the recorder reports")
        return out
    out.steps = len(ordered)
    try:
        evidence = [read_step_evidence(r.get("evidence")) for r in ordered]
    except ValueError as exc:
        out.failure = f"the step evidence could not be read ({str(exc)[:100]})"
        return out
    names = _params_of(setup)
    if any(ev.names != names and ev.names for ev in evidence) or any(not ev.names for ev in evidence):
        out.note = "an optimizer step updated parameters other than the model's"
        return out
    expected = f"{type(setup.optimizer).__module__}.{type(setup.optimizer).__qualname__}"
    if any(ev.optimizer != expected for ev in evidence):
        out.failure = "the step evidence names another optimizer than the one passed in"
        return out
    initial = {n: t.detach().clone() for n, t in setup.model.named_parameters()}
    try:
        befores, afters, broken = _chain(initial, evidence, names)
    except ValueError as exc:
        out.failure = f"the step evidence holds weights the grader's child did not write ({str(exc)[:100]})"
        return out
    if broken:
        out.failure = broken[0] + _where(steps, broken[1]) + broken[2]
        return out
    points = [initial] + afters
    known = {state_digest(p) for p in points}
    for what, state in [(f"epoch {i + 1}'s snapshot", s.get("state")) for i, s in enumerate(snapshots)] + \
            [("the returned weights", run.get("final_state"))]:
        if type(state) is not dict or "error" in state:
            continue
        try:
            params = {n: t for n, t in decode_state(state).items() if n in names}
        except ValueError:
            continue   # forgery_flags says why
        if set(params) == set(names) and state_digest(params) not in known \
                and not any(same_values(params, p) for p in points):
            out.failure = (f"{what} are not weights any optimizer step produced (nor the initial ones): "
                           "they came from outside the training the trace describes")
            return out
    # every step: its figures are those of its gradients, and the optimizer's update of them gives
    # its after-weights (cheap: a few hundred numbers each); a step that cannot be decided is skipped
    live = live_steps(evidence)
    state = settings = None   # what the previous step left (the parent's replay of it), where known
    undecided = None          # the first live step whose update could not be replayed
    for k, ev in enumerate(evidence):
        settings = ev.groups if ev.groups is not None else settings
        try:
            why = replay_figures(ev, steps[k])
            if why is None:
                held = _decode_optimizer_state(ev.state) if ev.state is not None else state
                if held is None or settings is None:
                    raise _Undecided("the optimizer's state before this step is not known")
                why, state = replay_update(type(setup.optimizer), ev, befores[k], afters[k], held, settings)
        except (_Undecided, ValueError, RuntimeError, TypeError):
            state = None
            if undecided is None and live[k]:
                undecided = k
            continue
        if why:
            out.failure = f"optimizer step {k + 1}{_where(steps, k)}: {why}"
            return out
    # the gradients a live step used are believed only through its update: one that could not be
    # replayed leaves the run unjudged (its fresh gradients alone say nothing of what it used)
    if undecided is not None:
        out.note = f"optimizer step {undecided + 1}'s update could not be replayed"
        return out
    # a step whose backwards the evidence does not all account for cannot have its fresh gradients
    # recomputed: an honest loop that feeds the model data the grader did not serve has no such
    # step at all (its forwards are not training forwards); a run with some has them unverified
    partial = next((k for k, ev in enumerate(evidence) if not ev.complete and live[k]), None)
    if partial is not None:
        out.note = f"optimizer step {partial + 1} used gradients of backwards the evidence does not name"
        return out
    candidates = [k for k, ev in enumerate(evidence) if ev.complete]
    chooser = chooser or random.SystemRandom()
    order = chooser.sample(candidates, len(candidates))
    forwards = _Forwards(setup, evidence, befores)
    firsts, at = [], 0
    for ev in evidence:
        firsts.append(at)
        at += len(ev.forwards)
    rng = torch.default_generator.get_state()
    try:
        for k in order:
            if len(out.replayed) >= sampled:
                break
            try:
                why = replay_fresh(forwards, evidence[k], firsts[k], befores[k])
            except (_Undecided, ValueError, RuntimeError):
                continue
            out.replayed.append(k)
            if why:
                out.failure = f"optimizer step {k + 1}{_where(steps, k)}: {why}"
                return out
    finally:
        torch.default_generator.set_state(rng)
    # no step with a backward to recompute (a loss re-wrapped off the graph, gradients that never
    # arrive): every step's figures and update were checked above, and that is all there is
    out.judged = bool(out.replayed) or not any(live)
    if not out.judged:
        out.note = "no step could be replayed (forwards on data the grader did not serve, closures, non-finite gradients)"
    return out


# ---- what the checks' results become ---------------------------------------------------

REPLAYED = frozenset(REPLAYED_CHECKS)   # grader.evidence says why each


def production_steps(run: dict) -> bool:
    """The production observer followed this run's steps: zero_grad then takes its account of
    .grad's clearing (grader.checks.zero_grad._reused), which replay does not tie to the weights."""
    production = run.get("production")
    return type(production) is dict and bool(production.get("steps"))


def apply_replay(results: list, runs: dict) -> None:
    """After the checks are judged (grader.engine): each REPLAYED check fails where a run's training
    account did not reproduce (naming the step), is not judged where no step of an ok CPU run
    could be replayed, and is `verified` where every run's sampled steps reproduced."""
    ok = {name: r for name, r in runs.items() if type(r) is dict and r.get("status") == "ok"}
    outcomes = {name: r.get("replay") for name, r in ok.items()}
    failed = [(name, o["failure"]) for name, o in outcomes.items() if type(o) is dict and o.get("failure")]
    for c in results:
        if c.id not in REPLAYED or c.status == ERROR:
            continue
        if failed:
            name, why = failed[0]
            c.status, c.score, c.evidence = FAILED, 0.0, VERIFIED
            c.observed = (f"Training replay (scenario '{name}'): {why}. The grader recomputes steps it picks "
                          "after the run from the evidence the run streamed; this account of the training did "
                          "not reproduce the weights, so the gradients it describes are not believed.")
            c.details = {**(c.details or {}), "replay": why}
            continue
        judged = [type(o) is dict and o.get("judged") for o in outcomes.values()]
        cpu = [name for name, r in ok.items() if r.get("device") == "cpu" and r.get("steps")]
        unjudged = [name for name in cpu if not (type(outcomes[name]) is dict and outcomes[name].get("judged"))]
        if c.status == PASSED and unjudged:
            note = (outcomes[unjudged[0]] or {}).get("note") or "no evidence"
            c.status, c.score, c.evidence = ERROR, 0.0, OBSERVED
            c.observed = (f"Not judged: no optimizer step of scenario '{unjudged[0]}' could be replayed ({note}), "
                          "so the gradients the steps used could not be verified.")
            continue
        c.evidence = VERIFIED if judged and all(judged) and not any(production_steps(r) for r in ok.values()) \
            else OBSERVED
