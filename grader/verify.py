"""What the parent checks in a submission's trace before believing it: the parts it can
recompute or cross-check itself. Anything that does not hold is a reason to flag the whole
submission for review (grader.result.GradeResult.flag), never one point off.

- The child's trace writer was swapped in memory: the child exits with TAMPER_EXIT.
- A run record the grader's child would never write: two for one scenario, or an ok run
  without the fields the child always adds (final weights, snapshot digests).
- Snapshot digests streamed while train() ran differ from those of the snapshots the recorder
  held at the end (recorder state edited in memory), or the trace says the returned weights
  equal a snapshot whose digest is not theirs.
- The returned weights, and each epoch's weights as streamed when snapshotted, evaluated here
  on the validation data of the variant this grading drew, do not give the validation figures
  the trace claims (records made on other data).
"""
from __future__ import annotations

import json
import math

TAMPER_EXIT = 86          # grader.sandbox.child exits with this when its trace writer was replaced
LOSS_RTOL = 1e-4          # CPU vs GPU evaluation of the same weights differ by ~1e-6


def forgery_flags(exercise, records: list[dict], exit_code, device: str, variant: int,
                  dropped: int = 0) -> list[str]:
    """Reasons to flag the submission (empty: nothing found). Never raises: whatever the trace
    holds, an unexpected shape is itself a reason. `dropped`: complete trace lines the parent
    could not read (grader.sandbox.launch.TraceSink); the grader's child writes none (a line cut
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
    """The child numbers every record it writes 0, 1, 2, ... (grader.sandbox.child.run_job). A
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
    """Each event the recorder appended was streamed as recorded (grader.observe.journal.
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
    statement caches (grader.observe.connections), must be the run record's (experiment_tracking)."""
    from grader.observe.connections import GONE, OPENED, WATCH, verify_stream

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
    elif "error" not in state and "error" not in (run.get("final_eval") or {}):
        flags += _restored_claims(exercise, scenario, variant, state, streamed,
                                  (run.get("weights") or {}).get("final_distance"))
    flags += _validation_passes(exercise, scenario, variant, run, snapshots)
    if "error" not in state and "error" not in (run.get("final_eval") or {}):
        flags += _recomputed(exercise, scenario, variant, state, run.get("final_eval") or {})
    return flags


def _restored_claims(exercise, scenario: str, variant: int, state: dict, digests: list,
                     distances) -> list[str]:
    """Where the trace says the returned weights equal a snapshot exactly (distance 0: the best
    epoch restored), the digest of the returned weights must be that snapshot's, as streamed
    while train() ran."""
    if type(distances) is not list or len(distances) != len(digests):
        return [f"the run record's weight comparisons do not match its snapshots (scenario '{scenario}')"]
    same = [i for i, d in enumerate(distances) if d == 0.0]
    if not same:
        return []
    import torch

    from grader.observe.journal import state_digest

    model = exercise.scenario_module().SCENARIOS[scenario]("cpu", variant).model
    try:
        dtypes = {k: v.dtype for k, v in model.state_dict().items()}
        final = state_digest({k: torch.tensor(v, dtype=dtypes[k]) for k, v in state.items()})
    except Exception as exc:
        return [f"the returned weights do not fit the scenario's model ({type(exc).__name__})"]
    if any(digests[i] != final for i in same):
        return [f"the trace says the returned weights equal an epoch's snapshot, but they differ "
                f"(scenario '{scenario}')"]
    return []


def _load(model, state: dict) -> None:
    import torch

    dtypes = {k: v.dtype for k, v in model.state_dict().items()}
    model.load_state_dict({k: torch.tensor(v, dtype=dtypes[k]) for k, v in state.items()})


