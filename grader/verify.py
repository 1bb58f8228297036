"""What the parent checks in a submission's trace before believing it: the parts it can
recompute or cross-check itself. Anything that does not hold is a reason to flag the whole
submission for review (grader.result.GradeResult.flag), never one point off.

- The child's trace writer was swapped in memory: the child exits with TAMPER_EXIT.
- A run record the grader's child would never write: two for one scenario, or an ok run
  without the fields the child always adds (final weights, snapshot digests).
- Snapshot digests streamed while train() ran differ from those of the snapshots the recorder
  held at the end (recorder state edited in memory), or the trace says the returned weights
  equal a snapshot whose digest is not theirs.
- Each epoch's weights as streamed when snapshotted, evaluated here on the validation data of
  the variant this grading drew, in the precision the run's outputs had, do not give the
  validation figures the trace claims (records made on other data).

Weights travel as their exact bytes (grader.trace.weights), so a digest comparison is exact for
NaN weights too; a comparison that cannot be decided (non-finite weights or losses) is skipped,
never a flag. The returned model is evaluated here, not in the child (evaluate_runs), which also
replays the training steps it samples (grader.replay: a disagreement fails checks, never flags).
"""
from __future__ import annotations

import json
import math

from grader.protocol import TAMPER_EXIT   # the job exits with it when its trace writer was replaced
from grader.trace.weights import all_finite, decode_state, state_digest

LOSS_RTOL = 1e-4          # CPU vs GPU evaluation of the same weights differ by ~1e-6


def forgery_flags(exercise, records: list[dict], exit_code, device: str, variant: int,
                  dropped: int = 0) -> list[str]:
    """Reasons to flag the submission (empty: nothing found). Never raises: whatever the trace
    holds, an unexpected shape is itself a reason. `dropped`: complete trace lines the parent
    could not read (grader.sandbox.channels.TraceSink); the grader's child writes none (a line cut
    off by a kill has no end and is not counted), so one is a record the submission spoiled,
    e.g. by writing an unterminated prefix that the grader's next record joined."""
    flags = []
    if exit_code == TAMPER_EXIT:
        flags.append("the grader's trace writer was replaced in memory")
    if type(dropped) is int and dropped > 0:
        flags.append(f"the trace held {dropped} line(s) the grader's child did not write whole")
    flags += _sequence(records)
    try:
        known = set(exercise.scenario_module().SCENARIOS)
    except Exception:   # the grader's own scenario module: its failure is not the submission's
        known = set()
    runs: dict[str, list[dict]] = {}
    for r in records:
        if type(r) is dict and r.get("type") == "run":
            runs.setdefault(str(r.get("scenario")), []).append(r)
    for scenario, found in runs.items():
        if len(found) > 1:
            flags.append(f"the trace holds {len(found)} run records for scenario '{scenario}'")
            continue
        if scenario not in known:   # the engine flags run records for scenarios not asked for
            continue
        try:
            flags += _scenario_flags(exercise, scenario, found[0], records, variant)
        except Exception as exc:   # a record shaped to break a comparison is not the grader's
            flags.append(f"the run record of scenario '{scenario}' could not be verified "
                         f"({type(exc).__name__}: {str(exc)[:120]})")
    return flags


def _sequence(records: list[dict]) -> list[str]:
    """The child numbers every record it writes 0, 1, 2, ... (grader.job.child.run_job). A
    record without the next number was written by the submission, and a missing number is a
    record of the grader's that did not arrive readable (a line the submission spoiled)."""
    for expected, r in enumerate(records):
        seq = r.get("seq") if type(r) is dict else None
        if type(seq) is not int or seq != expected:
            what = "a record without its number" if type(seq) is not int else f"record number {seq}"
            return [f"the trace was written to by something other than the grader: {what} where "
                    f"record number {expected} was due ({str(r.get('type'))[:20]!r} record)"]
    return []


def _events(records: list[dict], scenario: str, run: dict) -> list[str]:
    """Each event the recorder appended was streamed as recorded (grader.job.observe.journal.
    EventJournal); the run record must hold exactly those, and no profiling or tracing hook may
    have been running when they were recorded."""
    flags = []
    for kind in ("forwards", "steps"):
        streamed = [r for r in records if type(r) is dict and r.get("type") == "event"
                    and r.get("scenario") == scenario and r.get("kind") == kind]
        if any(r.get("hooked") for r in streamed):
            flags.append(f"a profiling or tracing hook was running while the grader recorded {kind} "
                         f"(scenario '{scenario}')")
        held = run.get(kind)
        if type(held) is not list:
            continue   # the typed reading of the run record reports a missing list
        # NaN-safe and key-order-free: both sides as the same canonical JSON
        if _canonical([r.get("event") for r in streamed]) != _canonical(held):
            flags.append(f"the recorder's {kind} were changed after they were recorded (scenario '{scenario}')")
    return flags


