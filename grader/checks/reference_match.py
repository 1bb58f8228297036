"""Per-epoch losses follow the reference run on identical seeds."""
from grader.checks import CheckContext, Verdict
from grader.checks.pointers import call, loop
from grader.checks.root_cause import NO_STEP, NO_TRAINING_FORWARD
from grader.trace.read import first_lines, close, epochs, mean_loss, observed_train_losses, sweep_forwards

ID = "reference_match"
TITLE = "Training follows the reference trajectory on the same seeds"
WHY = ("Same model, data, order and optimizer must give the same losses epoch by epoch; a gap means "
       "the update itself differs (an extra or missing step, a scaled loss, stale gradients, a wrong mode).")
FIX = "Do exactly one zero_grad/forward/loss/backward/step per training batch, on every batch, with the given loss unscaled."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_STEP})

REL = 2e-3


def _eval_mode_val_losses(run) -> list[float | None]:
    """Each epoch's validation loss, where its sweep ran in eval mode: a validation with dropout
    on measures differently without any difference in the training (eval_mode charges that)."""
    out = []
    for e in epochs(run):
        sweep = sweep_forwards(run, e.val_groups[0]) if e.val_groups else []
        out.append(mean_loss(sweep) if sweep and not any(f.any_training for f in sweep) else None)
    return out


def check(ctx: CheckContext) -> Verdict:
    rel = ctx.params.get("rtol", REL)
    run, ref = ctx.run, ctx.ref
    series = [("train", observed_train_losses(run), observed_train_losses(ref)),
              ("validation", _eval_mode_val_losses(run), _eval_mode_val_losses(ref))]
    compared, worst, trained = 0, None, 0
    for name, got, want in series:
        for i, (g, w) in enumerate(zip(got, want)):
            if g is None or w is None:
                continue
            compared += 1
            trained += name == "train"
            if not close(g, w, rel=rel, abs_=1e-6) and worst is None:
                worst = (name, i + 1, g, w, abs(g - w) / max(abs(w), 1e-12))
    if not compared:
        return Verdict(False, "No epoch's losses could be measured over the whole training or validation set, "
                              "so none could be compared with the reference run.")
    if worst and worst[0] == "validation" and trained:
        # every training loss matched: the updates are the reference's, the validation is measured otherwise
        name, epoch, g, w, gap = worst
        val = [f for f in run.forwards if f.role == "val"]
        return Verdict(False, f"Every epoch's training loss matches the reference loop's, so the updates are right; "
                       f"the validation loss does not: at epoch {epoch} the model's outputs on the validation set give "
                       f"{g:.6g}, the reference's {w:.6g} ({gap:.1%} apart where up to {rel:.1%} is round-off). The "
                       "validation forwards compute something else than the model in full precision and eval mode "
                       "does (under autocast, on changed inputs, or through another path).",
                       lines=first_lines(val), details={"epoch": epoch, "got": g, "reference": w},
                       points=[call("autocast", "half", "bfloat16", role="changes the precision"),
                               loop("val_loader", role="validation starts here")],
                       fix="Run validation in full precision, outside any torch.autocast region, on the inputs as "
                           "the loader gives them (moved to the device).")
    if worst:
        name, epoch, g, w, gap = worst
        return Verdict(False, f"The {name} loss departs from the reference loop's at epoch {epoch} (both trained "
                       f"from the same weights on the same batches): your model's {name} loss that epoch is {g:.6g}, "
                       f"the reference's {w:.6g}, {gap:.1%} apart where up to {rel:.1%} is round-off. The updates "
                       "differ from epoch " + str(epoch) + " on.",
                       lines=first_lines(run.steps), details={"epoch": epoch, "got": g, "reference": w},
                       points=[call("zero_grad", "backward", "step", role="the update sequence")])
    n = min(len(series[0][1]), len(series[0][2]))
    return Verdict(True, f"Train and validation losses matched the reference for all {n} compared epochs.")
