"""Per-step evidence: what the child streams at each optimizer.step() of the optimizer passed in,
so that the parent can replay steps it samples after the run (grader.replay) instead of believing
the recorder's account of them.

One StepEvidence per step (written at the step's post-hook, streamed at once as a
`{"type": "step_evidence", "scenario", "index", "evidence"}` record, grader.job.observe.journal.
StepJournal): the parameters after the step (and before it, in full only where they are not the
previous step's after-weights), the gradients the step used (.grad at the pre-hook, after any
unscale or clipping), the gradient the recorder saw arrive at each parameter since the previous
step (its `fresh` contributions, the figures a Step record's norms are computed from), the
optimizer's per-parameter state and its param groups' hyper-parameters, and every training
forward whose output received a gradient since the previous step (the rows it ran on, the CPU
generator's state before it, the autocast dtype, the gradient its output received).

Tensors are encoded as grader.trace.weights encodes weights (exact bytes), in base64.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Bump whenever a field or its meaning changes: the parent refuses evidence of another version
# (the replay then says it could not judge, never that the account is false).
STEP_EVIDENCE_VERSION = 2   # 2: base64 bytes; `fresh`, `state` and `groups` elided where known

Encoded = dict   # {name: {"dtype", "shape", "hex"}} (grader.trace.weights.encode_state)


@dataclass
class ForwardEvidence:
    """One training forward (train rows, output requiring grad) whose output got a gradient."""
    forward: int                      # index in the run's forwards
    rows: list[int]                   # dataset indices of the input's rows (train set), in order
    training: bool                    # every module in train mode
    rng: str | None = None            # the CPU generator's state before it (base64); None: the state
    #                                   it had right after the previous evidence forward
    autocast: str | None = None       # the CPU autocast dtype in force ("bfloat16"), None: off
    in_dtype: str = "float32"         # the input's dtype (a float64 model is fed float64)
    out_dtype: str = "float32"        # the output's dtype: a replay that gives another is not judged
    out_grad: Encoded = field(default_factory=dict)   # {"out": the gradient its output received}


@dataclass
class StepEvidence:
    version: int
    step: int                          # index in the run's steps
    optimizer: str                     # the optimizer's class (module.qualname)
    names: list[str]                   # parameter names in the optimizer's order (state_dict names)
    groups: list[dict] | None          # per param group: {"params": [names], hyper-parameters...}
    #                                    (None: the previous step's)
    before_digest: str                 # grader.trace.weights.state_digest of the parameters before
    before: Encoded | None             # the parameters before, in full where they are not the
    #                                    previous step's after-weights (None: they are)
    grad: Encoded                      # .grad of each parameter that had one, as step() used it
    fresh: Encoded | None              # the recorder's per-parameter sum of this step's backwards
    #                                    (None: the same bytes as `grad`, as in a plain loop)
    state: dict | None                 # {name: {key: encoded tensor or number}} before the step
    #                                    (None: as the previous step left it: the parent's replay of
    #                                    that step's update gives it)
    after: Encoded                     # the parameters after the step
    complete: bool = False             # every backward since the previous step went through a
    #                                    forward below (nothing else to replay), no step(closure)
    forwards: list[ForwardEvidence] = field(default_factory=list)


def read_step_evidence(data) -> StepEvidence:
    """A StepEvidence from its streamed dict; ValueError on any other shape or version."""
    if type(data) is not dict or data.get("version") != STEP_EVIDENCE_VERSION:
        raise ValueError("step evidence of another version or shape")
    try:
        forwards = [ForwardEvidence(**f) for f in data.get("forwards") or []]
        fields = {k: v for k, v in data.items() if k != "forwards"}
        ev = StepEvidence(**fields, forwards=forwards)
        if ev.fresh is None:
            ev.fresh = ev.grad
    except TypeError as exc:
        raise ValueError(f"step evidence of another shape ({exc})") from None
    if (type(ev.step) is not int or type(ev.names) is not list
            or (ev.groups is not None and type(ev.groups) is not list)
            or type(ev.grad) is not dict or (ev.fresh is not None and type(ev.fresh) is not dict)
            or type(ev.after) is not dict
            or (ev.state is not None and type(ev.state) is not dict) or (ev.before is not None and type(ev.before) is not dict)
            or any(type(f.rows) is not list or type(f.forward) is not int for f in forwards)):
        raise ValueError("step evidence of another shape")
    return ev