def _connections(records: list[dict], scenario: str, run: dict) -> list[str]:
    """The sqlite3 connections the tracking watch streamed while train() ran, and the ends of their
    statement caches (grader.trace.connections), must be the run record's (experiment_tracking)."""
    from grader.trace.connections import GONE, OPENED, WATCH, verify_stream

    end = next((i for i, r in enumerate(records) if r is run), len(records))
    events = [r for r in records[:end] if type(r) is dict and r.get("type") == "event"
              and r.get("scenario") == scenario and r.get("kind") in (OPENED, GONE, WATCH)]
    production = run.get("production")
    flags = verify_stream(events, production.get("connections") if type(production) is dict else None)
    return [f"{flag} (scenario '{scenario}')" for flag in flags]


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _scenario_flags(exercise, scenario: str, run: dict, records: list[dict], variant: int) -> list[str]:
    flags = []
    if run.get("status") != "ok":
        return flags
    flags += _events(records, scenario, run)
    flags += _connections(records, scenario, run)
    snapshots = [r for r in records
                 if type(r) is dict and r.get("type") == "snapshot" and r.get("scenario") == scenario]
    streamed = [r.get("digest") for r in snapshots]
    held = run.get("snapshot_digests")
    state = run.get("final_state")
    if type(held) is not list or type(state) is not dict:
        return flags + [f"the run record of scenario '{scenario}' lacks what the grader's child always writes"]
    if held != streamed:
        flags.append(f"the recorder's weight snapshots were changed after they were taken (scenario '{scenario}')")
    elif "error" not in state:
        flags += _restored_claims(scenario, state, streamed, (run.get("weights") or {}).get("final_distance"))
    flags += _validation_passes(exercise, scenario, variant, run, snapshots)
    return flags


def _restored_claims(scenario: str, state: dict, digests: list, distances) -> list[str]:
    """Where the trace says the returned weights equal a snapshot exactly (distance 0: the best
    epoch restored), the digest of the returned weights must be that snapshot's, as streamed
    while train() ran (both over the exact bytes: grader.trace.weights)."""
    if type(distances) is not list or len(distances) != len(digests):
        return [f"the run record's weight comparisons do not match its snapshots (scenario '{scenario}')"]
    same = [i for i, d in enumerate(distances) if d == 0.0]
    if not same:
        return []
    try:
        final = state_digest(decode_state(state))
    except ValueError as exc:
        return [f"the returned weights are not weights the grader's child wrote ({str(exc)[:120]})"]
    if any(digests[i] != final for i in same):
        return [f"the trace says the returned weights equal an epoch's snapshot, but they differ "
                f"(scenario '{scenario}')"]
    return []


def tolerance(out_dtype) -> float:
    """Relative tolerance on a validation loss computed from outputs of this dtype: CPU and GPU
    evaluations of the same float32 weights differ by ~1e-6; outputs rounded to bfloat16 or
    float16 (autocast) by a few units of their last place, which batching alone can flip."""
    import torch

    low = {"bfloat16": torch.bfloat16, "float16": torch.float16}.get(out_dtype)
    return LOSS_RTOL if low is None else 2 * torch.finfo(low).eps


def _outputs(setup, state: dict, x, out_dtype=None):
    """The scenario's model with these weights (their own dtype: a float64 model stays float64),
    in eval mode without autograd, on x; under CPU autocast to `out_dtype` where the run's outputs
    were in a lower precision than its weights (bfloat16/float16 validation under autocast)."""
    import torch
    from torch.func import functional_call

    model = setup.model
    model.eval()
    floating = [t.dtype for t in state.values() if t.is_floating_point()]
    weights = floating[0] if floating else torch.float32
    low = {"bfloat16": torch.bfloat16, "float16": torch.float16}.get(out_dtype)
    with torch.no_grad():
        if low is not None and low != weights:
            with torch.autocast("cpu", dtype=low):
                return functional_call(model, state, (x.to(weights),))
        return functional_call(model, state, (x.to(weights),))


