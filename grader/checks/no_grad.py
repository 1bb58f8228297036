"""Validation forwards run without autograd (torch.no_grad or torch.inference_mode)."""
from grader.checks import CheckContext, Verdict
from grader.checks.root_cause import NO_VALIDATION
from grader.checks.judging import judge_forwards
from grader.checks.pointers import call, loop
from grader.trace.read import validation_forwards

ID = "no_grad"
TITLE = "Validation runs without autograd"
WHY = ("Without no_grad every validation forward builds a graph it never uses: memory and time "
       "are wasted, and loss tensors kept from validation hold those graphs alive.")
FIX = "Wrap the validation loop in `with torch.no_grad():` (or torch.inference_mode())."

NEEDS = frozenset({NO_VALIDATION})

def check(ctx: CheckContext) -> Verdict:
    return judge_forwards(validation_forwards(ctx.run), lambda f: f.grad and not f.inference,
                          "validation forwards", "built an autograd graph", "ran without autograd",
                          points=[call("no_grad", "inference_mode", "set_grad_enabled", "enable_grad",
                                       role="sets autograd"), loop("val_loader", role="validation starts here")])
