"""One optimizer step per backward that reached the weights: no step without a gradient behind it
(a second step on the same batch, a loss detached before backward), none left out (one step per
epoch after the batch loop). Gradient accumulation's cadence is accum_cadence's."""
from grader.checks import CheckContext, Verdict
from grader.checks.pointers import Pointer, call, loop
from grader.checks.root_cause import NO_STEP, NO_TRAINING_FORWARD
from grader.trace.read import epoch_of_pass, epochs, epochs_label, first_lines, is_training_forward

ID = "step_cadence"
TITLE = "One optimizer step per batch, each after a backward that reached the weights"
WHY = ("A step applies the gradients of the backward before it. A step with no backward behind it "
       "either repeats the last update (step() called twice) or does nothing (the loss was detached, "
       "so no gradient reached the weights); a step left out (one per epoch) trains on a fraction of "
       "the updates.")
FIX = ("Per batch: optimizer.zero_grad(), loss = loss_fn(model(x), y), loss.backward() on that loss "
       "itself (never loss.detach() or loss.item()), then exactly one optimizer.step(), inside the batch loop.")
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_STEP})

# an epoch is charged when it stepped on fewer than this share of the batches it could step on
FEW_STEPS = 0.5


def scaler_skips(run) -> dict[int, int]:
    """Per train-loader pass, the updates a GradScaler skipped: a backward after which the loss
    scale backed off (scaler.update() lowers the scale only after an overflowed, skipped step).
    A loop whose gradients overflow often (float16, gradients never cleared) steps on fewer batches
    for a reason other checks name; those batches had no update to make."""
    prod = run.production
    if prod is None:
        return {}
    scaled = [b for b in prod.backwards if b.loss_scale is not None]
    skips: dict[int, int] = {}
    for b, after in zip(scaled, scaled[1:]):
        if b.loss_scale > 1.0 and after.loss_scale < b.loss_scale and isinstance(b.train_pass, int):
            skips[b.train_pass] = skips.get(b.train_pass, 0) + 1
    return skips


def _where(step, epoch_of: dict) -> str:
    epoch = epoch_of.get(step.train_pass, "?")
    return f"epoch {epoch}" + (f", batch {step.batch + 1}" if step.batch is not None else "")


def empty_steps(run) -> tuple[list, list]:
    """(steps repeated on the batch an earlier step already used, other steps with no backward):
    optimizer steps with no backward reaching the parameters since the step before."""
    repeated, gradless = [], []
    previous = None
    for k, s in enumerate(run.steps):
        # the run's first step before any backward is an update-order mistake (step() before
        # backward()), which zero_grad charges: the steps after it each follow a backward
        if s.backwards == 0 and not s.closure and k > 0:
            same = (previous is not None and s.loader_pass is not None and s.batch is not None
                    and (previous.loader_pass, previous.batch) == (s.loader_pass, s.batch))
            (repeated if same else gradless).append(s)
        previous = s
    return repeated, gradless


def sparse_epochs(run) -> list[tuple[int, int, int]]:
    """(epoch, steps, training batches) for each epoch that stepped on far fewer batches than it
    trained on, where the run does not accumulate on purpose (accum_steps) or step by closure;
    batches whose update the GradScaler skipped on overflow are not counted."""
    if run.kwargs.get("accum_steps") is not None or any(s.closure for s in run.steps):
        return []
    out = []
    skipped = scaler_skips(run)
    for e in epochs(run):
        batches = sum(1 for i in e.train if is_training_forward(run.forwards[i]))
        could_step = batches - skipped.get(e.train_pass, 0)
        if batches > 1 and len(e.steps) < FEW_STEPS * could_step:
            out.append((e.number, len(e.steps), batches))
    return out


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    steps = run.steps
    if not steps:
        return Verdict(False, "No optimizer.step() on the optimizer passed in was observed.")
    epoch_of = epoch_of_pass(run)
    repeated, gradless = empty_steps(run)
    if repeated:
        return Verdict(False,
            f"{len(repeated)} of {len(steps)} optimizer steps came right after another step on the same batch, "
            f"with no backward in between (first at {_where(repeated[0], epoch_of)}): step() is called twice "
            "per batch, so each batch's gradients are applied twice.",
            lines=first_lines(repeated), details={"repeated_steps": len(repeated), "steps": len(steps)})
    if gradless:
        return Verdict(False,
            f"{len(gradless)} of {len(steps)} optimizer steps had no backward reaching the model's parameters "
            f"since the step before (first at {_where(gradless[0], epoch_of)}): the backward ran on a loss cut "
            "off from the model (detached, or rebuilt from .item()), or did not run, so those steps learned "
            "nothing from their batch.",
            lines=first_lines(gradless), details={"gradless_steps": len(gradless), "steps": len(steps)},
            points=[Pointer("operand", ("backward",), "the backward, and what its loss was computed from")])
    sparse = sparse_epochs(run)
    if sparse:
        number, stepped, batches = sparse[0]
        return Verdict(False,
            f"Epoch {number} stepped the optimizer {stepped} time(s) for {batches} training batches "
            f"({epochs_label([n for n, _, _ in sparse])}): the step is outside the batch loop, so one update "
            "carries the summed gradients of many batches.",
            details={"sparse_epochs": [n for n, _, _ in sparse], "steps": stepped, "batches": batches},
            lines=first_lines([s for s in steps]),
            points=[call("step", role="steps the optimizer"), loop("train_loader", role="the batch loop")])
    return Verdict(True, f"All {len(steps)} optimizer steps followed their own batch's backward, one per batch.")