def _fits(setup, state: dict) -> None:
    """ValueError unless the weights have the scenario model's names and shapes."""
    mine = setup.model.state_dict()
    if set(mine) != set(state) or any(tuple(mine[k].shape) != tuple(state[k].shape) for k in mine):
        raise ValueError("other names or shapes than the scenario's model")


def _validation_passes(exercise, scenario: str, variant: int, run: dict, snapshots: list) -> list[str]:
    """Each epoch's weights (streamed as the snapshot was taken) evaluated here on this variant's
    validation data, in the precision the run's validation outputs had, must give the losses the
    trace recorded for that epoch's validation pass, where the pass is one sweep of the whole
    validation set in eval mode (any batching); passes that are not (train-mode validation, two
    sweeps, a partial one) are not compared, and neither are weights or losses that are not
    finite (a diverged run: nothing to recompute from; the checks that need the figures fail)."""
    forwards = run.get("forwards") or []
    at = (run.get("weights") or {}).get("snapshot_forwards") or []
    setup = exercise.scenario_module().SCENARIOS[scenario]("cpu", variant)
    x, y = setup.val_loader.dataset.tensors[:2]
    n_val, loss_fn = len(x), setup.loss_fn.__class__()
    for i, snap in enumerate(snapshots):
        try:
            state = decode_state(snap.get("state"))
            _fits(setup, state)
        except ValueError as exc:
            return [f"a weight snapshot is not weights the grader's child wrote ({str(exc)[:120]}; "
                    f"scenario '{scenario}')"]
        if state_digest(state) != snap.get("digest"):
            return [f"a weight snapshot's digest is not that of its weights (scenario '{scenario}')"]
        if i >= len(at) or type(at[i]) is not int:
            continue
        sweep = _sweep_at(forwards, at[i])
        if (not sweep or any(f.get("any_training") is not False or type(f.get("loss")) is not float
                             or type(f.get("n")) is not int for f in sweep)
                or sum(f["n"] for f in sweep) != n_val
                or sum(f.get("isum") or 0 for f in sweep) != n_val * (n_val - 1) // 2
                or len({f.get("out_dtype") for f in sweep}) != 1):
            continue
        said = sum(f["loss"] * f["n"] for f in sweep) / n_val
        out_dtype = sweep[0].get("out_dtype")
        if not (math.isfinite(said) and all_finite(state)):
            continue   # cannot be decided from these numbers: never a reason to flag
        mine = float(loss_fn(_outputs(setup, state, x, out_dtype).float(), setup.target(y)))
        if math.isfinite(mine) and not math.isclose(mine, said, rel_tol=tolerance(out_dtype), abs_tol=1e-7):
            return [f"epoch {i + 1}'s weights give a validation loss of {mine:.6g} on this grading's data "
                    f"({out_dtype or 'float32'} outputs); the trace recorded {said:.6g} (scenario '{scenario}')"]
    return []


def _sweep_at(forwards: list, start: int) -> list[dict]:
    """The validation forwards from `start` on, up to the first that is not one."""
    sweep = []
    for f in forwards[start:]:
        if type(f) is not dict or f.get("role") != "val":
            break
        sweep.append(f)
    return sweep


def _sweep_dtype(forwards: list, start) -> str | None:
    """The one dtype of the outputs of the validation sweep starting at `start` (None: float32
    figures, or outputs of several dtypes)."""
    if type(start) is not int or start < 0:
        return None
    dtypes = {f.get("out_dtype") for f in _sweep_at(forwards, start)}
    found = dtypes.pop() if len(dtypes) == 1 else None
    return found if type(found) is str else None


def recompute_validation(setup, run: dict, snapshots: list[dict]) -> list[dict]:
    """RecomputedVal records (grader.trace.records) of a run: each streamed snapshot's weights
    evaluated here on the whole validation set of this grading's data, in eval mode, in the
    precision of that epoch's validation outputs. The checks judge these figures, not the
    recorder's (grader.trace.read.verified_val_losses); a snapshot that is not the scenario's
    weights gives None (forgery_flags says why)."""
    forwards = run.get("forwards") or []
    at = (run.get("weights") or {}).get("snapshot_forwards") or []
    x, y = setup.val_loader.dataset.tensors[:2]
    loss_fn = setup.loss_fn.__class__()
    out = []
    for start, snap in zip(at, snapshots):
        if type(start) is not int:
            continue
        out_dtype = _sweep_dtype(forwards, start)
        batches = []
        try:
            state = decode_state(snap.get("state"))
            _fits(setup, state)
            outputs = _outputs(setup, state, x, out_dtype).float()
            loss = float(loss_fn(outputs, setup.target(y)))
            for lo, n in _consecutive_rows(_sweep_at(forwards, start), len(x)):
                batches.append([n, float(loss_fn(outputs[lo:lo + n], setup.target(y[lo:lo + n])))])
        except Exception:   # not weights of this model: flagged by forgery_flags, judged by no figure
            loss = None
        out.append({"forward": start, "loss": loss, "rtol": tolerance(out_dtype), "batches": batches})
    return out


