"""Grade one submission: load it, run it in the sandbox on the scenarios the rubric needs,
run the reference the same way (cached), judge the traces with the checks, build the result.

submission -> load -> child process -> trace -> checks (here, in the parent) -> GradeResult
"""
from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path

from grader import __version__, checks
from grader.environment import check_environment
from grader.errors import GraderError
from grader.exercise import Exercise, load_exercise
from grader.checks.pointers import report_lines
from grader.checks.root_cause import CHARGED_BY
from grader.load import LoadBudget, LoadError, Program, file_hash, load_submission
from grader.load.provided import lead_with_failed_import
from grader.reference_runs import derived_epochs, forget_variant, reference_runs, variant_job_fields, variant_suffix
from grader.variants import choose_variant
from grader.evidence import evidence_of
from grader.verify import evaluate_runs, forgery_flags
from grader.replay import apply_replay
from grader.result import (ERROR, FAILED, PASSED, RUN_CRASH, RUN_LOAD_ERROR, RUN_MEMORY, RUN_OK,
                           RUN_TIMEOUT, CheckResult, GradeResult)
from grader.sandbox.launch import SpawnLauncher
from grader.limits import parse_size
from grader.options import DEFAULTS
from grader.trace.envelope import read_envelope
from grader.protocol import MAX_EVENTS

OUTPUT_LIMIT = 64 * 1024
STATEMENT_BUDGET = 10.0   # CPU-seconds any one top-level statement may compute while loading
LOAD_BUDGET = 30.0        # seconds (wall) all top-level code may take while loading
# The limits on a job, and why: `timeout` is the wall-clock cap on the whole job (loading and every
# scenario), whatever the machine is doing. A train() that never returns is stopped sooner by the
# work it did: SCENARIO_CPU_FACTOR times the reference's CPU time on that scenario, at least
# SCENARIO_CPU_FLOOR CPU-seconds. CPU time, unlike wall time, does not grow with the machine's
# load, so a correct loop that is slow because it waits (a live plot, a log flush, a sleep) is
# judged the same on a busy machine as on an idle one, and one that computes forever is stopped
# at the same point.
SCENARIO_CPU_FLOOR = 20.0
SCENARIO_CPU_FACTOR = 40.0


class DeviceUnavailable(RuntimeError):
    pass


def resolve_device(device: str) -> str:
    if device == "cpu":
        return "cpu"
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device.startswith("cuda") and not torch.cuda.is_available():
        raise DeviceUnavailable("--device cuda was asked for, but no CUDA GPU is available on this machine "
                                "(torch.cuda.is_available() is False); use --device cpu or auto")
    return device


def scenarios_for(exercise: Exercise, entries) -> dict[str, list[str]]:
    """check id -> the scenarios it reads (the rubric may name them; default: the primary one)."""
    primary = exercise.scenario_module().PRIMARY
    return {e.check: list(e.params.get("scenarios", [primary])) for e in entries}


