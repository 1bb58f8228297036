"""history['best_epoch'] is the 1-based epoch of the lowest validation loss."""
from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.pointers import history
from grader.checks.root_cause import NO_TRAINING_FORWARD, NO_VALIDATION
from grader.checks.wording import run_phrase
from grader.trace.read import (best_epochs, epochs, history_scalar, history_values, own_val_losses,
                               verified_val_losses)

ID = "best_epoch"
TITLE = "best_epoch names the epoch with the lowest validation loss"
WHY = "best_epoch tells which weights were kept; a wrong number points whoever reads the history at the wrong model."
FIX = "When the validation loss improves, set best_epoch to that epoch's number, counted from 1."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_VALIDATION})


def check(ctx: CheckContext) -> Verdict:
    verdict = Verdict(False, "No scenario was run.")
    for name in ctx.scenarios:
        verdict = _judge(ctx.runs[name], len(ctx.scenarios) > 1)
        if not verdict.passed:
            return verdict
    return verdict


def _fmt(v) -> str:
    return "unknown" if v is None else f"{v:.4g}"


def _judge(run, several: bool) -> Verdict:
    got = history_scalar(run, "best_epoch")
    if got is None:
        return not_judged("history has no numeric 'best_epoch' (the contract check charges it)")
    # the parent's figures from each epoch's weights; the student's own only where they are
    # that figure or measure what the parent cannot reproduce (grader.trace.read.own_val_losses)
    own = own_val_losses(run) or []
    losses = verified_val_losses(run)
    candidates = set(best_epochs(losses)) | set(best_epochs(own))
    if not candidates:
        return Verdict(False, "No validation losses were observed to find the best epoch from.")
    if got in candidates:
        return Verdict(True, f"best_epoch = {got:g}, the epoch with the lowest validation loss.")
    want = min(candidates)
    ran = len(epochs(run))
    where = run_phrase(run, several)

    def loss_of(e):
        e = int(e) if float(e).is_integer() else None
        return losses[e - 1] if e is not None and 0 < e <= len(losses) else None
    text = (f"history['best_epoch'] is {got:g}, but the lowest validation loss was at epoch {want} "
            f"({_fmt(loss_of(want))}){where}")
    acc = history_values(run, "val_acc") or []
    best_acc = (max(range(len(acc)), key=lambda i: acc[i]) + 1) if acc and all(a is not None for a in acc) else None
    if got == want + 1 and got == ran and want != ran:
        text += (f". {got:g} is both one more than the best epoch and the last epoch run, so the trace cannot tell "
                 "whether the epoch counter moved on before it was stored or the counter where training ended "
                 "was stored.")
        fix = "Set best_epoch inside the branch where the validation loss improves, to that epoch's number."
    elif got == want - 1:
        text += f". {got:g} is one less: the epoch was stored counted from 0."
        fix = "Store epoch + 1 when the loop counts from 0, or loop over range(1, epochs + 1) and store epoch."
    elif got == want + 1:
        text += (f". {got:g} is one more: the epoch counter had already moved on to the next epoch when it was "
                 "stored (it is advanced before the epoch's work, or read after it).")
        fix = "Store the number of the epoch whose validation loss improved, before the counter moves on."
    elif got == ran and want != ran:
        text += (f". {got:g} is the last epoch run (validation loss {_fmt(loss_of(got))}): the value stored is the "
                 "epoch counter where training ended, not the epoch that improved.")
        fix = ("Set best_epoch inside the `if val_loss < best_val_loss:` branch, where the improvement is found, "
               "not from the loop counter after the loop.")
    elif best_acc is not None and got == best_acc:
        text += (f". Epoch {got:g} has the highest val_acc: the best epoch was chosen by accuracy "
                 f"(its validation loss: {_fmt(loss_of(got))}).")
        fix = "Compare validation losses (lower is better) to decide the best epoch, not accuracies."
    else:
        text += f" (epoch {got:g}'s validation loss: {_fmt(loss_of(got))})."
        fix = FIX
    return Verdict(False, text, points=[history("best_epoch", role="stores history['best_epoch']")], fix=fix,
                   details={"got": got, "expected": sorted(candidates)})