def _validation_passes(exercise, scenario: str, variant: int, run: dict, snapshots: list) -> list[str]:
    """Each epoch's weights (streamed as the snapshot was taken) evaluated here on this variant's
    validation data must give the losses the trace recorded for that epoch's validation pass,
    where the pass is one sweep of the whole validation set in eval mode (any batching); passes
    that are not (train-mode validation, two sweeps, a partial one) are not compared."""
    import torch

    from grader.observe.journal import state_digest

    forwards = run.get("forwards") or []
    at = (run.get("weights") or {}).get("snapshot_forwards") or []
    setup = exercise.scenario_module().SCENARIOS[scenario]("cpu", variant)
    x, y = setup.val_loader.dataset.tensors[:2]
    n_val, loss_fn, model = len(x), setup.loss_fn.__class__(), setup.model
    for i, snap in enumerate(snapshots):
        state = snap.get("state")
        if type(state) is not dict:
            return [f"a weight snapshot in the trace lacks its weights (scenario '{scenario}')"]
        try:
            _load(model, state)
        except Exception as exc:
            return [f"a weight snapshot does not fit the scenario's model ({type(exc).__name__})"]
        if state_digest(model.state_dict()) != snap.get("digest"):
            return [f"a weight snapshot's digest is not that of its weights (scenario '{scenario}')"]
        if i >= len(at) or type(at[i]) is not int:
            continue
        sweep = []
        for f in forwards[at[i]:]:
            if type(f) is not dict or f.get("role") != "val":
                break
            sweep.append(f)
        if (not sweep or any(f.get("any_training") is not False or type(f.get("loss")) is not float
                             or type(f.get("n")) is not int for f in sweep)
                or sum(f["n"] for f in sweep) != n_val
                or sum(f.get("isum") or 0 for f in sweep) != n_val * (n_val - 1) // 2):
            continue
        said = sum(f["loss"] * f["n"] for f in sweep) / n_val
        model.eval()
        with torch.no_grad():
            mine = float(loss_fn(model(x).float(), setup.target(y)))
        if not _same(mine, said):
            return [f"epoch {i + 1}'s weights give a validation loss of {mine:.6g} on this grading's data; "
                    f"the trace recorded {said:.6g} (scenario '{scenario}')"]
    return []


def _same(mine: float, said) -> bool:
    if type(said) is not float:
        return False
    if math.isnan(mine) or math.isnan(said):   # a diverged run: NaN both here and there
        return math.isnan(mine) and math.isnan(said)
    return math.isclose(mine, said, rel_tol=LOSS_RTOL, abs_tol=1e-7)


def _recomputed(exercise, scenario: str, variant: int, state: dict, claimed: dict) -> list[str]:
    """The returned weights evaluated here, on CPU, the way the child's recorder evaluates them."""
    import torch

    setup = exercise.scenario_module().SCENARIOS[scenario]("cpu", variant)
    model = setup.model
    try:
        model.load_state_dict({k: torch.tensor(v, dtype=model.state_dict()[k].dtype) for k, v in state.items()})
    except Exception as exc:   # other names or shapes than the scenario's model
        return [f"the returned weights do not fit the scenario's model ({type(exc).__name__})"]
    loss_fn = setup.loss_fn.__class__()
    model.eval()
    total, correct, n = 0.0, 0, 0
    with torch.no_grad():
        for x, y in setup.val_loader:
            out = model(x).float()
            total += float(loss_fn(out, setup.target(y))) * len(x)
            if setup.count_correct is not None:
                correct += setup.count_correct(out, y)
            n += len(x)
    loss = total / n
    said = claimed.get("val_loss")
    if not _same(loss, said):
        return [f"the returned weights give a validation loss of {loss:.6g} on this grading's data; "
                f"the trace says {said!r} (scenario '{scenario}')"]
    if setup.count_correct is not None:
        acc, said_acc = correct / n, claimed.get("val_acc")
        if type(said_acc) is not float or abs(acc - said_acc) > 1.5 / n:
            return [f"the returned weights give a validation accuracy of {acc:.4g}; the trace says "
                    f"{said_acc!r} (scenario '{scenario}')"]
    return []