def grade(submission, exercise: str, *, device: str = DEFAULTS.device, timeout: float = DEFAULTS.timeout,
          memory=DEFAULTS.memory, visibility: str = DEFAULTS.visibility, student: str | None = None,
          reference_dir=None, cache_dir=None, launcher=None, variant: int | None = None) -> GradeResult:
    """`variant`: the scenario variant to grade on; None draws a secret one (grader.variants),
    0 is the public scenario (the only one a bundle's recorded reference traces hold)."""
    started = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    t0 = time.perf_counter()
    ex = load_exercise(exercise)
    path = Path(submission)
    if not path.is_file():
        raise FileNotFoundError(f"submission not found or not a file: {submission}")
    check_environment()   # a broken environment is the grader's error, not the student's score
    device = resolve_device(device)
    launcher = launcher or SpawnLauncher()
    entries = ex.entries(visibility)
    needs = scenarios_for(ex, entries)
    scenarios = list(dict.fromkeys(s for names in needs.values() for s in names))

    result = GradeResult(exercise=ex.name, submission=str(submission), submission_hash=file_hash(path),
                         grader_version=__version__, device=device, score=0.0,
                         max_score=sum(e.points for e in entries), checks=[], student=student,
                         started_at=started)
    try:   # in a helper process under the job's own time and memory (grader.load.bounded)
        program = load_submission(path, LoadBudget(seconds=min(LOAD_BUDGET, timeout / 4),
                                                   memory_bytes=parse_size(memory)))
    except LoadError as exc:
        result.runtime = {"status": RUN_LOAD_ERROR, "message": str(exc)}
        result.checks = [_unjudged(e, str(exc)) for e in entries]
        result.timings["total"] = round(time.perf_counter() - t0, 3)
        return result
    result.warnings = list(program.warnings)

    # the reference only once there is something to compare with it (cached after the first run)
    t_ref = time.perf_counter()
    drawn_here = variant is None and reference_dir is None
    variant, refs = choose_variant(ex, scenarios, device, variant, reference_dir=reference_dir,
                                   cache_dir=cache_dir, launcher=launcher)
    # a budget set by another scenario's reference run on this variant (the source is cached)
    epochs = derived_epochs(ex, scenarios, refs, variant, fetch=lambda source: reference_runs(
        ex, [source], device, reference_dir=reference_dir, cache_dir=cache_dir, launcher=launcher,
        variant=variant)[source])
    if drawn_here:   # a variant drawn for this call alone: no later grading reads its reference runs
        forget_variant(ex, scenarios, device, variant, cache_dir=cache_dir)
    result.timings["reference"] = round(time.perf_counter() - t_ref, 3)

    # the reference's CPU time per scenario (a run recorded before it was measured: its wall time,
    # which is never less)
    ref_cpu = max((r.get("cpu", r.get("elapsed", 1.0)) for r in refs.values()), default=1.0)
    # the exercise's folder (bound read-only in the sandbox) and scenario, by path; never its reference
    job = {"kind": "submission", "exercise": ex.name, "exercise_dir": str(ex.folder),
           "scenario_file": str(ex.scenario_file), "scenarios": scenarios, "device": device,
           "path": str(path), "program": program.to_job(), "statement_budget": STATEMENT_BUDGET,
           "load_budget": min(LOAD_BUDGET, timeout / 4), "wall_budget": timeout,
           "scenario_budget": max(SCENARIO_CPU_FLOOR, SCENARIO_CPU_FACTOR * ref_cpu),   # CPU-seconds
           # a secret variant's tensors, built here: never its label nor its seeds (grader.variants)
           **variant_job_fields(ex, scenarios, variant, epochs)}
    t_sub = time.perf_counter()
    outcome = launcher.run(job, timeout=timeout, memory_bytes=parse_size(memory), output_limit=OUTPUT_LIMIT)
    result.timings["submission"] = round(time.perf_counter() - t_sub, 3)
    envelope = read_envelope(outcome.records)
    if not envelope.boot:
        # no student code had run yet: the grader's own side of the child failed
        raise GraderError("the grading process failed before running the submission: "
                          + (outcome.output.strip().splitlines() or [outcome.message])[-1])
    result.output = outcome.output
    layers = getattr(outcome, "protections", None)
    if layers is not None:
        result.protections = {**layers.to_dict(), "summary": layers.summary()}

    load = envelope.load
    # the child's records are untrusted: one readable run record per scenario asked for is kept,
    # and each is parsed once here (every check reads the typed runs)
    evaluate_runs(ex, outcome.records, variant)   # the returned models, evaluated here from their weights
    runs, typed, forged = _grader_runs(envelope.runs, scenarios)
    typed_refs = checks.typed_runs(refs, "the reference trace")
    result.runtime = _runtime(outcome, load, runs, envelope.starts)
    result.runtime["variant"] = variant
    if result.runtime["status"] == RUN_LOAD_ERROR:
        result.runtime["message"] = syntax_headline(path, program) or result.runtime["message"]
    lead_with_failed_import(result.runtime, load)   # a missing package heads the report, not its NameError
    if load is not None:
        result.warnings += list(load.notes)
    result.checks = [_judge(e, ex, needs[e.check], load, runs, typed, typed_refs, result.runtime, program)
                     for e in entries]
    idle = nothing_trained(runs, scenarios)
    if idle:   # a train() that never trained has nothing to be graded on, whatever it returned;
        # the check that charges the root cause keeps its failed verdict: it says where to look
        result.checks = [c if e.check == CHARGED_BY and c.status == FAILED else _unjudged(e, idle)
                         for e, c in zip(entries, result.checks)]
    cause = run_root_cause(runs, scenarios, typed)
    result.root_cause = idle or (cause.text[0].upper() + cause.text[1:] if cause else "")
    for c in result.checks:
        c.evidence = evidence_of(c.id, checks.get(c.id))
    apply_replay(result.checks, runs)   # training replay: the steps the parent recomputed (grader.replay)
    result.score = round(sum(c.score for c in result.checks), 4)
    flags = forgery_flags(ex, outcome.records, outcome.exit_code, device, variant,
                          dropped=getattr(outcome, "trace_dropped", 0)) + forged
    integrity = result.check("integrity")
    if integrity is not None and integrity.status == FAILED:
        flags.insert(0, integrity.observed)
    if flags:
        result.flag(flags)
    # the runs parsed once above (typed_runs passes a parsed Run through unchanged)
    result.curves = _curves(typed.get(scenarios[0]) if scenarios else None,
                            typed_refs.get(scenarios[0]) if scenarios else None)
    result.timings["total"] = round(time.perf_counter() - t0, 3)
    return result


