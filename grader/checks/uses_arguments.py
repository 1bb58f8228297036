"""train() trains the model, optimizer, loss and loaders it is given. It also charges the
run's root cause (grader.checks.root_cause), which the checks that depend on it do not."""
from grader.checks import CheckContext, Verdict
from grader.checks.pointers import Pointer, call, loop
from grader.checks.root_cause import root_cause
from grader.trace.read import epochs, first_lines

ID = "uses_arguments"
TITLE = "train() uses the model, optimizer, loss and loaders passed in"
WHY = ("A train() that reaches for notebook globals (or builds its own optimizer) trains something "
       "else than its caller's model: it only works in the notebook it was written in.")
FIX = "Use only the parameters: model, train_loader, val_loader, loss_fn, optimizer; never a global of the same role."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    problems = []
    cause = root_cause({n: ctx.runs[n] for n in ctx.scenarios})
    if cause:
        problems.append(cause.text)
    if not any(p.role == "train" for p in run.passes):
        problems.append("the train_loader passed in was never iterated")
    if not any(p.role == "val" for p in run.passes):
        problems.append("the val_loader passed in was never iterated")
    if not run.steps:
        changed = (run.weights.initial_distance if run.weights else 0) > 0
        if changed:
            problems.append("the model was updated by another optimizer than the one passed in")
    if run.given_loss_calls == 0:
        others = sorted({c.fn for c in run.loss_calls})
        problems.append("the loss_fn passed in was never called" + (f" (another loss was: {', '.join(others)})" if others else ""))
    else:
        stray = losses_not_from_given(run)
        if stray:
            phases = " and ".join(sorted({run.forwards[c.forward].role for c in stray}, key=["train", "val"].index))
            fns = ", ".join(sorted({c.fn for c in stray}))
            problems.append(f"{len(stray)} {phases} batch losses were computed by another loss ({fns}), "
                            "not by the loss_fn passed in")
    # (steps of the given optimizer that change nothing are an update-order mistake, charged by
    # zero_grad / convergence / reference_match, not a matter of which objects were used)
    problems = list(dict.fromkeys(problems))
    if problems:
        text = "; ".join(problems)
        return Verdict(False, text[0].upper() + text[1:] + ".", details={"problems": problems},
                       points=_points(run), lines=first_lines([c for c in run.loss_calls if not c.given]))
    return Verdict(True, f"The given model was trained by the given optimizer on the given loaders "
                         f"({len(epochs(run))} epochs, {len(run.steps)} steps, {run.given_loss_calls} loss calls).")


ARGUMENTS = ("model", "train_loader", "val_loader", "loss_fn", "optimizer")
OPTIMIZERS = ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax", "NAdam", "RAdam", "LBFGS")


def _points(run) -> list:
    """Where the submission swaps an argument for its own object (pointers, for the reader)."""
    points = [Pointer("param", ARGUMENTS, "replaces an argument of train()"),
              Pointer("globals", ARGUMENTS, "reads the notebook's global, not train()'s argument")]
    if not run.steps:   # the weights changed without a step of the optimizer passed in, or never
        points.append(call(*OPTIMIZERS, role="builds an optimizer"))
        points.append(call("backward", role="a backward that no optimizer.step() of the optimizer passed in follows"))
    if not any(p.role == "val" for p in run.passes):
        points.append(loop("train_loader", role="a loop over train_loader"))
    if not any(p.role == "train" for p in run.passes):
        points.append(loop("val_loader", role="a loop over val_loader"))
    return points


def losses_not_from_given(run) -> list:
    """Loss calls on a model output of the training or validation data that ran outside the given
    loss_fn, where that output never went through the given loss_fn: a loss the loop uses that the
    caller did not pass (a wrapper or subclass that calls the given loss_fn is inside it)."""
    given = {c.forward for c in run.loss_calls if (c.given or c.in_copy) and c.forward is not None}
    return [c for c in run.loss_calls
            if not c.given and not c.in_copy and c.forward is not None and c.forward not in given
            and 0 <= c.forward < len(run.forwards) and run.forwards[c.forward].role in ("train", "val")]