def _consecutive_rows(sweep: list[dict], n_val: int) -> list[tuple[int, int]]:
    """(first row, rows) of each batch of a validation sweep in the order the grader's sequential
    validation loader serves it, from row 0 (each batch's row-index sum says where it starts), up
    to the whole set or the first batch out of that order: a loop that stops validating early has
    its batches' figures too."""
    out, at = [], 0
    for f in sweep:
        n, isum = f.get("n"), f.get("isum")
        if (type(n) is not int or type(isum) is not int or n < 1 or at + n > n_val
                or isum != n * at + n * (n - 1) // 2):
            break
        out.append((at, n))
        at += n
        if at == n_val:
            break
    return out


def evaluate_runs(exercise, records: list[dict], variant: int) -> None:
    """The grader's own validation of each returned model (`final_eval` of every ok run record of a
    scenario the exercise has), computed here from the returned weights on this variant's data:
    the child does not evaluate a submission's model (none of its code runs after train()), and
    whatever `final_eval` the trace held is replaced. Weights that cannot be read give
    {"error": ...}: the checks that need the figure fail (the forgery flags say why, if forged)."""
    for r in records:
        if type(r) is dict and r.get("type") == "run":
            r["recomputed_val"] = []   # the parent's alone: whatever the trace held is dropped
            r["replay"] = None
    try:
        builders = exercise.scenario_module().SCENARIOS
    except Exception:
        return
    for r in records:
        if type(r) is not dict or r.get("type") != "run" or r.get("status") != "ok":
            continue
        builder = builders.get(r.get("scenario")) if type(r.get("scenario")) is str else None
        if builder is None:
            continue
        snapshots = [s for s in records if type(s) is dict and s.get("type") == "snapshot"
                     and s.get("scenario") == r.get("scenario")]
        try:
            setup = builder("cpu", variant)
            r["recomputed_val"] = recompute_validation(setup, r, snapshots)
        except Exception as exc:   # the grader's own scenario: no figures, the checks use the recorder's
            r["final_eval"] = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
            continue
        r["replay"] = _replay(builder, variant, r, records, snapshots)
        state = r.get("final_state")
        if type(state) is dict and "error" in state:
            r["final_eval"] = {"error": str(state["error"])[:500]}
            continue
        try:
            r["final_eval"] = evaluate_state(setup, decode_state(state))
        except Exception as exc:   # weights of another shape, or not weights at all
            r["final_eval"] = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}


def _replay(builder, variant, run: dict, records: list[dict], snapshots: list[dict]) -> dict | None:
    """Training replay of a CPU run (grader.replay): the steps it samples, recomputed here on a
    scenario built afresh on this variant. None where the run was not on the CPU (no evidence)."""
    if run.get("device") != "cpu":
        return None
    from grader.replay import replay_run

    steps = [s for s in records if type(s) is dict and s.get("type") == "step_evidence"
             and s.get("scenario") == run.get("scenario")]
    try:
        return replay_run(builder("cpu", variant), run, steps, snapshots).to_dict()
    except Exception as exc:   # the grader's own failure to replay: nothing judged, nothing believed less
        return {"judged": False, "steps": len(steps), "replayed": [], "failure": None,
                "note": f"replay failed ({type(exc).__name__}: {str(exc)[:120]})"}


def evaluate_state(setup, state: dict) -> dict:
    """{"val_loss", "val_acc"?} of these weights on the setup's validation loader, eval mode, CPU,
    float32 figures (as grader.job.observe.recorder.Recorder.evaluate does for the reference)."""
    _fits(setup, state)
    loss_fn = setup.loss_fn.__class__()
    total, correct, n = 0.0, 0, 0
    for x, y in setup.val_loader:
        out = _outputs(setup, state, x).float()
        total += float(loss_fn(out, setup.target(y))) * len(x)
        if setup.count_correct is not None:
            correct += setup.count_correct(out, y)
        n += len(x)
    result = {"val_loss": total / n}
    if setup.count_correct is not None:
        result["val_acc"] = correct / n
    return result