def _runtime(outcome, load, runs, started) -> dict:
    info = {"status": RUN_OK, "message": "", "exit_code": outcome.exit_code, "signal": outcome.signal,
            "output_bytes": outcome.output_bytes, "elapsed": round(outcome.elapsed, 3),
            "scenarios": {n: {"status": r["status"], "elapsed": round(r.get("elapsed", 0.0), 3),
                              "error": r.get("error")} for n, r in runs.items()}}
    if load is not None and not load.train_found:
        info.update(status=RUN_LOAD_ERROR, message=(load.train_missing  # the child says why
                                                    or "no function named train() was defined by the submission")[:500])
        return info
    if outcome.status != "ok":
        during = next((s for s in reversed(started) if s not in runs), None)
        where = f" during scenario '{during}'" if during else (" while loading the submission" if load is None else "")
        info.update(status={"timeout": RUN_TIMEOUT, "memory": RUN_MEMORY}.get(outcome.status, RUN_CRASH),
                    message=outcome.message + where)
        return info
    for name, run in runs.items():
        if run["status"] == "ok" and run.get("events_dropped"):
            info.update(status=RUN_CRASH, message=runaway(name, run))
            break
        if run["status"] in ("error", "timeout", "memory"):
            status = {"timeout": RUN_TIMEOUT, "memory": RUN_MEMORY}.get(run["status"], RUN_CRASH)
            limit = " (it reached the memory limit)" if status == RUN_MEMORY else ""
            info.update(status=status,
                        message=f"train() failed in scenario '{name}'{limit}: {run['error']['message']}")
            break
    return info


def _unjudged(entry, message: str) -> CheckResult:
    module = checks.get(entry.check)
    return CheckResult(id=module.ID, title=module.TITLE, status=ERROR, score=0.0, max_score=entry.points,
                       observed=f"Not judged: {message}.", why=module.WHY, fix=module.FIX,
                       visibility=entry.visibility)


