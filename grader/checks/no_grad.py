"""Validation forwards run without autograd (torch.no_grad or torch.inference_mode)."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epoch_of_forward, epochs_label, first_lines

ID = "no_grad"
TITLE = "Validation runs without autograd"
WHY = ("Without no_grad every validation forward builds a graph it never uses: memory and time "
       "are wasted, and loss tensors kept from validation hold those graphs alive.")
FIX = "Wrap the validation loop in `with torch.no_grad():` (or torch.inference_mode())."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    where = epoch_of_forward(run)
    val = [(where[i], f) for i, f in enumerate(run.get("forwards", [])) if f["role"] == "val"]
    if not val:
        return Verdict(False, "No validation forward on the model passed in was observed.")
    wrong = [(n, f) for n, f in val if f["grad"] and not f["inference"]]
    if wrong:
        bad = sorted({n for n, _ in wrong if n})
        return Verdict(False, f"{len(wrong)} of {len(val)} validation forwards built an autograd graph "
                       f"({epochs_label(bad)}).", lines=first_lines([f for _, f in wrong]), details={"bad_epochs": bad})
    return Verdict(True, f"All {len(val)} validation forwards ran without autograd.")
