"""Training forwards run under autocast with the dtype passed in."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict
from grader.checks.pointers import call, loop
from grader.checks.root_cause import NO_TRAINING_FORWARD
from grader.trace.read import epoch_of_forward, epochs_label, first_lines, is_training_forward

ID = "amp_autocast"
TITLE = "Training forwards run under torch.autocast(device_type, dtype=amp_dtype); validation in full precision"
WHY = ("Mixed precision only happens inside an autocast region for the device the model is on: "
       "torch.autocast('cuda') on a CPU run (or no autocast) silently trains in float32, and a GradScaler "
       "then guards against overflows that cannot happen. Validation under autocast reports low-precision "
       "losses that cannot be compared across runs.")
FIX = ("Wrap the forward and the loss in `with torch.autocast(device_type=torch.device(device).type, "
       "dtype=amp_dtype):`; leave validation outside it.")
NEEDS = frozenset({NO_TRAINING_FORWARD})


def torch_device_type(device) -> str:
    """"cuda:1" -> "cuda"; whatever the run record holds, never raising."""
    return str(device or "").split(":")[0]


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    prod = run.production
    if prod is None or prod.amp_dtype is None:
        return Verdict(False, "The autocast state of the forwards was not observed on this run.")
    state = {a.forward: a for a in prod.autocast}
    train = [i for i, f in enumerate(run.forwards) if is_training_forward(f)]
    if not train:
        return Verdict(False, "No training forward was observed.")
    unseen = [i for i in train if i not in state]
    wrong = [i for i in train if i in state and not (state[i].enabled and state[i].dtype == prod.amp_dtype)]
    where = epoch_of_forward(run)
    val = [i for i, f in enumerate(run.forwards) if f.role == "val"]
    val_amp = [i for i in val if i in state and state[i].enabled]
    if not wrong and not unseen:
        if val_amp:
            epochs = sorted({where[i] for i in val_amp if where[i]})
            return Verdict(False, f"{len(val_amp)} of {len(val)} validation forwards ran under autocast "
                                  f"({epochs_label(epochs)}): validation losses are to be measured in full "
                                  "precision.", lines=first_lines([run.forwards[i] for i in val_amp]),
                           points=[call("autocast", role="enters autocast")],
                           details={"val_autocast": len(val_amp)})
        # a CPU run cannot tell autocast("cpu") hard-coded from one that follows `device`: say so
        blind = (" (On a CPU run, a device type hard-coded to 'cpu' looks the same as one taken from `device`; "
                 "only a GPU run can tell them apart.)") if torch_device_type(run.device) == "cpu" else ""
        return Verdict(True, f"All {len(train)} training forwards ran under autocast ({prod.amp_dtype}) on "
                             f"{run.device}, and validation in full precision.{blind}")
    bad = wrong or unseen
    first = state.get(bad[0])
    if first is None:
        how = "its autocast state could not be observed (called as model.forward(x)?)"
    elif not first.enabled:
        how = f"autocast was off for the '{run.device}' device"
    else:
        how = f"autocast used {first.dtype}, not {prod.amp_dtype}"
    epochs = sorted({where[i] for i in bad if where[i]})
    return Verdict(False, f"{len(bad)} of {len(train)} training forwards did not run under autocast with "
                          f"{prod.amp_dtype}: {how} ({epochs_label(epochs)}).",
                   lines=first_lines([run.forwards[i] for i in bad]), details={"wrong": len(bad)},
                   points=[call("autocast", role="enters autocast"), loop("train_loader", role="the training batches")])
