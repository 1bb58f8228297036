"""Validation forwards run without autograd (torch.no_grad or torch.inference_mode)."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epoch_of_pass, epochs_label, first_lines

ID = "no_grad"
TITLE = "Validation runs without autograd"
WHY = ("Without no_grad every validation forward builds a graph it never uses: memory and time "
       "are wasted, and loss tensors kept from validation hold those graphs alive.")
FIX = "Wrap the validation loop in `with torch.no_grad():` (or torch.inference_mode())."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    val = [f for f in run.get("forwards", []) if run["passes"][f["pass"]]["role"] == "val"]
    if not val:
        return Verdict(False, "No validation forward on the model passed in was observed.")
    wrong = [f for f in val if f["grad"] and not f["inference"]]
    if wrong:
        where = epoch_of_pass(run)
        bad = sorted({where[f["pass"]] for f in wrong if f["pass"] in where})
        return Verdict(False, f"{len(wrong)} of {len(val)} validation forwards built an autograd graph "
                       f"({epochs_label(bad)}).", lines=first_lines(wrong), details={"bad_epochs": bad})
    return Verdict(True, f"All {len(val)} validation forwards ran without autograd.")