def _charged_elsewhere(entry, message: str) -> CheckResult:
    """Not judged because another check charges the cause (one root cause, one charge): the
    points are kept, so one mistake never costs twice."""
    result = _unjudged(entry, message)
    result.score = float(entry.points)
    return result


def _grader_runs(records: list[dict], scenarios: list[str]) -> tuple[dict, dict, list[str]]:
    """(scenario -> run record, scenario -> typed Run, forgery flags) of the trace's run records
    (grader.trace.envelope.Envelope.runs). The grader's child writes one run record per scenario
    asked for, in this trace version; any other run record in the trace (a second one for a
    scenario, an unknown scenario, another version, an unreadable shape) was written by the
    submission, and flags it instead of being judged or raising."""
    runs, typed, flags = {}, {}, []
    for record in records:
        name = record.get("scenario")
        if not isinstance(name, str) or name not in scenarios or name in runs:
            why = "a second one for" if isinstance(name, str) and name in runs else "one for an unknown"
            flags.append(f"the trace held a run record the grader did not write ({why} scenario "
                         f"{str(name)[:40]!r})")
            continue
        try:
            typed[name] = checks.typed_runs({name: record})[name]
        except Exception as exc:   # TraceVersionError, or fields of the wrong shape
            flags.append(f"the trace held a run record the grader did not write (scenario {name!r}: "
                         f"{type(exc).__name__}: {str(exc)[:200]})")
            continue
        runs[name] = record
    return runs, typed, flags


def _judge(entry, ex, scenarios, load, runs, typed, typed_refs, runtime, program: Program) -> CheckResult:
    module = checks.get(entry.check)
    if load is None:
        return _unjudged(entry, runtime["message"] or "the submission could not be loaded")
    if not load.train_found and entry.check != "contract":
        return _unjudged(entry, "no function named train() was defined")
    # a check that reads partial traces (integrity) is judged even when a run broke off
    partial_ok = getattr(module, "JUDGES_PARTIAL_TRACES", False)
    missing = [s for s in scenarios if s not in runs]
    if missing and load.train_found and not partial_ok:
        return _unjudged(entry, runtime["message"] or f"scenario '{missing[0]}' did not run")
    broken = [runs[s] for s in scenarios if s in runs and runs[s]["status"] not in ("ok", "signature")]
    if broken and not partial_ok:
        return _unjudged(entry, f"train() did not finish: {broken[0]['error']['message']}")
    runaways = [s for s in scenarios if s in runs and runs[s].get("events_dropped")]
    if runaways and not partial_ok:
        return _unjudged(entry, runaway(runaways[0], runs[runaways[0]]))
    if entry.check != "contract" and any(runs[s]["status"] == "signature" for s in scenarios if s in runs):
        return _unjudged(entry, "train() cannot be called with the contract's arguments")
    # one root cause (no training forward / no step / no validation) leaves dependent checks unjudged
    cause = run_root_cause(runs, scenarios, typed)
    if cause is not None and cause.kind in getattr(module, "NEEDS", ()):
        return _unjudged(entry, cause.text)
    ctx = checks.CheckContext(exercise=ex, params=entry.params, load=load, runs=typed, refs=typed_refs,
                              scenarios=scenarios)
    try:
        verdict = module.check(ctx)
    except Exception as exc:  # a check must never sink the grade; report it as the grader's fault
        return _unjudged(entry, f"the grader's check raised {type(exc).__name__}: {exc}")
    if not getattr(verdict, "judged", True):   # another check charges what made this one blind
        return _charged_elsewhere(entry, verdict.observed.rstrip("."))
    if verdict.passed and (missing or broken or runaways):
        # a partial trace can show tampering, never earn a point: the run did not finish
        return _unjudged(entry, runtime["message"] or "train() did not finish")
    lines = report_lines(program, verdict)
    return CheckResult(id=module.ID, title=module.TITLE, status=PASSED if verdict.passed else FAILED,
                       score=entry.points if verdict.passed else 0.0, max_score=entry.points,
                       observed=verdict.observed, why=verdict.why or module.WHY, fix=verdict.fix or module.FIX,
                       visibility=entry.visibility, lines=lines, details=verdict.details)


