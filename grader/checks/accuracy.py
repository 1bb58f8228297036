"""val_acc is the fraction correct over the whole validation set."""
from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.pointers import history, number
from grader.checks.root_cause import NO_TRAINING_FORWARD, NO_VALIDATION
from grader.checks.wording import binary_model, prediction_rule
from grader.trace.read import close, epochs, epochs_label, history_values, mean_accuracy, sweep_forwards

ID = "accuracy"
TITLE = "val_acc counts correct predictions over the whole validation set"
WHY = ("val_acc must be the share of the validation set the model gets right: a per-batch average "
       "over-weights the smaller last batch, and another prediction rule or denominator reports a "
       "number that is not the model's accuracy.")
FIX = "Sum correct predictions over all validation batches and divide once by len(val_loader.dataset)."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_VALIDATION})


def _diagnose(run, value: float, group: list) -> tuple[str, str, list]:
    """(what the reported value is, the fix for it, what to point at) for one epoch's mismatch."""
    n = sum(f.n for f in group)
    correct = sum(f.correct for f in group)
    want = correct / n
    sizes = [f.n for f in group]
    if close(value, want * 100, rel=1e-5):
        return (f"It is {value / want:.0f} times the fraction: a percentage.",
                "Report a fraction between 0 and 1: drop the multiplication by 100.", [number(100, 100.0,
                role="multiplies by 100"), history("val_acc")])
    if close(value, mean_accuracy(group, weighted=False), rel=1e-5):
        return (f"It equals the plain mean of the {len(group)} per-batch accuracies: the last batch has "
                f"{sizes[-1]} samples, the others {max(sizes)}, yet each batch counted the same.",
                "Add up the correct predictions of every batch and divide once by len(val_loader.dataset), "
                "instead of averaging per-batch accuracies.", [history("val_acc")])
    full = len(group) * max(sizes)
    if full != n and close(value, correct / full, rel=1e-5):
        return (f"It equals the {correct} correct predictions divided by {full} (number of batches x batch size), "
                f"but the validation set has {n} samples: the last batch holds only {sizes[-1]}.",
                "Divide by len(val_loader.dataset) (or count the samples you saw), not by "
                "len(val_loader) * batch_size.", [history("val_acc")])
    implied = value * n
    if abs(implied - round(implied)) < 1e-6 * max(1.0, n):
        rule = prediction_rule(run)
        binary = binary_model(run)
        extra = (" On raw logits, a threshold of 0.5 means a probability of 0.62, not 0.5."
                 if binary else "")
        return (f"It amounts to {round(implied)} of {n} correct, where the model's outputs, read as "
                f"{'logits > 0' if binary else 'logits.argmax(dim=1)' if binary is False else 'class predictions'}, "
                f"give {correct}: the denominator is right, the predictions are counted another way.{extra}",
                f"Predict with {rule}, and compare with the targets as they are given to the loss.",
                [history("val_acc")])
    return (f"It is not a count of correct predictions divided by the {n} validation samples.",
            "Sum correct predictions over all validation batches and divide once by len(val_loader.dataset).",
            [history("val_acc")])


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    reported = history_values(run, "val_acc")
    if reported is None:
        return not_judged("history has no list 'val_acc' to compare (the contract check charges it)")
    if len(reported) != len(epochs(run)):
        return not_judged(f"history['val_acc'] has {len(reported)} entries for {len(epochs(run))} epochs "
                          "(the contract check charges it)")
    compared, wrong = 0, []
    for e, value in zip(epochs(run), reported):
        groups = [sweep_forwards(run, g) for g in e.val_groups]
        groups = [g for g in groups if mean_accuracy(g) is not None]
        if not groups:
            continue
        compared += 1
        if not any(close(value, mean_accuracy(g), rel=1e-5) for g in groups):
            wrong.append((e.number, value, groups[0]))
    if not compared:
        return Verdict(False, "No epoch's validation forwards covered the whole validation set, so val_acc "
                              "could not be compared.")
    if wrong:
        number_, got, group = wrong[0]
        want = mean_accuracy(group)
        if got is None:
            what, fix, points = "It is not a number.", FIX, [history("val_acc")]
        else:
            what, fix, points = _diagnose(run, got, group)
        shown = "None" if got is None else f"{got:.4f}"
        return Verdict(False, f"In {len(wrong)} of {compared} epochs ({epochs_label([w[0] for w in wrong])}) "
                              f"history['val_acc'] is not the fraction of the validation set predicted correctly. "
                              f"Epoch {number_}: your val_acc is {shown}; the model's predictions that epoch were "
                              f"right for {want:.4f} of the samples ({sum(f.correct for f in group)} of "
                              f"{sum(f.n for f in group)}). {what}",
                       points=points, fix=fix, details={"mismatches": len(wrong), "compared": compared})
    return Verdict(True, f"val_acc matched the observed fraction correct in all {compared} epochs.")
