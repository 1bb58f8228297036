"""val_acc is the fraction correct over the whole validation set."""
from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.root_cause import NO_TRAINING_FORWARD, NO_VALIDATION
from grader.trace.read import close, epochs, history_values, mean_accuracy, sweep_forwards

ID = "accuracy"
TITLE = "val_acc counts correct predictions over the whole validation set"
WHY = ("Averaging per-batch accuracies over-weights the smaller last batch; thresholding logits at "
       "0.5 (instead of 0, i.e. sigmoid > 0.5) or taking argmax of the wrong dimension miscounts predictions.")
FIX = "Sum correct predictions over all validation batches and divide once by len(val_loader.dataset); predict with logits > 0 (binary) or logits.argmax(dim=1)."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_VALIDATION})


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
        expected = [v for v in (mean_accuracy(g) for g in groups) if v is not None]
        if not expected:
            continue
        compared += 1
        if not any(close(value, v, rel=1e-5) for v in expected):
            batch_mean = any(close(value, mean_accuracy(g, weighted=False), rel=1e-5) for g in groups)
            wrong.append((e.number, value, expected[0], batch_mean))
    if not compared:
        return Verdict(False, "No epoch's validation forwards covered the whole validation set, so val_acc "
                              "could not be compared.")
    if wrong:
        number, got, want, batch_mean = wrong[0]
        if got is not None and close(got, want * 100, rel=1e-5):
            how = " It is a percentage: report a fraction between 0 and 1."
        elif batch_mean:
            how = " It equals the mean of per-batch accuracies."
        else:
            how = ""
        shown = "None" if got is None else f"{got:.4f}"
        return Verdict(False, f"{len(wrong)} of {compared} epochs report a val_acc that differs from the fraction "
                       f"of correct validation predictions: e.g. epoch {number}: {shown} reported, {want:.4f} "
                       f"observed.{how}", details={"mismatches": len(wrong), "compared": compared})
    return Verdict(True, f"val_acc matched the observed fraction correct in all {compared} epochs.")