def runaway(name: str, run: dict) -> str:
    """The headline of a run whose record overflowed the recorder (grader.protocol.MAX_EVENTS)."""
    return (f"in scenario '{name}', train() ran the model or the optimizer far more often than "
            f"{run.get('epochs', '?')} epochs need (over {MAX_EVENTS} of one kind of call, "
            f"{run.get('events_dropped')} more not recorded): does every loop end, and does each "
            "epoch pass over the data once?")


def run_root_cause(runs: dict, scenarios: list[str], typed: dict | None = None):
    """The root cause (grader.checks.root_cause) of the finished runs among `scenarios`, or None."""
    from grader.checks.root_cause import root_cause

    typed = typed if typed is not None else checks.typed_runs(runs)
    finished = {s: typed[s] for s in scenarios if s in runs and runs[s].get("status") == "ok"}
    return root_cause(finished) if finished else None


def nothing_trained(runs: dict, scenarios: list[str]) -> str:
    """Why there is nothing to grade when every scenario finished without train() ever running the
    model on the training data or stepping the optimizer ("" when it trained somewhere)."""
    finished = [runs[s] for s in scenarios if s in runs and runs[s].get("status") == "ok"]
    if not finished or len(finished) < len(scenarios):
        return ""
    for run in finished:
        if run.get("steps") or any(f.get("role") == "train" for f in run.get("forwards") or []):
            return ""
    return ("train() returned without running the model on the training data or stepping the "
            "optimizer, so there was no training to grade")


def syntax_headline(path: Path, program) -> str:
    """'SyntaxError at line N: ...' when the file (or a notebook cell) does not parse, so the
    report leads with the cause rather than with its consequence (no train() defined). Found by
    the loader, where the code is parsed (grader.load.facts): the grading process parses none."""
    return program.syntax_error


def _curves(run, ref) -> dict:
    from grader.trace.read import history_values, observed_train_losses, observed_val_losses

    def series(r, reported: bool):
        if not r:
            return {}
        r = checks.typed_runs({"": r})[""]
        if reported:
            out = {k: history_values(r, k) for k in ("train_loss", "val_loss", "val_acc")}
            return {k: v for k, v in out.items() if v}
        return {"train_loss": observed_train_losses(r), "val_loss": observed_val_losses(r)}
    return {"student": series(run, True), "observed": series(run, False), "reference": series(ref, False)}


def record_reference(exercise: str, device: str, out_dir, *, secret_variants: int = 0) -> list[Path]:
    """Write the reference traces of every scenario as JSON data: the public variant for
    student bundles, plus `secret_variants` validated secret ones for an autograder that runs
    out of the students' reach (Gradescope), which then grades each submission on one of them.
    The secret ones come from a key created for this export in `out_dir` (grader.variants), which
    the autograder reads there and a job never sees."""
    import json

    from grader.variants import validated, variant_key

    ex = load_exercise(exercise)
    names = list(ex.scenario_module().SCENARIOS)
    launcher = SpawnLauncher()
    chosen = [0] + (validated(ex, names, device, secret_variants, variant_key(out_dir), launcher=launcher)
                    if secret_variants else [])
    folder = Path(out_dir) / ex.name
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for variant in chosen:
        runs = reference_runs(ex, names, device, reference_dir=None, cache_dir=None, launcher=launcher,
                              variant=variant)
        for name, run in runs.items():
            path = folder / f"{name}.{device}{variant_suffix(variant)}.json"
            path.write_text(json.dumps(run))
            written.append(path)
        if variant != 0:   # the export's own variants: no local grading will read them again
            forget_variant(ex, names, device, variant)
    return written
